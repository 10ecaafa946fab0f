import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { platformLocale } from "@/lib/config";
import { getViewer } from "@/lib/dal/session";
import { LOCALE_COOKIE, pickLocale, type Locale } from "./locale";

/**
 * The language of this request (docs/i18n.md): the signed-in user's saved
 * choice, else the NEXT_LOCALE cookie, else Accept-Language, else PLATFORM_LOCALE.
 * Read once per request.
 */
export const resolveLocale = cache(async (): Promise<Locale> => {
  const [requestHeaders, jar] = await Promise.all([headers(), cookies()]);
  // getViewer is cached per request: the page's own guard reads the same session.
  const viewer = await getViewer();
  return pickLocale({
    saved: viewer?.locale,
    cookie: jar.get(LOCALE_COOKIE)?.value,
    acceptLanguage: requestHeaders.get("accept-language"),
    platformDefault: platformLocale(),
  });
});
