import { useLocale, useTranslations } from "next-intl";
import { chooseLocaleAction } from "../actions";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";

/**
 * 中文 / English: each name written in its own language, the current one pressed.
 * A plain form (server component, no client script): choosing re-renders the same
 * URL, so the page and its filters stay.
 */
// A form action's result is not read by React: the form only needs the call.
const chooseLocale = chooseLocaleAction as unknown as (form: FormData) => Promise<void>;

export function LanguageMenu() {
  const t = useTranslations("header");
  const current = useLocale();
  return (
    <form action={chooseLocale} aria-label={t("language")} className="flex overflow-hidden rounded-md border border-slate-300 text-sm">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          className="px-2.5 py-1 hover:bg-slate-100 aria-pressed:bg-slate-900 aria-pressed:text-white"
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </form>
  );
}
