"use client";

import { useState, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { FormMessage, RadioGroup, TextField } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { refundOrderAction } from "../actions";
import { ReasonField } from "@/components/admin/reason-field";
import { parseMoney } from "@/lib/money";
import { previewRefund, type PreviewPaidPart } from "@/lib/orders/refund";

/**
 * Refund, full or partial, with a reason, behind a confirming dialog (SPEC 6):
 * the server returns the money in reverse order of payment. One refund key per
 * opening of the dialog, so a double click refunds once.
 */
export function RefundDialog({ orderPublicId, refundable, paidParts }: { orderPublicId: string; refundable: number; paidParts: readonly PreviewPaidPart[] }) {
  const t = useTranslations("adminOrders.refund");
  const { format: formatMoney, symbol } = useMoney();
  const [mode, setMode] = useState<"full" | "partial">("full");
  const [typed, setTyped] = useState("");
  const action = useActionDialog({
    onOpen: () => {
      action.renewKey();
      setMode("full");
      setTyped("");
    },
  });

  return (
    <FormDialog
      dialog={action}
      trigger={
        <Button type="button" variant="danger">
          {t("trigger")}
        </Button>
      }
      title={t("title", { id: orderPublicId })}
      description={t("description", { amount: formatMoney(refundable) })}
      onSubmit={action.submit((values, refundKey) => refundOrderAction({ ...values, orderPublicId, refundKey }), {
        success: (data) => t("done", { amount: formatMoney(data.amount), id: data.refundPublicId }),
        onSuccess: action.done,
      })}
      submitLabel={t("submit")}
      submitVariant="danger"
      status={action.success}
    >
      <RadioGroup
        legend={t("mode")}
        name="mode"
        value={mode}
        onChange={setMode}
        error={action.error("mode")}
        options={[
          { value: "full", label: t("full", { amount: formatMoney(refundable) }) },
          { value: "partial", label: t("partial") },
        ]}
      />
      {mode === "partial" ? (
        <TextField
          label={t("amount")}
          name="amount"
          inputMode="decimal"
          hint={t("amountHint", { symbol })}
          error={action.error("amount")}
          className="max-w-xs"
          onChange={(event) => setTyped(event.target.value)}
        />
      ) : null}
      <RefundPreview paidParts={paidParts} mode={mode} typed={typed} />
      <ReasonField error={action.error("reason")} />
      <FormMessage error={action.message} />
    </FormDialog>
  );
}

/**
 * Where the amount would go back (SPEC 6), planned in the browser by the same
 * pure `planRefund` the refund runs, from the paid parts and voucher statuses
 * the page read; each part landing on an expired or voided voucher is flagged.
 * Display only: the refund re-plans on the locked rows when confirmed.
 */
function RefundPreview({ paidParts, mode, typed }: { paidParts: readonly PreviewPaidPart[]; mode: "full" | "partial"; typed: string }) {
  const t = useTranslations("adminOrders.refundPreview");
  const tEnums = useTranslations("enums");
  const { format: formatMoney, symbol, currency } = useMoney();
  let content: ReactNode;
  const amount = mode === "full" ? "full" : typed.trim() === "" ? null : parseMoney(typed, currency);
  if (amount === null) {
    content = <p className="text-sm text-slate-600">{typed.trim() === "" ? t("typeAmount") : t("notAnAmount", { symbol })}</p>;
  } else {
    const preview = previewRefund(paidParts, amount);
    if (!preview.ok) {
      const failure = preview.failure;
      content = (
        <p className="text-sm text-slate-600">{failure.code === "exceeds_refundable" ? t("tooMuch", { amount: formatMoney(failure.refundable) }) : t("notAnAmount", { symbol })}</p>
      );
    } else {
      content = (
        <div role="region" aria-label={t("caption")} tabIndex={0} className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("caption")}</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("colTo")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("colAmount")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("colNote")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {preview.parts.map((p) => (
                <tr key={p.voucherPublicId ?? "cash_balance"}>
                  <td className="px-3 py-2">
                    {p.voucherPublicId === null ? (
                      t("cashBalance")
                    ) : (
                      <>
                        {tEnums(`voucherKind.${p.source === "compute" ? "compute" : "cash"}`)}{" "}
                        <span className="font-mono text-xs" translate="no">
                          {p.voucherPublicId}
                        </span>
                      </>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatMoney(p.amount)}</td>
                  <td className="px-3 py-2">
                    {p.countsAs === null ? <span className="text-slate-600">{t("spendable")}</span> : <strong className="text-amber-800">{t(`countsAs.${p.countsAs}`)}</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
  }
  return (
    <section aria-labelledby="refund-preview-heading" className="space-y-1">
      <h3 id="refund-preview-heading" className="text-sm font-semibold">
        {t("heading")}
      </h3>
      <div aria-live="polite">{content}</div>
      <p className="text-xs text-slate-600">{t("asOfPage")}</p>
    </section>
  );
}
