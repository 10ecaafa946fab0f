import "server-only";
import { messageOf } from "@/lib/dal/errors";
import { HTTP_STATUS_OF, type Failure } from "@/lib/failures";
import { isLocale, type Locale } from "@/lib/i18n/locale";
import { resolveLocale } from "@/lib/i18n/request-locale";

/**
 * What the CSV exports (/billing/usage/export, /billing/statements/export) share:
 * their refusals as plain text and the language of the file.
 */

/** A refusal as plain text: a script sees the status, a person who opened the link reads why. */
export async function refuse(failure: Failure): Promise<Response> {
  return plainText(messageOf(failure, await resolveLocale()), HTTP_STATUS_OF[failure.code]);
}

export function plainText(sentence: string, status: number): Response {
  return new Response(`${sentence}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/**
 * The language of the file: `lang` when given (the page's link sets the
 * reader's), else the request's own (docs/i18n.md); `"unknown"` for a `lang`
 * the console does not speak. An empty `lang` counts as not given, like the
 * filter's empty fields; a repeated one is read as its first.
 */
export async function csvLocale(search: URLSearchParams): Promise<Locale | "unknown"> {
  const lang = search.get("lang");
  if (lang === null || lang === "") return resolveLocale();
  return isLocale(lang) ? lang : "unknown";
}
