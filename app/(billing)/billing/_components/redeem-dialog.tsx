"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { checkCodeAction, redeemCodeAction, type CodePreviewDto } from "../actions";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { CodeField, FormMessage } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { parseCode } from "@/lib/vouchers/code";
import { describeDiscount } from "@/lib/vouchers/discount";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { Data } from "@/components/ui/data";
import { providerList } from "@/lib/i18n/lists";

function Preview({ preview }: { preview: CodePreviewDto }) {
  const { format: formatMoney } = useMoney();
  const tDiscount = useTranslations("discount");
  const tEnums = useTranslations("enums");
  const t = useTranslations("redeem");
  const locale = useLocale();
  const rows: Array<[string, ReactNode]> = [
    [t("rows.kind"), tEnums(`voucherKindTitle.${preview.kind}`)],
    [t("rows.batch"), <Data key="batch">{preview.batchName}</Data>],
  ];
  if (preview.faceValue !== null) rows.push([t("rows.faceValue"), formatMoney(preview.faceValue)]);
  if (preview.terms) rows.push([t("rows.discount"), describeDiscount(preview.terms, formatMoney, tDiscount, preview.scopeProductName ?? undefined)]);
  if (preview.providers) rows.push([t("rows.providers"), <Data key="providers">{providerList(preview.providers, locale)}</Data>]);
  const range = { from: preview.effectiveAt, to: preview.expiresAt };
  rows.push([t("rows.validity"), preview.validDays !== null ? t("validityDays", { days: preview.validDays, ...range }) : t("validityRange", range)]);
  rows.push([t("rows.code"), `…${preview.codeLast4}`]);
  return (
    <dl aria-label={t("details")} className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md bg-slate-50 p-3 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The Redeem button and dialog of one tab (SPEC 5): Check shows what a code
 * gives, Redeem adds it. The format is checked here first (and again on the
 * server). After a redemption the dialog refreshes the page (router.refresh():
 * one GET of /billing, which the action itself no longer renders), so the list,
 * the summary and the overview update without a reload. Loaded on first use by RedeemButton,
 * which then mounts it open (`defaultOpen`).
 */
export function RedeemDialog({ kind, defaultOpen = false }: { kind: VoucherKind; defaultOpen?: boolean }) {
  const t = useTranslations("redeem");
  const tEnums = useTranslations("enums");
  const tFormat = useTranslations("failures.codeFormat");
  const router = useRouter();
  const [code, setCode] = useState("");
  const [preview, setPreview] = useState<CodePreviewDto | null>(null);
  const action = useActionDialog({
    defaultOpen,
    onOpen: () => {
      setCode("");
      setPreview(null);
      action.clearSuccess();
    },
  });

  function run(step: "check" | "redeem") {
    // The browser-side format check: most typos never reach the server.
    const parsed = parseCode(code);
    if (!parsed.ok) {
      setPreview(null);
      action.refuse(tFormat(parsed.reason));
      return;
    }
    if (step === "check") {
      action.run(() => checkCodeAction({ code, kind }), { onSuccess: setPreview, onFailure: () => setPreview(null) });
      return;
    }
    action.run(() => redeemCodeAction({ code, kind }), {
      success: (data) => t("success", { id: data.publicId, kind: tEnums(`voucherKinds.${data.kind}`) }),
      // The action renders nothing: read the page again for the new voucher and balances.
      onSuccess: () => {
        action.close();
        router.refresh();
      },
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run("check");
  }

  return (
    <FormDialog
      dialog={action}
      trigger={<Button type="button">{t("button")}</Button>}
      title={t("title", { kind: tEnums(`voucherKind.${kind}`) })}
      description={t("description", { kind })}
      onSubmit={onSubmit}
      submitLabel={t("check")}
      submitVariant="secondary"
      actions={
        <Button type="button" disabled={action.pending} onClick={() => run("redeem")}>
          {t("button")}
        </Button>
      }
      status={action.success}
      align="end"
    >
      <CodeField
        label={t("code")}
        value={code}
        onValue={(typed) => {
          setCode(typed);
          setPreview(null);
        }}
        aria-invalid={action.message ? true : undefined}
      />
      <FormMessage error={action.message} />
      {preview ? <Preview preview={preview} /> : null}
    </FormDialog>
  );
}
