import { getRequestConfig } from "next-intl/server";
import { platformTimeZone } from "@/lib/config";
import { resolveLocale } from "@/lib/i18n/request-locale";
import { loadMessages } from "@/lib/i18n/messages";

/** next-intl's per-request configuration: no locale in the URL (docs/i18n.md). */
export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return { locale, messages: await loadMessages(locale), timeZone: platformTimeZone() };
});
