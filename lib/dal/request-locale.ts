import "server-only";
import type { Locale } from "@/lib/i18n/locale";
import { resolveLocale } from "@/lib/i18n/request-locale";

/**
 * The language of the request being served (lib/i18n/request-locale.ts), for
 * sentences the server words: English when there is no request (tests and
 * scripts call the DAL and the actions directly). Any other error is thrown.
 */
export async function requestLocale(): Promise<Locale> {
  try {
    return await resolveLocale();
  } catch (error) {
    if (error instanceof Error && error.message.includes("outside a request scope")) return "en";
    throw error;
  }
}
