/**
 * The state of the usage history (SPEC 7), kept in the URL so a filtered view
 * can be shared, survives a reload and the back button works:
 * `/billing/usage?voucher=vch_…&from=YYYY-MM-DD&to=YYYY-MM-DD&status=…&kind=…&cursor=…`.
 *
 * `parseUsageParams` never throws. Unlike the voucher list, an invalid filter
 * field is not dropped: the page lists nothing and the export answers 400 until
 * it is fixed, because a malformed Voucher ID silently widened to "all records"
 * would pass off other vouchers' records as that voucher's. Only a bad cursor
 * is forgiven (first page, with a notice): it never changes *which* records match.
 *
 * Pure (no Next, React or database): the page, the export route and the DAL
 * all read filters through this file, so they agree on what a filter means.
 */
import "../zod-jitless";
import { z } from "zod";
import { decodeCursorPayload, encodeCursorPayload } from "../cursor";
import { isPublicId } from "../ids";
import { optionalParam, paramOf, searchParam, type SearchParams } from "../search-params";
import { isCalendarDate, nextCalendarDay, startOfDayInZone } from "../time";

/** Rows per page of the usage history. */
export const USAGE_PAGE_SIZE = 50;

export const USAGE_STATUSES = ["success", "failure"] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

/** What a record is about: a voucher of a kind, or the cash balance (mirrors the `usage_source` pgEnum). */
export const USAGE_KINDS = ["cash", "discount", "compute", "cash_balance"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export const USAGE_TYPES = ["deduction", "refund"] as const;
export type UsageType = (typeof USAGE_TYPES)[number];


/** What narrows the usage history; the CSV export holds exactly this set. */
export interface UsageFilter {
  /** A public Voucher ID, matched exactly. */
  voucherId?: string;
  /** "YYYY-MM-DD": created on this day of the platform zone or later. */
  from?: string;
  /** "YYYY-MM-DD": created on this day of the platform zone or earlier. */
  to?: string;
  status?: UsageStatus;
  kind?: UsageKind;
}

/** A filter plus the page to show. */
export interface UsageQuery extends UsageFilter {
  cursor?: string;
}

// ------------------------------------------------------------------ cursor

/**
 * A keyset cursor: the (created_at, id) of the last record of a page, read
 * newest first. The time is kept as the database prints it, to the
 * microsecond, because a JS Date would round it to the millisecond and the next
 * page would then skip or repeat records created within that millisecond.
 */
export interface UsageCursor {
  /** created_at in UTC with six fractional digits, e.g. "2026-06-15T04:00:00.123456Z". */
  createdAt: string;
  id: number;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const cursorPayloadSchema = z.strictObject({
  v: z.literal(1),
  t: z
    .string()
    .regex(CURSOR_TIME)
    // The day must exist, or PostgreSQL would refuse the cast with an error (a 500).
    .refine((t) => isCalendarDate(t.slice(0, 10)) && Number(t.slice(11, 13)) < 24 && Number(t.slice(14, 16)) < 60 && Number(t.slice(17, 19)) < 60),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/** The opaque URL form of a cursor. */
export function encodeUsageCursor(cursor: UsageCursor): string {
  return encodeCursorPayload({ v: 1, t: cursor.createdAt, id: cursor.id });
}

/** The cursor in `raw`, or null when it was not made by `encodeUsageCursor` (tampered, truncated, another version). */
export function decodeUsageCursor(raw: string): UsageCursor | null {
  const payload = decodeCursorPayload(raw, cursorPayloadSchema);
  return payload ? { createdAt: payload.t, id: payload.id } : null;
}

// ------------------------------------------------------------------ search params

export const VOUCHER_ID_MESSAGE = "Voucher IDs look like vch_…";
export const USAGE_CURSOR_NOTICE = "That page link was not valid, so the first page is shown.";
const RANGE_FROM_MESSAGE = "From must be on or before To.";
const RANGE_TO_MESSAGE = "To must be on or after From.";

/** A voucher id as lib/ids.ts checks them (which also caps what is echoed back), with this form's own message. */
const voucherIdSchema = z.string().refine((id) => isPublicId("vch", id), { error: VOUCHER_ID_MESSAGE });

const MIN_DAY = "1970-01-01";
const MAX_DAY = "9998-12-31";

/** Bounds keep "the day after To" a four-digit year, which time.ts can parse back. */
const isWithinBounds = (day: string) => day >= MIN_DAY && day <= MAX_DAY;
const isFilterDay = (day: unknown): day is string => typeof day === "string" && isCalendarDate(day) && isWithinBounds(day);

/** Messages shown under their own labelled field (and after the parameter name in the export's 400). */
const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Enter a date as YYYY-MM-DD." })
  .refine(isCalendarDate, { error: "There is no such day." })
  .refine(isWithinBounds, { error: `Choose a day from ${MIN_DAY} to ${MAX_DAY}.` });

const statusSchema = z.enum(USAGE_STATUSES, { error: "Choose a status from the list." });
const kindSchema = z.enum(USAGE_KINDS, { error: "Choose a kind from the list." });

function checkRange(value: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  const { from, to } = value;
  // zod 4 runs object checks even after a field's own refinement failed, so a
  // non-day such as 2026-13-01 must not also count as an inverted range.
  if (!isFilterDay(from) || !isFilterDay(to)) return;
  // "YYYY-MM-DD" strings order like the days they name.
  if (from > to) {
    ctx.addIssue({ code: "custom", path: ["from"], message: RANGE_FROM_MESSAGE });
    ctx.addIssue({ code: "custom", path: ["to"], message: RANGE_TO_MESSAGE });
  }
}

/** The filter fields of /billing/usage's search params (the cursor is read on its own). */
export const usageParamsSchema = z
  .object({
    voucher: optionalParam(voucherIdSchema),
    from: optionalParam(calendarDateSchema),
    to: optionalParam(calendarDateSchema),
    status: optionalParam(statusSchema),
    kind: optionalParam(kindSchema),
  })
  .superRefine(checkRange);

/** The same rules for callers that pass values rather than a URL: the DAL checks its input with it. */
export const usageFilterSchema = z
  .strictObject({
    voucherId: voucherIdSchema.optional(),
    from: calendarDateSchema.optional(),
    to: calendarDateSchema.optional(),
    status: statusSchema.optional(),
    kind: kindSchema.optional(),
  })
  .superRefine(checkRange);

/** The URL parameters of a filter, in form order. */
export const USAGE_FILTER_FIELDS = ["voucher", "from", "to", "status", "kind"] as const;
export type UsageFilterField = (typeof USAGE_FILTER_FIELDS)[number];
export type UsageField = UsageFilterField | "cursor";

const isFilterField = (key: unknown): key is UsageFilterField => USAGE_FILTER_FIELDS.some((f) => f === key);

/** The filter fields as typed, so the form shows them back and they can be fixed. */
export type UsageFormValues = Record<UsageFilterField, string>;

export interface UsageListState {
  /** The filter to apply, or null when a field is invalid: then nothing is listed or exported. */
  filter: UsageFilter | null;
  cursor?: string;
  values: UsageFormValues;
  /** Why a field was refused, per field; `cursor` is a notice (the first page is shown instead). */
  errors: Partial<Record<UsageField, string>>;
}

/**
 * The filter fields of a URL's query, for a route handler: every value of each
 * (a repeated one is read as its first), nothing else. Only known names are
 * copied, so a `__proto__` parameter can't reach an object's prototype.
 */
export function filterParamsOf(search: URLSearchParams): SearchParams {
  const params: SearchParams = {};
  for (const field of USAGE_FILTER_FIELDS) {
    const all = search.getAll(field);
    if (all.length > 0) params[field] = all;
  }
  return params;
}

/**
 * Reads /billing/usage's search params (or the export route's). Never throws:
 * an invalid filter field gives `filter: null` and a message for that field;
 * an invalid cursor is dropped with a notice.
 */
export function parseUsageParams(params: SearchParams): UsageListState {
  const values = Object.fromEntries(USAGE_FILTER_FIELDS.map((f) => [f, searchParam(params, f)])) as UsageFormValues;
  const errors: UsageListState["errors"] = {};

  const rawCursor = searchParam(params, "cursor");
  let cursor: string | undefined;
  if (rawCursor !== "") {
    if (decodeUsageCursor(rawCursor)) cursor = rawCursor;
    else errors.cursor = USAGE_CURSOR_NOTICE;
  }

  const input = Object.fromEntries(USAGE_FILTER_FIELDS.map((f) => [f, paramOf(params, f)]));
  const result = usageParamsSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (isFilterField(field)) errors[field] ??= issue.message;
    }
    return { filter: null, ...(cursor ? { cursor } : {}), values, errors };
  }
  const { voucher, from, to, status, kind } = result.data;
  const filter: UsageFilter = {
    ...(voucher ? { voucherId: voucher } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
  };
  return { filter, ...(cursor ? { cursor } : {}), values, errors };
}

// ------------------------------------------------------------------ links and bounds

/** Whether the filter narrows the history at all. */
export function isUsageFiltered(filter: UsageFilter): boolean {
  return Boolean(filter.voucherId ?? filter.from ?? filter.to ?? filter.status ?? filter.kind);
}

/** URL-parameter form of a filter (form values or a parsed filter); empty values are left out. */
function searchOf(params: Partial<UsageFormValues> & { cursor?: string | undefined }): string {
  const search = new URLSearchParams();
  for (const key of [...USAGE_FILTER_FIELDS, "cursor"] as const) {
    const value = params[key]?.trim();
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The form's field names for a parsed filter. */
export function formValuesOf(filter: UsageFilter): Partial<UsageFormValues> {
  return { voucher: filter.voucherId, from: filter.from, to: filter.to, status: filter.status, kind: filter.kind };
}

/** The usage history page with a filter (as typed, or a parsed one via `formValuesOf`) and a page. */
export function usageHistoryHref(params: Partial<UsageFormValues> & { cursor?: string | undefined } = {}): string {
  return `/billing/usage${searchOf(params)}`;
}

/** The CSV export of exactly the records the filter selects (every page; no cursor). */
export function usageExportHref(filter: UsageFilter): string {
  return `/billing/usage/export${searchOf(formValuesOf(filter))}`;
}

/**
 * The day range as instants: `created_at >= from` and `created_at < before`,
 * where `before` is the start of the day after `to`, so both calendar days of
 * the platform zone are included whatever the time of day.
 */
export function createdBounds(filter: UsageFilter, timeZone: string): { from?: Date; before?: Date } {
  return {
    ...(filter.from ? { from: startOfDayInZone(filter.from, timeZone) } : {}),
    ...(filter.to ? { before: startOfDayInZone(nextCalendarDay(filter.to), timeZone) } : {}),
  };
}
