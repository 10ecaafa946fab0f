/**
 * The state of the voucher list, kept in the URL so it can be shared and the
 * back button works (SPEC 7 and 9): `?tab=cash|discount|compute`, `status`,
 * `expiresFrom` / `expiresTo` (calendar days of the platform time zone, both
 * inclusive) and an opaque keyset `cursor`.
 *
 * One zod schema reads the search params, and `parseVoucherListParams` never
 * throws: a wrong value is dropped and reported for its field, so a stale or
 * hand-edited link shows the list with a message, never an error page.
 *
 * Pure (no Next, React or database): the page, the DAL and client components
 * all use it, so they agree on what a filter means.
 */
import "../zod-jitless";
import { z } from "zod";
import { decodeCursorPayload, encodeCursorPayload } from "../cursor";
import { isMadePublicId } from "../ids";
import { firstValue, optionalParam, paramOf, searchParam, type SearchParams } from "../search-params";
import { formatDate, isCalendarDate, nextCalendarDay, startOfDayInZone } from "../time";
import { VOUCHER_KINDS, VOUCHER_STATUSES, type VoucherKind, type VoucherStatus } from "./kinds";
import { voucherListHref } from "./list-href";

// Kept in its own module so client components can build links without bundling zod.
export { voucherListHref };

/** Rows per page of a voucher tab. */
export const VOUCHER_PAGE_SIZE = 20;

/** What narrows a tab's vouchers; the amounts summary covers exactly this set. */
export interface VoucherFilter {
  status?: VoucherStatus;
  /** "YYYY-MM-DD": expires on this day of the platform zone or later. */
  expiresFrom?: string;
  /** "YYYY-MM-DD": expires on this day of the platform zone or earlier. */
  expiresTo?: string;
}

/** A filter plus the page to show. */
export interface VoucherListQuery extends VoucherFilter {
  cursor?: string;
}

// ------------------------------------------------------------------ cursor

/**
 * A keyset cursor names the voucher at the edge of the current page and the
 * direction to read from it; the DAL looks that voucher up on the caller's own
 * account and compares sort keys in SQL. Naming a row (not copying its sort
 * keys) keeps microsecond timestamps exact and leaks no internal ids.
 */
export interface VoucherCursor {
  dir: "after" | "before";
  id: string;
}

const cursorPayloadSchema = z.strictObject({
  v: z.literal(1),
  dir: z.enum(["after", "before"]),
  // Cursors are written by the server from its own ids: anything but that exact shape was tampered with.
  id: z.string().refine((id) => isMadePublicId("vch", id)),
});

/** The opaque URL form of a cursor. */
export function encodeCursor(cursor: VoucherCursor): string {
  return encodeCursorPayload({ v: 1, dir: cursor.dir, id: cursor.id });
}

/** The cursor in `raw`, or null when it was not made by `encodeCursor` (tampered, truncated, another version). */
export function decodeCursor(raw: string): VoucherCursor | null {
  const payload = decodeCursorPayload(raw, cursorPayloadSchema);
  return payload ? { dir: payload.dir, id: payload.id } : null;
}

// ------------------------------------------------------------------ search params

/** What the page says when it shows the first page instead of a refused cursor's page. */
export const CURSOR_RESET_NOTICE = "That page link was not valid, so the first page is shown.";
const RANGE_FROM_MESSAGE = "Expires from must be on or before Expires to.";
const RANGE_TO_MESSAGE = "Expires to must be on or after Expires from.";

const calendarDateSchema = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}: enter a date as YYYY-MM-DD.` })
    .refine(isCalendarDate, { error: `${label}: there is no such day.` });

function checkRange(value: { expiresFrom?: string | undefined; expiresTo?: string | undefined }, ctx: z.RefinementCtx): void {
  const { expiresFrom, expiresTo } = value;
  // zod 4 runs object checks even after a field's own refinement failed, so a
  // non-day such as 2026-13-01 must not also count as an inverted range.
  if (!expiresFrom || !expiresTo || !isCalendarDate(expiresFrom) || !isCalendarDate(expiresTo)) return;
  // "YYYY-MM-DD" strings order like the days they name.
  if (expiresFrom > expiresTo) {
    ctx.addIssue({ code: "custom", path: ["expiresFrom"], message: RANGE_FROM_MESSAGE });
    ctx.addIssue({ code: "custom", path: ["expiresTo"], message: RANGE_TO_MESSAGE });
  }
}

/** The search params of /billing. */
export const voucherListParamsSchema = z
  .object({
    tab: z.preprocess(firstValue, z.enum(VOUCHER_KINDS).default("cash")),
    status: optionalParam(z.enum(VOUCHER_STATUSES, { error: "Choose a status from the list." })),
    expiresFrom: optionalParam(calendarDateSchema("Expires from")),
    expiresTo: optionalParam(calendarDateSchema("Expires to")),
    cursor: optionalParam(z.string().refine((raw) => decodeCursor(raw) !== null, { error: CURSOR_RESET_NOTICE })),
  })
  .superRefine(checkRange);

/** The same filter rules for callers that pass values rather than a URL (the DAL checks its input with it). */
export const voucherFilterSchema = z
  .object({
    status: z.enum(VOUCHER_STATUSES).optional(),
    expiresFrom: calendarDateSchema("Expires from").optional(),
    expiresTo: calendarDateSchema("Expires to").optional(),
  })
  .superRefine(checkRange);

const FIELDS = ["tab", "status", "expiresFrom", "expiresTo", "cursor"] as const;
export type VoucherListField = (typeof FIELDS)[number];

const isField = (key: unknown): key is VoucherListField => FIELDS.some((f) => f === key);

export interface VoucherListState {
  tab: VoucherKind;
  filter: VoucherFilter;
  cursor?: string;
  /** The filter fields as they came in, so the form shows what was typed and it can be fixed. */
  values: { status: string; expiresFrom: string; expiresTo: string };
  /** Why a value was ignored, per field. */
  errors: Partial<Record<VoucherListField, string>>;
}

/**
 * Reads /billing's search params. Never throws: each invalid field is dropped
 * (the rest still applies) and its message is in `errors`; an inverted date
 * range drops both dates.
 */
export function parseVoucherListParams(params: SearchParams): VoucherListState {
  const values = { status: searchParam(params, "status"), expiresFrom: searchParam(params, "expiresFrom"), expiresTo: searchParam(params, "expiresTo") };
  const input: Partial<Record<VoucherListField, unknown>> = {};
  for (const field of FIELDS) input[field] = paramOf(params, field);
  const errors: VoucherListState["errors"] = {};

  // Each round drops at least one field, so this ends; the last round parses an empty input.
  for (let round = 0; round <= FIELDS.length; round++) {
    const result = voucherListParamsSchema.safeParse(input);
    if (result.success) {
      const { tab, cursor, ...rest } = result.data;
      const filter: VoucherFilter = {};
      if (rest.status) filter.status = rest.status;
      if (rest.expiresFrom) filter.expiresFrom = rest.expiresFrom;
      if (rest.expiresTo) filter.expiresTo = rest.expiresTo;
      return { tab, filter, ...(cursor ? { cursor } : {}), values, errors };
    }
    let dropped = false;
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (!isField(field)) continue;
      errors[field] ??= issue.message;
      if (field in input) {
        delete input[field];
        dropped = true;
      }
    }
    if (!dropped) break;
  }
  return { tab: "cash", filter: {}, values, errors };
}

// ------------------------------------------------------------------ links and bounds

/** Whether the filter narrows the tab at all. */
export function isFiltered(filter: VoucherFilter): boolean {
  return Boolean(filter.status ?? filter.expiresFrom ?? filter.expiresTo);
}

/**
 * The expiry range as instants: `expires_at >= from` and `expires_at < before`,
 * where `before` is the start of the day after `expiresTo`, so both calendar
 * days are included whatever the time of day.
 */
export function expiryBounds(filter: VoucherFilter, timeZone: string): { from?: Date; before?: Date } {
  return {
    ...(filter.expiresFrom ? { from: startOfDayInZone(filter.expiresFrom, timeZone) } : {}),
    ...(filter.expiresTo ? { before: startOfDayInZone(nextCalendarDay(filter.expiresTo), timeZone) } : {}),
  };
}

/**
 * Where an "expiring soon" entry of the overview leads: its tab, available
 * vouchers expiring on or before its expiry day (platform zone), so it is in
 * the list together with the ones going before it.
 */
export function expiringVoucherHref(kind: VoucherKind, expiresAt: Date, timeZone: string): string {
  return voucherListHref(kind, { status: "available", expiresTo: formatDate(expiresAt, timeZone) });
}
