import "server-only";
import { z } from "zod";
import { platformCurrency } from "@/lib/config";
import { DalError, messageOf } from "@/lib/dal/errors";
import { requestLocale } from "@/lib/dal/request-locale";
import { getViewer } from "@/lib/dal/session";
import type { Viewer } from "@/lib/dal/viewer";
import type { Failure } from "@/lib/failures";
import type { Locale } from "@/lib/i18n/locale";
import { localizeText } from "@/lib/validation-messages";

/** Field errors of an input, keyed by field name (the schema's path). */
export type FieldErrors = Record<string, string[]>;

/**
 * A refused action: the typed failure (which clients branch on, and which
 * carries what the failure is about, such as a failed order's id), its `code`
 * again at the top for plain clients, the sentence to show, and the schema's
 * field errors when the input was refused.
 */
export type ActionFailure = { ok: false; failure: Failure; code: Failure["code"]; message: string; fieldErrors?: FieldErrors };

/** What every server action returns: data, or a failure. */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/**
 * The result of a failure; its message is chosen here, on the server, by
 * lib/failure-messages.ts, in English: `runAction` words every failure it
 * returns again in the request's language (field errors included).
 */
export function fail(failure: Failure, fieldErrors?: FieldErrors): ActionFailure {
  return { ok: false, failure, code: failure.code, message: messageOf(failure), ...(fieldErrors ? { fieldErrors } : {}) };
}

/** The schema's field errors, keyed by field, as the schema wrote them (English). */
function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * A result for a reader of `locale`: a failure's sentence and field errors in that
 * language. runAction applies it; an action outside runAction (the language menu's,
 * which signed-out visitors call too) applies it itself.
 */
export function inLocale<T>(result: ActionResult<T>, locale: Locale): ActionResult<T> {
  if (result.ok || locale === "en") return result;
  const currency = platformCurrency();
  const fieldErrors = result.fieldErrors
    ? Object.fromEntries(Object.entries(result.fieldErrors).map(([field, messages]) => [field, messages.map((m) => localizeText(m, locale, currency))]))
    : undefined;
  return { ...result, message: messageOf(result.failure, locale), ...(fieldErrors ? { fieldErrors } : {}) };
}

/**
 * The fixed order of every server action: authenticate, authorize the role
 * (`authorize` throws a DalError to refuse; admin actions pass requireAdmin,
 * so a customer learns nothing from validation messages), validate the input
 * with zod, run the body (which calls the DAL, which authorizes again), and
 * turn expected refusals into failures. Unexpected errors are logged (without
 * the input, which may hold a code) and become a generic failure: never a
 * stack trace.
 */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  body: (viewer: Viewer, data: z.infer<S>) => Promise<ActionResult<T>>,
  authorize: (viewer: Viewer) => unknown = () => undefined,
): Promise<ActionResult<T>> {
  const locale = await requestLocale();
  const result = await attempt(locale, schema, input, body, authorize);
  return result.ok ? result : inLocale(result, locale);
}

/**
 * zod's own words for the issues a schema leaves to zod (a wrong type deep in a
 * request): Chinese ones for zh-CN, zod's English otherwise. The schemas' own
 * messages are English and are worded again by `inLocale`.
 */
const ZOD_ERRORS: Partial<Record<Locale, z.core.$ZodErrorMap>> = { "zh-CN": z.locales.zhCN().localeError };

async function attempt<S extends z.ZodType, T>(
  locale: Locale,
  schema: S,
  input: unknown,
  body: (viewer: Viewer, data: z.infer<S>) => Promise<ActionResult<T>>,
  authorize: (viewer: Viewer) => unknown,
): Promise<ActionResult<T>> {
  try {
    const viewer = await getViewer();
    if (!viewer) return fail({ code: "unauthenticated", reason: "session_ended" });
    authorize(viewer);
    const zodErrors = ZOD_ERRORS[locale];
    const parsed = schema.safeParse(input, zodErrors ? { error: zodErrors } : undefined);
    if (!parsed.success) return fail({ code: "invalid_input", reason: "fields" }, fieldErrorsOf(parsed.error));
    return await body(viewer, parsed.data);
  } catch (err) {
    if (err instanceof DalError) return fail(err.failure);
    console.error("server action failed:", err instanceof Error ? `${err.name}: ${err.message}` : "unknown error");
    return fail({ code: "internal", reason: "action" });
  }
}
