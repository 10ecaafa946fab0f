"use client";

import { useEffect, useRef, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { TermsFields, type ProductOption, type ProviderOption } from "@/components/admin/terms-fields";
import { Button } from "@/components/ui/button";
import { FormMessage, SelectField, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { codesCsv, codesCsvFileName, type CodesCsvLabelsByLocale, type IssuedBatch } from "@/lib/admin/codes-csv";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locale";
import { formatCodeForDisplay } from "@/lib/vouchers/code";
import { issueBatchAction } from "../actions";

/** How many codes the page lists; the CSV always holds all of them. */
const LISTED = 500;

/**
 * The codes of a batch just issued: listed once, grouped by 4, with a CSV made
 * in the browser (a Blob: the codes never travel again or touch a disk on the
 * server). Leaving the page loses them for good, so the browser asks first.
 * The file comes in the language chosen, the page's by default.
 */
function IssuedCodes({ batch, csvLabels, onDone }: { batch: IssuedBatch; csvLabels: CodesCsvLabelsByLocale; onDone: () => void }) {
  const t = useTranslations("adminBatches.issued");
  const tEnums = useTranslations("enums");
  const pageLocale = useLocale();
  const [lang, setLang] = useState<Locale>(isLocale(pageLocale) ? pageLocale : "en");
  const [downloaded, setDownloaded] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (downloaded) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [downloaded]);

  function download() {
    const url = URL.createObjectURL(new Blob([codesCsv(batch, csvLabels[lang])], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = codesCsvFileName(batch.batchPublicId);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setDownloaded(true);
  }

  const shown = batch.codes.slice(0, LISTED);
  return (
    <section aria-labelledby="issued-heading" className="space-y-3 rounded-md border-2 border-amber-500 bg-amber-50 p-4">
      <h2 id="issued-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {t("heading", { count: batch.codes.length, name: batch.name })}
      </h2>
      <p className="text-sm font-medium text-amber-900">{t("warning")}</p>
      <p className="text-sm">
        {t.rich("batchLine", {
          id: batch.batchPublicId,
          kind: tEnums(`voucherKind.${batch.kind}`),
          mono: (chunks) => <span className="font-mono">{chunks}</span>,
        })}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <SelectField label={t("fileLanguage")} value={lang} onChange={(ev) => setLang(ev.target.value as Locale)} className="w-40">
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </SelectField>
        <Button type="button" onClick={download}>
          {t("download")}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {downloaded ? t("done") : t("doneDiscard")}
        </Button>
      </div>
      <p role="status" className="text-sm text-green-800">
        {downloaded ? t("downloaded") : ""}
      </p>
      {batch.codes.length > LISTED ? <p className="text-sm">{t("partial", { listed: LISTED, count: batch.codes.length })}</p> : null}
      <ol aria-label={t("listLabel")} className="grid max-h-96 grid-cols-1 gap-x-6 gap-y-1 overflow-y-auto rounded bg-white p-3 font-mono text-sm sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((code) => (
          <li key={code}>{formatCodeForDisplay(code)}</li>
        ))}
      </ol>
    </section>
  );
}

/** Issue vouchers (SPEC 8 and 9): terms, validity, redemption deadline and quantity; the codes come back once. */
export function IssueForm({ products, providers, csvLabels }: { products: ProductOption[]; providers: ProviderOption[]; csvLabels: CodesCsvLabelsByLocale }) {
  const t = useTranslations("adminBatches.issue");
  const [issued, setIssued] = useState<IssuedBatch | null>(null);
  // A new form after each issue: the terms fields keep state that form.reset() would not.
  const [formKey, setFormKey] = useState(0);
  // Its request key: a double click or a retry has one effect.
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => issueBatchAction({ ...values, requestKey }), {
    onSuccess: (data) => {
      setIssued(data);
      setFormKey((k) => k + 1);
    },
  });

  if (issued) return <IssuedCodes batch={issued} csvLabels={csvLabels} onDone={() => setIssued(null)} />;

  return (
    <form key={formKey} onSubmit={onSubmit} aria-labelledby="issue-heading" className="space-y-4 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h2 id="issue-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <TextField label={t("name")} name="name" maxLength={100} hint={t("nameHint")} error={action.error("name")} className="max-w-md" />
      <TermsFields error={action.error} products={products} providers={providers} daysLabel={t("daysLabel")} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("redeemBy")} name="redeemBy" type="date" hint={t("redeemByHint")} error={action.error("redeemBy")} />
        <TextField label={t("quantity")} name="quantity" inputMode="numeric" hint={t("quantityHint")} error={action.error("quantity")} />
      </div>
      <FormMessage error={action.message} />
      <Button type="submit" disabled={action.pending}>
        {action.pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
