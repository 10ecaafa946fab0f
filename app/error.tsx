"use client";

import { useTranslations } from "next-intl";

// Never show a stack trace: a short message and a way to retry.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">{t("errorTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("errorText")}</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-brand-600 px-4 py-2 text-white">
        {t("tryAgain")}
      </button>
    </main>
  );
}
