/**
 * The settings form's refusals in a reader's language (`settings.errors`), for
 * the schema of lib/notifications/settings-form.ts. Apart from the form's rules,
 * which load no catalogue, so the security suites can check inputs against them.
 */
import { translatorFor } from "@/lib/i18n/translator";
import type { Locale } from "@/lib/i18n/locale";
import { formatMoney } from "@/lib/money";
import type { SettingsErrorText } from "./settings-form";

/** The `settings.errors` sentences in `locale`, amounts in `currency`: the `text` of the schema for a reader of `locale`. */
export function settingsErrorText(locale: Locale, currency: string): SettingsErrorText {
  const t = translatorFor(locale, "settings");
  return (key, { min, max }) =>
    key === "threshold"
      ? t("errors.threshold", { range: t("errors.range", { min: formatMoney(min, currency, locale), max: formatMoney(max, currency, locale) }) })
      : t(`errors.${key}`);
}
