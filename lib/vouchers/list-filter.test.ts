import { describe, expect, it } from "vitest";
import {
  CURSOR_RESET_NOTICE,
  decodeCursor,
  encodeCursor,
  expiringVoucherHref,
  expiryBounds,
  isFiltered,
  parseVoucherListParams,
  voucherFilterSchema,
  voucherListHref,
} from "./list-filter";

const ID = "vch_0123456789abcdef";

describe("parseVoucherListParams", () => {
  it("reads a complete, valid URL", () => {
    const cursor = encodeCursor({ dir: "after", id: ID });
    const state = parseVoucherListParams({ tab: "compute", status: "expired", expiresFrom: "2026-06-01", expiresTo: "2026-06-30", cursor });
    expect(state).toEqual({
      tab: "compute",
      filter: { status: "expired", expiresFrom: "2026-06-01", expiresTo: "2026-06-30" },
      cursor,
      values: { status: "expired", expiresFrom: "2026-06-01", expiresTo: "2026-06-30" },
      errors: {},
    });
  });

  it("defaults to the cash tab, all statuses, no range, first page", () => {
    expect(parseVoucherListParams({})).toEqual({
      tab: "cash",
      filter: {},
      values: { status: "", expiresFrom: "", expiresTo: "" },
      errors: {},
    });
  });

  it("treats the empty fields a GET form submits as absent", () => {
    const state = parseVoucherListParams({ tab: "discount", status: "", expiresFrom: " ", expiresTo: "" , cursor: "" });
    expect(state.filter).toEqual({});
    expect(state.errors).toEqual({});
    expect(state.cursor).toBeUndefined();
  });

  it("falls back to the cash tab on an unknown tab, keeping the rest", () => {
    for (const tab of ["coupons", "Cash", "", "__proto__"]) {
      const state = parseVoucherListParams({ tab, status: "used" });
      expect(state.tab).toBe("cash");
      expect(state.filter).toEqual({ status: "used" });
    }
  });

  it("drops an unknown status with a message and keeps the dates", () => {
    const state = parseVoucherListParams({ tab: "cash", status: "deleted", expiresTo: "2026-06-30" });
    expect(state.filter).toEqual({ expiresTo: "2026-06-30" });
    expect(state.errors.status).toBe("Choose a status from the list.");
    expect(state.values.status).toBe("deleted");
  });

  it("refuses days that do not exist and malformed dates, each with a message", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "2026-2-3", "tomorrow", "2026-06-15T00:00:00Z"]) {
      const state = parseVoucherListParams({ expiresFrom: bad, expiresTo: "2026-12-31" });
      expect(state.filter, bad).toEqual({ expiresTo: "2026-12-31" });
      expect(state.errors.expiresFrom, bad).toMatch(/^Expires from: /);
      expect(state.values.expiresFrom).toBe(bad);
    }
    expect(parseVoucherListParams({ expiresTo: "2026-02-30" }).errors.expiresTo).toBe("Expires to: there is no such day.");
    expect(parseVoucherListParams({ expiresTo: "30/02/2026" }).errors.expiresTo).toBe("Expires to: enter a date as YYYY-MM-DD.");
  });

  it("drops an inverted range, saying so on both fields, and keeps what was typed", () => {
    const state = parseVoucherListParams({ tab: "cash", status: "available", expiresFrom: "2026-07-01", expiresTo: "2026-06-30" });
    expect(state.filter).toEqual({ status: "available" });
    expect(state.errors).toEqual({
      expiresFrom: "Expires from must be on or before Expires to.",
      expiresTo: "Expires to must be on or after Expires from.",
    });
    expect(state.values).toEqual({ status: "available", expiresFrom: "2026-07-01", expiresTo: "2026-06-30" });
  });

  it("accepts a one-day range", () => {
    const state = parseVoucherListParams({ expiresFrom: "2026-07-01", expiresTo: "2026-07-01" });
    expect(state.filter).toEqual({ expiresFrom: "2026-07-01", expiresTo: "2026-07-01" });
    expect(state.errors).toEqual({});
  });

  it("drops a tampered cursor with a message, keeping the filter", () => {
    const good = encodeCursor({ dir: "after", id: ID });
    const tampered = [
      good.slice(0, -3),
      good.slice(0, -1) + (good.endsWith("A") ? "B" : "A"),
      "not a cursor!",
      encodeCursor({ dir: "after", id: ID }).replace(/^./, "_"),
      btoa(JSON.stringify({ v: 1, dir: "after", id: "vch_0123456789ABCDEF" })),
      btoa(JSON.stringify({ v: 2, dir: "after", id: ID })),
      btoa(JSON.stringify({ v: 1, dir: "sideways", id: ID })),
      btoa(JSON.stringify({ v: 1, dir: "after", id: ID, accountId: 1 })),
      btoa(JSON.stringify({ v: 1, dir: "after", id: "vch_0123456789abcdef' OR 1=1 --" })),
      "A".repeat(5000),
    ];
    for (const cursor of tampered) {
      const state = parseVoucherListParams({ tab: "compute", status: "used", cursor });
      expect(state.cursor, cursor).toBeUndefined();
      expect(state.errors.cursor, cursor).toBe(CURSOR_RESET_NOTICE);
      expect(state.filter).toEqual({ status: "used" });
      expect(state.tab).toBe("compute");
    }
  });

  it("takes the first of repeated parameters and never throws on odd input", () => {
    expect(parseVoucherListParams({ tab: ["discount", "cash"], status: ["voided", "used"] })).toMatchObject({
      tab: "discount",
      filter: { status: "voided" },
    });
    expect(() => parseVoucherListParams({ tab: [], status: [], expiresFrom: [], cursor: [] })).not.toThrow();
    expect(parseVoucherListParams({ tab: [] }).tab).toBe("cash");
  });
});

describe("the cursor", () => {
  it("round-trips and is URL-safe", () => {
    for (const dir of ["after", "before"] as const) {
      const raw = encodeCursor({ dir, id: ID });
      expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(raw)).toEqual({ dir, id: ID });
    }
  });
});

describe("links and bounds", () => {
  it("builds links that parse back to the same state, leaving out empty values", () => {
    expect(voucherListHref("compute")).toBe("/billing?tab=compute");
    expect(voucherListHref("cash", { status: "", expiresFrom: "2026-06-01", expiresTo: undefined })).toBe("/billing?tab=cash&expiresFrom=2026-06-01");
    const href = voucherListHref("discount", { status: "available", expiresTo: "2026-06-20", cursor: encodeCursor({ dir: "before", id: ID }) });
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseVoucherListParams(params)).toMatchObject({
      tab: "discount",
      filter: { status: "available", expiresTo: "2026-06-20" },
      errors: {},
    });
  });

  it("turns the inclusive day range into [start of From, start of the day after To) in the platform zone", () => {
    const bounds = expiryBounds({ expiresFrom: "2026-07-01", expiresTo: "2026-07-31" }, "Asia/Shanghai");
    expect(bounds.from?.toISOString()).toBe("2026-06-30T16:00:00.000Z");
    expect(bounds.before?.toISOString()).toBe("2026-07-31T16:00:00.000Z");
    expect(expiryBounds({ expiresTo: "2026-12-31" }, "UTC")).toEqual({ before: new Date("2027-01-01T00:00:00Z") });
    expect(expiryBounds({}, "UTC")).toEqual({});
  });

  it("links an expiring voucher to its tab, available ones up to its expiry day in the platform zone", () => {
    // 2026-06-20T17:00Z is already 2026-06-21 in Shanghai.
    const at = new Date("2026-06-20T17:00:00Z");
    expect(expiringVoucherHref("compute", at, "Asia/Shanghai")).toBe("/billing?tab=compute&status=available&expiresTo=2026-06-21");
    expect(expiringVoucherHref("cash", at, "UTC")).toBe("/billing?tab=cash&status=available&expiresTo=2026-06-20");
    const bounds = expiryBounds({ expiresTo: "2026-06-21" }, "Asia/Shanghai");
    expect(bounds.before!.getTime()).toBeGreaterThan(at.getTime());
  });

  it("knows when a filter narrows the list", () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ status: "used" })).toBe(true);
    expect(isFiltered({ expiresTo: "2026-01-01" })).toBe(true);
  });

  it("the value schema refuses what the URL parser would drop", () => {
    expect(voucherFilterSchema.safeParse({ status: "available", expiresFrom: "2026-01-01" }).success).toBe(true);
    expect(voucherFilterSchema.safeParse({ status: "gone" }).success).toBe(false);
    expect(voucherFilterSchema.safeParse({ expiresFrom: "2026-02-30" }).success).toBe(false);
    expect(voucherFilterSchema.safeParse({ expiresFrom: "2026-02-02", expiresTo: "2026-02-01" }).success).toBe(false);
  });
});
