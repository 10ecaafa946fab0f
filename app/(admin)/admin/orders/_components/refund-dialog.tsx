"use client";

import { useState } from "react";
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
          Refund
        </Button>
      }
      title={`Refund order ${orderPublicId}`}
      description={`Up to ${formatMoney(refundable)} can be refunded: first to the cash balance, then to cash vouchers, then to computing power vouchers. A discount is never returned.`}
      onSubmit={action.submit((values, refundKey) => refundOrderAction({ ...values, orderPublicId, refundKey }), {
        success: (data) => `Refunded ${formatMoney(data.amount)} (${data.refundPublicId}).`,
        onSuccess: action.done,
      })}
      submitLabel="Confirm refund"
      submitVariant="danger"
      status={action.success}
    >
      <RadioGroup
        legend="Refund"
        name="mode"
        value={mode}
        onChange={setMode}
        error={action.error("mode")}
        options={[
          { value: "full", label: `Full (${formatMoney(refundable)})` },
          { value: "partial", label: "Partial" },
        ]}
      />
      {mode === "partial" ? <TextField label="Amount" name="amount" inputMode="decimal" hint={`In ${symbol}`} error={action.error("amount")} className="max-w-xs" /> : null}
      <ReasonField error={action.error("reason")} />
      <FormMessage error={action.message} />
    </FormDialog>
  );
}
