"use client";

import { useTransition } from "react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { chooseLocaleAction } from "../actions";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";

/**
 * 中文 / English: each name written in its own language, the current one pressed.
 * Choosing refreshes the same URL, so the page and its filters stay.
 */
export function LanguageMenu() {
  const t = useTranslations("header");
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="group" aria-label={t("language")} className="flex overflow-hidden rounded-md border border-slate-300 text-sm">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await chooseLocaleAction({ locale });
              if (result.ok) router.refresh();
            })
          }
          className="px-2.5 py-1 hover:bg-slate-100 aria-pressed:bg-slate-900 aria-pressed:text-white disabled:opacity-60"
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </div>
  );
}
