"use client";

import { useTranslations } from "next-intl";
import type { QuoteAlternative, QuoteUnused } from "@/lib/dal/orders/quote";

/**
 * The plans worth a choice, side by side (lib/orders/explain.ts alternativePlans):
 * one button each, pressed for the plan shown now. Picking one hands its choices
 * to the form, which quotes them again; Pay then pays what that quote shows. The
 * server words every line, so this only lays them out.
 */
export function AlternativePlans({ alternatives, onPick }: { alternatives: QuoteAlternative[]; onPick: (choices: QuoteAlternative["choices"]) => void }) {
  const t = useTranslations("orders.alternatives.ui");
  return (
    <section aria-labelledby="alternatives-heading" className="space-y-2">
      <h2 id="alternatives-heading" className="text-base font-semibold">
        {t("heading")}
      </h2>
      <p className="text-xs text-slate-600">{t("hint")}</p>
      <ul aria-labelledby="alternatives-heading" className="grid gap-2 sm:grid-cols-2">
        {alternatives.map((a) => (
          <li key={a.label}>
            <button
              type="button"
              aria-pressed={a.current}
              onClick={() => onPick(a.choices)}
              className="h-full w-full rounded-md border border-slate-300 bg-white p-3 text-left text-sm hover:bg-slate-50 aria-pressed:border-brand-600 aria-pressed:bg-blue-50 aria-pressed:ring-1 aria-pressed:ring-brand-600"
            >
              <span className="flex flex-wrap items-center gap-2 font-medium">
                {a.title}
                {a.isDefault ? <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs font-normal text-slate-800">{t("default")}</span> : null}
              </span>
              {a.lines.map((line) => (
                <span key={line} className="mt-1 block break-words text-slate-700">
                  {line}
                </span>
              ))}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Each of the account's vouchers the plan leaves out, with the server's sentence saying why. */
export function UnusedVouchers({ unused }: { unused: QuoteUnused[] }) {
  const t = useTranslations("orders.explain.ui");
  const te = useTranslations("enums");
  return (
    <section aria-labelledby="unused-heading" className="space-y-2">
      <h2 id="unused-heading" className="text-base font-semibold">
        {t("heading")}
      </h2>
      <ul aria-labelledby="unused-heading" className="divide-y divide-slate-100 text-sm">
        {unused.map((u) => (
          <li key={u.publicId} className="py-1.5">
            <span className="block font-medium break-words">{t("label", { kind: te(`voucherKindTitle.${u.kind}`), id: u.publicId })}</span>
            <span className="block text-slate-700">{u.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
