"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { FormMessage, RadioGroup, TextField } from "@/components/ui/field";
import { FormDialog, useActionDialog } from "@/components/ui/form-dialog";
import { refundOrderAction } from "../actions";
import { ReasonField } from "@/components/admin/reason-field";

/**
 * Refund, full or partial, with a reason, behind a confirming dialog (SPEC 6):
 * the server returns the money in reverse order of payment. One refund key per
 * opening of the dialog, so a double click refunds once.
 */
export function RefundDialog({ orderPublicId, refundable }: { orderPublicId: string; refundable: number }) {
  const t = useTranslations("adminOrders.refund");
  const { format: formatMoney, symbol } = useMoney();
  const [mode, setMode] = useState<"full" | "partial">("full");
  const action = useActionDialog({
    onOpen: () => {
      action.renewKey();
      setMode("full");
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
      {mode === "partial" ? <TextField label={t("amount")} name="amount" inputMode="decimal" hint={t("amountHint", { symbol })} error={action.error("amount")} className="max-w-xs" /> : null}
      <ReasonField error={action.error("reason")} />
      <FormMessage error={action.message} />
    </FormDialog>
  );
}
