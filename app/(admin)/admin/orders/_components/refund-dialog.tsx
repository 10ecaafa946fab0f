"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { FormMessage, RadioGroup, TextAreaField, TextField, firstError, formValues, type FieldErrors } from "@/components/admin/fields";
import { useMoney } from "@/components/billing/currency";
import { Button } from "@/components/ui/button";
import { refundOrderAction } from "../actions";

/**
 * Refund, full or partial, with a reason, behind a confirming dialog (SPEC 6):
 * the server returns the money in reverse order of payment. One refund key per
 * opening of the dialog, so a double click refunds once.
 */
export function RefundDialog({ orderPublicId, refundable }: { orderPublicId: string; refundable: number }) {
  const router = useRouter();
  const { format: formatMoney, symbol } = useMoney();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<"full" | "partial">("full");
  const [refundKey, setRefundKey] = useState("");
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (next) {
      setRefundKey(crypto.randomUUID());
      setErrors(undefined);
      setMessage(null);
      setMode("full");
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = { ...formValues(event.currentTarget), orderPublicId, refundKey };
    startTransition(async () => {
      const result = await refundOrderAction(values);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setMessage(result.message);
        return;
      }
      setOpen(false);
      setDone(`Refunded ${formatMoney(result.data.amount)} (${result.data.refundPublicId}).`);
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Dialog.Root open={open} onOpenChange={onOpenChange}>
        <Dialog.Trigger asChild>
          <Button type="button" variant="danger">
            Refund
          </Button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
          <Dialog.Content className="fixed left-1/2 top-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">Refund order {orderPublicId}</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-700">
              Up to {formatMoney(refundable)} can be refunded: first to the cash balance, then to cash vouchers, then to computing power vouchers.
              A discount is never returned.
            </Dialog.Description>
            <form onSubmit={onSubmit} className="mt-4 space-y-3" noValidate>
              <RadioGroup
                legend="Refund"
                name="mode"
                value={mode}
                onChange={setMode}
                error={firstError(errors, "mode")}
                options={[
                  { value: "full", label: `Full (${formatMoney(refundable)})` },
                  { value: "partial", label: "Partial" },
                ]}
              />
              {mode === "partial" ? <TextField label="Amount" name="amount" inputMode="decimal" hint={`In ${symbol}`} error={firstError(errors, "amount")} className="max-w-xs" /> : null}
              <TextAreaField label="Reason" name="reason" maxLength={500} error={firstError(errors, "reason")} />
              <FormMessage error={message} />
              <div className="flex flex-wrap justify-end gap-2">
                <Dialog.Close asChild>
                  <Button type="button" variant="secondary">
                    Cancel
                  </Button>
                </Dialog.Close>
                <Button type="submit" variant="danger" disabled={pending}>
                  Confirm refund
                </Button>
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      <p role="status" className="text-sm text-green-800">
        {done}
      </p>
    </div>
  );
}
