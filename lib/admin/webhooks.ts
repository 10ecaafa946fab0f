/**
 * The rules of a webhook endpoint as admins register it (docs/admin.md,
 * "Webhooks"): its URL (the SSRF policy of lib/webhooks/url-policy.ts), a short
 * description, the event types it receives and an optional account filter, and
 * the zod schemas of the admin webhook actions. No database here; the DAL
 * (lib/dal/admin/webhooks.ts) applies the same rules again and resolves the
 * account filter. Server only in practice: the URL check needs node:net, so
 * client forms get the limits as props instead of importing this module.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { EVENT_TYPES, type EventType } from "../events/types";
import { isPublicId, publicIdSchema } from "../ids";
import { checkWebhookUrl, type UrlPolicy, type UrlRefusal } from "../webhooks/url-policy";

/** The schema's own limits (CHECK constraints webhook_endpoints_url and _description). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 200;
/** An email is at most 320 characters; an account id far less. */
export const MAX_ACCOUNT_FILTER_LENGTH = 320;

/** What can be wrong with a field of the endpoint form; each is worded in `adminWebhooks.errors` of both catalogues. */
export type WebhookProblem =
  | "url_invalid"
  | "url_scheme"
  | "url_credentials"
  | "url_private"
  | "url_long"
  | "description_long"
  | "events_empty"
  | "event_unknown"
  | "account_filter";

/**
 * The English sentence of each problem, as the schemas write their field
 * errors; the actions word them again in the reader's language from the
 * catalogues (`adminWebhooks.errors.<problem>`, whose English is these).
 */
export const WEBHOOK_PROBLEM_TEXT: Record<WebhookProblem, string> = {
  url_invalid: "Enter a full URL, such as https://hooks.example.com/billing.",
  url_scheme: "Webhook URLs must use https.",
  url_credentials: "Leave user names and passwords out of the URL; the signature authenticates each delivery.",
  url_private: "This URL points to a private or loopback address, which webhooks may not reach.",
  url_long: `Keep the URL to ${MAX_WEBHOOK_URL_LENGTH} characters or fewer.`,
  description_long: `Keep the description to ${MAX_WEBHOOK_DESCRIPTION_LENGTH} characters or fewer.`,
  events_empty: "Choose at least one event type.",
  event_unknown: "Choose event types from the list.",
  account_filter: "Enter an account ID (acc_…) or a customer's email, or leave it empty for every account.",
};

/** The problem an English sentence of WEBHOOK_PROBLEM_TEXT stands for (the actions word it again). */
export function webhookProblemOf(text: string): WebhookProblem | null {
  for (const [problem, sentence] of Object.entries(WEBHOOK_PROBLEM_TEXT)) if (sentence === text) return problem as WebhookProblem;
  return null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: WebhookProblem };

const REFUSALS: Record<UrlRefusal, WebhookProblem> = {
  invalid: "url_invalid",
  scheme: "url_scheme",
  credentials: "url_credentials",
  private_address: "url_private",
};

/**
 * A URL as an admin typed it, checked by the SSRF policy (https only unless the
 * dev flag is on, no credentials, no literal private or loopback host) and the
 * column's length; the value kept is the URL as the WHATWG parser normalizes it.
 */
export function parseWebhookUrl(raw: string, policy: UrlPolicy): Parsed<string> {
  const trimmed = raw.trim();
  if (trimmed === "") return { ok: false, problem: "url_invalid" };
  if (trimmed.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, problem: "url_long" };
  const checked = checkWebhookUrl(trimmed, policy);
  if (!checked.ok) return { ok: false, problem: REFUSALS[checked.reason] };
  const url = checked.url.href;
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, problem: "url_long" };
  return { ok: true, value: url };
}

/** A description: trimmed, at most 200 characters (code points, as char_length counts them); empty is fine. */
export function parseWebhookDescription(raw: string): Parsed<string> {
  const text = raw.trim();
  if (Array.from(text).length > MAX_WEBHOOK_DESCRIPTION_LENGTH) return { ok: false, problem: "description_long" };
  return { ok: true, value: text };
}

const isEventType = (s: string): s is EventType => (EVENT_TYPES as readonly string[]).includes(s);

/** The event types of an endpoint: a non-empty subset of EVENT_TYPES, each once, in EVENT_TYPES order. */
export function parseEventTypes(raw: readonly string[]): Parsed<EventType[]> {
  if (raw.length === 0) return { ok: false, problem: "events_empty" };
  if (!raw.every(isEventType)) return { ok: false, problem: "event_unknown" };
  return { ok: true, value: EVENT_TYPES.filter((t) => raw.includes(t)) };
}

/** Whom an endpoint hears of: every account, one account by its public id, or the account of a customer's email. */
export type AccountFilter = { kind: "all" } | { kind: "account"; publicId: string } | { kind: "email"; email: string };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/** The account filter as typed: empty (every account), `acc_…`, or an email (compared in lower case). */
export function parseAccountFilter(raw: string): Parsed<AccountFilter> {
  const text = raw.trim();
  if (text === "") return { ok: true, value: { kind: "all" } };
  if (text.length > MAX_ACCOUNT_FILTER_LENGTH) return { ok: false, problem: "account_filter" };
  if (isPublicId("acc", text)) return { ok: true, value: { kind: "account", publicId: text } };
  if (EMAIL.test(text)) return { ok: true, value: { kind: "email", email: text.toLowerCase() } };
  return { ok: false, problem: "account_filter" };
}

/**
 * A new signing secret, Standard Webhooks' format: `whsec_` and the base64 of 32
 * random bytes from node:crypto's CSPRNG (256 bits; the spec asks for 24 to 64).
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const eventTypesField = z
  .array(z.string().max(40))
  .max(EVENT_TYPES.length * 2)
  .transform((value, ctx) => {
    const parsed = parseEventTypes(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: WEBHOOK_PROBLEM_TEXT[parsed.problem] });
    return z.NEVER;
  });

const descriptionField = z
  .string()
  .max(MAX_WEBHOOK_DESCRIPTION_LENGTH * 4, WEBHOOK_PROBLEM_TEXT.description_long)
  .transform((value, ctx) => {
    const parsed = parseWebhookDescription(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: WEBHOOK_PROBLEM_TEXT[parsed.problem] });
    return z.NEVER;
  })
  .default("");
const accountFilterField = z
  .string()
  .max(MAX_ACCOUNT_FILTER_LENGTH * 2, WEBHOOK_PROBLEM_TEXT.account_filter)
  .transform((value, ctx) => {
    const parsed = parseAccountFilter(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: WEBHOOK_PROBLEM_TEXT[parsed.problem] });
    return z.NEVER;
  })
  .default({ kind: "all" });

const endpointId = publicIdSchema("whk");

/** Register an endpoint: the URL under `policy` (config's webhookUrlPolicy()), and the form's request key. */
export function createWebhookSchema(policy: UrlPolicy) {
  return z.object({
    url: z
      .string()
      .max(MAX_WEBHOOK_URL_LENGTH * 2, WEBHOOK_PROBLEM_TEXT.url_long)
      .transform((value, ctx) => {
        const parsed = parseWebhookUrl(value, policy);
        if (parsed.ok) return parsed.value;
        ctx.addIssue({ code: "custom", message: WEBHOOK_PROBLEM_TEXT[parsed.problem] });
        return z.NEVER;
      }),
    description: descriptionField,
    eventTypes: eventTypesField,
    accountFilter: accountFilterField,
    requestKey: z.uuid("Reload the page and try again."),
  });
}
export type CreateWebhookInput = z.infer<ReturnType<typeof createWebhookSchema>>;

/** Edit an endpoint's description, event types and account filter (its URL and secret stay). */
export const updateWebhookSchema = z.object({
  endpointPublicId: endpointId,
  description: descriptionField,
  eventTypes: eventTypesField,
  accountFilter: accountFilterField,
});
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

/** Disable, enable, rotate the secret of, or reveal the secret of one endpoint. */
export const webhookEndpointSchema = z.object({ endpointPublicId: endpointId });
export type WebhookEndpointInput = z.infer<typeof webhookEndpointSchema>;

/** Resend one delivery of one endpoint (both named, so a stale page can't requeue another endpoint's). */
export const resendDeliverySchema = z.object({ endpointPublicId: endpointId, deliveryPublicId: publicIdSchema("whd") });
export type ResendDeliveryInput = z.infer<typeof resendDeliverySchema>;
