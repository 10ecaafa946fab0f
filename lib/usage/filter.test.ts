import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  USAGE_CURSOR_NOTICE,
  VOUCHER_ID_MESSAGE,
  createdBounds,
  decodeUsageCursor,
  encodeUsageCursor,
  filterParamsOf,
  formValuesOf,
  isUsageFiltered,
  parseUsageParams,
  usageExportHref,
  usageFilterSchema,
  usageHistoryHref,
} from "./filter";
import type { SearchParams } from "../search-params";

const VCH = "vch_0123456789abcdef";
const CURSOR = { createdAt: "2026-06-15T04:00:00.123456Z", id: 42 };
const EMPTY_VALUES = { voucher: "", from: "", to: "", status: "", kind: "" };

describe("parseUsageParams", () => {
  it("reads a complete, valid URL", () => {
    const cursor = encodeUsageCursor(CURSOR);
    const state = parseUsageParams({ voucher: VCH, from: "2026-06-01", to: "2026-06-30", status: "failure", kind: "compute", cursor });
    expect(state).toEqual({
      filter: { voucherId: VCH, from: "2026-06-01", to: "2026-06-30", status: "failure", kind: "compute" },
      cursor,
      values: { voucher: VCH, from: "2026-06-01", to: "2026-06-30", status: "failure", kind: "compute" },
      errors: {},
    });
  });

  it("without parameters is the whole history, first page", () => {
    expect(parseUsageParams({})).toEqual({ filter: {}, values: EMPTY_VALUES, errors: {} });
  });

  it("treats the empty fields a GET form submits as absent, and trims a pasted ID", () => {
    const state = parseUsageParams({ voucher: "", from: " ", to: "", status: "", kind: "", cursor: "" });
    expect(state).toEqual({ filter: {}, values: EMPTY_VALUES, errors: {} });
    expect(parseUsageParams({ voucher: `  ${VCH}\t` }).filter).toEqual({ voucherId: VCH });
  });

  it("refuses a malformed Voucher ID instead of widening or fuzzy-matching it", () => {
    for (const bad of ["vch", "vch_", "VCH_0123456789ABCDEF", "0123456789abcdef", "vch_0123*", "vch_01 23", "ord_0123456789abcdef", "%", `vch_${"a".repeat(80)}`, "vch_abc' OR 1=1 --"]) {
      const state = parseUsageParams({ voucher: bad, status: "success" });
      expect(state.filter, bad).toBeNull();
      expect(state.errors, bad).toEqual({ voucher: VOUCHER_ID_MESSAGE });
      expect(state.values.voucher).toBe(bad.trim());
    }
  });

  it("refuses unknown statuses and kinds, each on its own field", () => {
    const state = parseUsageParams({ status: "pending", kind: "gift", voucher: VCH });
    expect(state.filter).toBeNull();
    expect(state.errors).toEqual({ status: "Choose a status from the list.", kind: "Choose a kind from the list." });
    for (const kind of ["cash", "discount", "compute", "cash_balance"] as const) {
      expect(parseUsageParams({ kind }).filter).toEqual({ kind });
    }
  });

  it("refuses malformed dates and days that do not exist", () => {
    const cases: Array<[string, string]> = [
      ["2026-02-30", "There is no such day."],
      ["2026-13-01", "There is no such day."],
      ["2026-2-3", "Enter a date as YYYY-MM-DD."],
      ["yesterday", "Enter a date as YYYY-MM-DD."],
      ["2026-06-15T00:00:00Z", "Enter a date as YYYY-MM-DD."],
      ["9999-12-31", "Choose a day from 1970-01-01 to 9998-12-31."],
      ["1969-12-31", "Choose a day from 1970-01-01 to 9998-12-31."],
    ];
    for (const [bad, message] of cases) {
      const state = parseUsageParams({ from: bad, to: "2026-12-31" });
      expect(state.filter, bad).toBeNull();
      expect(state.errors, bad).toEqual({ from: message });
    }
  });

  it("refuses From after To on both fields, and accepts a one-day range", () => {
    const state = parseUsageParams({ from: "2026-07-01", to: "2026-06-30" });
    expect(state.filter).toBeNull();
    expect(state.errors).toEqual({ from: "From must be on or before To.", to: "To must be on or after From." });
    expect(state.values).toMatchObject({ from: "2026-07-01", to: "2026-06-30" });
    expect(parseUsageParams({ from: "2026-07-01", to: "2026-07-01" })).toMatchObject({ filter: { from: "2026-07-01", to: "2026-07-01" }, errors: {} });
  });

  it("does not call a range inverted when one of its days is itself invalid", () => {
    expect(parseUsageParams({ from: "2026-13-01", to: "2026-01-01" }).errors).toEqual({ from: "There is no such day." });
  });

  it("drops a bad cursor with a notice but keeps the filter", () => {
    const good = encodeUsageCursor(CURSOR);
    for (const cursor of [good.slice(0, -2), "not a cursor!", "A".repeat(500), btoa(JSON.stringify({ v: 1, t: CURSOR.createdAt, id: "42" }))]) {
      const state = parseUsageParams({ kind: "cash", cursor });
      expect(state.filter, cursor).toEqual({ kind: "cash" });
      expect(state.cursor).toBeUndefined();
      expect(state.errors).toEqual({ cursor: USAGE_CURSOR_NOTICE });
    }
  });

  it("takes the first of repeated parameters and ignores other names, even __proto__", () => {
    expect(parseUsageParams({ status: ["failure", "success"], voucher: [VCH, "x"] }).filter).toEqual({ status: "failure", voucherId: VCH });
    const hostile = JSON.parse('{"__proto__": {"status": "failure"}, "constructor": "x", "toString": "y"}') as SearchParams;
    expect(parseUsageParams(hostile)).toEqual({ filter: {}, values: EMPTY_VALUES, errors: {} });
    expect(parseUsageParams({ status: [], kind: [] })).toMatchObject({ filter: {}, errors: {} });
  });

  it("never throws, whatever the input, and a filter it returns passes the DAL's own check", () => {
    const field = fc.oneof(
      fc.string(),
      fc.stringMatching(/^vch_[0-9a-z]{0,20}$/),
      fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      fc.constantFrom("success", "failure", "cash", "discount", "compute", "cash_balance", ""),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.constant(undefined),
      fc.anything(),
    );
    const params = fc.record(
      { voucher: field, from: field, to: field, status: field, kind: field, cursor: fc.oneof(field, fc.base64String()) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(params, fc.dictionary(fc.string(), field)), (input) => {
        const state = parseUsageParams(input as SearchParams);
        if (state.filter) {
          expect(usageFilterSchema.safeParse(state.filter).success).toBe(true);
          expect(() => createdBounds(state.filter!, "Asia/Shanghai")).not.toThrow();
        } else {
          expect(Object.keys(state.errors).filter((k) => k !== "cursor").length).toBeGreaterThan(0);
        }
        if (state.cursor) expect(decodeUsageCursor(state.cursor)).not.toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});

describe("the cursor", () => {
  it("round-trips and is URL-safe", () => {
    const raw = encodeUsageCursor(CURSOR);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeUsageCursor(raw)).toEqual(CURSOR);
  });

  it("refuses times PostgreSQL could not read and ids that are not row ids", () => {
    const bad = [
      { v: 1, t: "2026-02-30T04:00:00.000000Z", id: 1 },
      { v: 1, t: "2026-06-15T24:00:00.000000Z", id: 1 },
      { v: 1, t: "2026-06-15T04:00:00.123Z", id: 1 },
      { v: 1, t: "2026-06-15T04:00:00.123456+08:00", id: 1 },
      { v: 1, t: CURSOR.createdAt, id: 0 },
      { v: 1, t: CURSOR.createdAt, id: 1.5 },
      { v: 1, t: CURSOR.createdAt, id: 2 ** 60 },
      { v: 2, t: CURSOR.createdAt, id: 1 },
      { v: 1, t: CURSOR.createdAt, id: 1, accountId: 7 },
    ];
    for (const payload of bad) {
      const raw = btoa(JSON.stringify(payload)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
      expect(decodeUsageCursor(raw), JSON.stringify(payload)).toBeNull();
    }
  });

  it("decoding never throws", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/)), (raw) => {
        const cursor = decodeUsageCursor(raw);
        if (cursor) expect(decodeUsageCursor(encodeUsageCursor(cursor))).toEqual(cursor);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("links, URL reading and bounds", () => {
  it("builds page and export links that parse back to the same filter, leaving out empty values", () => {
    expect(usageHistoryHref()).toBe("/billing/usage");
    expect(usageHistoryHref({ voucher: VCH, status: "", from: undefined })).toBe(`/billing/usage?voucher=${VCH}`);
    const filter = { voucherId: VCH, from: "2026-06-01", to: "2026-06-30", status: "success", kind: "cash_balance" } as const;
    const cursor = encodeUsageCursor(CURSOR);
    const href = usageHistoryHref({ ...formValuesOf(filter), cursor });
    const state = parseUsageParams(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(state).toMatchObject({ filter, cursor, errors: {} });

    const exportHref = usageExportHref(filter);
    expect(exportHref.startsWith("/billing/usage/export?")).toBe(true);
    expect(exportHref).not.toContain("cursor");
    expect(parseUsageParams(filterParamsOf(new URL(exportHref, "http://x").searchParams)).filter).toEqual(filter);
    expect(usageExportHref({})).toBe("/billing/usage/export");
  });

  it("reads only filter fields from a URL, keeping repeats for the parser to resolve", () => {
    const search = new URLSearchParams("status=failure&status=success&cursor=abc&__proto__=x&kind=cash");
    expect(filterParamsOf(search)).toEqual({ status: ["failure", "success"], kind: ["cash"] });
  });

  it("turns the inclusive day range into [start of From, start of the day after To) in the zone", () => {
    const bounds = createdBounds({ from: "2026-07-01", to: "2026-07-31" }, "Asia/Shanghai");
    expect(bounds.from?.toISOString()).toBe("2026-06-30T16:00:00.000Z");
    expect(bounds.before?.toISOString()).toBe("2026-07-31T16:00:00.000Z");
    expect(createdBounds({ to: "2026-12-31" }, "UTC")).toEqual({ before: new Date("2027-01-01T00:00:00Z") });
    expect(createdBounds({ to: "9998-12-31" }, "UTC").before?.toISOString()).toBe("9999-01-01T00:00:00.000Z");
    expect(createdBounds({}, "UTC")).toEqual({});
  });

  it("knows when a filter narrows the history", () => {
    expect(isUsageFiltered({})).toBe(false);
    for (const filter of [{ voucherId: VCH }, { from: "2026-01-01" }, { to: "2026-01-01" }, { status: "failure" as const }, { kind: "cash" as const }]) {
      expect(isUsageFiltered(filter)).toBe(true);
    }
  });

  it("the value schema refuses what the URL parser refuses, and unknown keys", () => {
    expect(usageFilterSchema.safeParse({ voucherId: VCH, kind: "compute" }).success).toBe(true);
    expect(usageFilterSchema.safeParse({ voucherId: "vch-1" }).success).toBe(false);
    expect(usageFilterSchema.safeParse({ from: "2026-02-02", to: "2026-02-01" }).success).toBe(false);
    expect(usageFilterSchema.safeParse({ accountId: 1 }).success).toBe(false);
  });
});
