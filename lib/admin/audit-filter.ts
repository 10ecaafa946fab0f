/**
 * The audit log filter (SPEC 8), kept in the URL so a view can be shared:
 * `/admin/audit?actor=admin@example.com&action=voucher.void&target=vch_…&from=YYYY-MM-DD&to=YYYY-MM-DD&cursor=…`.
 * Every field is an exact match (an audit search that guesses is no evidence);
 * days are calendar days of the platform zone, both inclusive. Never throws: an
 * invalid field lists nothing and is explained next to its input.
 */
import { z } from "zod";
import { decodeCursorPayload, encodeCursorPayload } from "../cursor";
import { searchParam, type SearchParams } from "../search-params";
import { isCalendarDate } from "../time";

/** The verbs admin code paths write; the Action filter suggests them (any value is accepted). */
export const AUDIT_ACTIONS = [
  "batch.issue",
  "batch.void",
  "code.revoke",
  "voucher.grant",
  "voucher.void",
  "order.refund",
  "account.charge",
  "account.adjust",
  "account.top_up",
  "product.create",
  "product.update",
  "product.retire",
  "provider.create",
  "provider.rename",
  "api_key.create",
  "api_key.revoke",
  "webhook.create",
  "webhook.update",
  "webhook.disable",
  "webhook.enable",
  "webhook.rotate_secret",
  "webhook.reveal_secret",
  "webhook.resend",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_FILTER_FIELDS = ["actor", "action", "target", "from", "to"] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
export type AuditFormValues = Record<AuditFilterField, string>;

export interface AuditFilter {
  /** The actor's email, compared case-insensitively. */
  actorEmail?: string;
  /** Or the API key (key_…) that acted for a platform service. */
  actorApiKey?: string;
  action?: string;
  /** The target's public id (vch_…, bat_…, ord_…, acc_…, prd_…, prv_…, key_…, or a code's batch:last4). */
  targetId?: string;
  from?: string;
  to?: string;
}

/** What is wrong with a field (its sentence is `adminAudit.filter.errors.<problem>` in the catalogues). */
export type AuditFilterProblem = "actor" | "action" | "target" | "day" | "dayOrder" | "cursor";

/** The English sentence of each problem, as `errors` carries it (the pages show the catalogue's). */
const PROBLEM_TEXT: Record<AuditFilterProblem, string> = {
  actor: "Enter the actor's email or API key ID (key_…).",
  action: "Actions look like voucher.void.",
  target: "Enter a target ID such as vch_… or ord_….",
  day: "Enter a date as YYYY-MM-DD.",
  dayOrder: "To must be on or after From.",
  cursor: "That page link was not valid, so the first page is shown.",
};

export interface AuditListState {
  filter: AuditFilter | null;
  cursor?: string;
  values: AuditFormValues;
  errors: Partial<Record<AuditFilterField | "cursor", string>>;
  /** The same fields as `errors`, by problem, for a page to word in the reader's language. */
  problems: Partial<Record<AuditFilterField | "cursor", AuditFilterProblem>>;
}

/**
 * A keyset cursor of the audit log, read newest first: the (created_at, id) of
 * the last entry of a page, the time as PostgreSQL prints it to the microsecond
 * (a JS Date would round it and skip or repeat entries of the same millisecond).
 */
export interface AuditCursor {
  createdAt: string;
  id: number;
}

const auditCursorSchema = z.strictObject({
  v: z.literal(1),
  t: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    // A real instant, or PostgreSQL would refuse the cast with an error (a 500).
    .refine((t) => isCalendarDate(t.slice(0, 10)) && Number(t.slice(11, 13)) < 24 && Number(t.slice(14, 16)) < 60 && Number(t.slice(17, 19)) < 60),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export function encodeAuditCursor(cursor: AuditCursor): string {
  return encodeCursorPayload({ v: 1, t: cursor.createdAt, id: cursor.id });
}

/** The cursor in `raw`, or null when it was not made by `encodeAuditCursor`. */
export function decodeAuditCursor(raw: string): AuditCursor | null {
  const payload = decodeCursorPayload(raw, auditCursorSchema);
  return payload ? { createdAt: payload.t, id: payload.id } : null;
}


const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const API_KEY_ID = /^key_[0-9a-z]{1,64}$/;
const ACTION = /^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$/;
const TARGET = /^[0-9A-Za-z_:.\-…]{1,100}$/u;
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isCalendarDate(s) && s >= "1970-01-01" && s <= "9998-12-31";

/** Reads /admin/audit's search params into a filter, per-field errors and an optional cursor. */
export function parseAuditParams(params: SearchParams): AuditListState {
  const values = Object.fromEntries(AUDIT_FILTER_FIELDS.map((f) => [f, searchParam(params, f)])) as AuditFormValues;
  const problems: AuditListState["problems"] = {};
  const { actor, action, target, from, to } = values;
  if (actor && !EMAIL.test(actor) && !API_KEY_ID.test(actor)) problems.actor = "actor";
  if (action && !ACTION.test(action)) problems.action = "action";
  if (target && !TARGET.test(target)) problems.target = "target";
  if (from && !isDay(from)) problems.from = "day";
  if (to && !isDay(to)) problems.to = "day";
  if (from && to && !problems.from && !problems.to && from > to) problems.to = "dayOrder";

  const rawCursor = searchParam(params, "cursor");
  let cursor: string | undefined;
  if (rawCursor) {
    if (decodeAuditCursor(rawCursor)) cursor = rawCursor;
    else problems.cursor = "cursor";
  }
  const errors = Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, PROBLEM_TEXT[problem]])) as AuditListState["errors"];
  const invalid = AUDIT_FILTER_FIELDS.some((f) => errors[f]);
  const filter: AuditFilter | null = invalid
    ? null
    : {
        ...(actor ? (API_KEY_ID.test(actor) ? { actorApiKey: actor } : { actorEmail: actor.toLowerCase() }) : {}),
        ...(action ? { action } : {}),
        ...(target ? { targetId: target } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      };
  return { filter, ...(cursor ? { cursor } : {}), values, errors, problems };
}

/** The URL of a filter (and page): empty fields are left out, so links stay short. */
export function auditHref(values: Partial<AuditFormValues> = {}, cursor?: string): string {
  const params = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = values[field]?.trim();
    if (value) params.set(field, value);
  }
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}
