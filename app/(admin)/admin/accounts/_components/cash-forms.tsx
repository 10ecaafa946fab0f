"use client";

import { useState, useTransition, type FormEvent } from "react";
import { FormMessage, RadioGroup, TextAreaField, TextField, firstError, formValues, type FieldErrors } from "@/components/admin/fields";
import { useMoney } from "@/components/billing/currency";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action";
import { adjustCashAction, chargeUsageAction } from "../actions";

/**
 * One form posting a change of the cash balance. The request key changes only
 * after a success (or an edit), so a double click or a retry changes the
 * balance once.
 */
function useCashForm(run: (values: Record<string, string>) => Promise<ActionResult<{ cashBalance: number; repeated: boolean }>>) {
  const money = useMoney();
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FieldErrors | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = { ...formValues(form), requestKey };
    startTransition(async () => {
      const result = await run(values);
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setMessage(result.message);
        setSuccess(null);
        return;
      }
      setErrors(undefined);
      setMessage(null);
      setSuccess(`Done. Cash balance: ${money.format(result.data.cashBalance)}.`);
      setRequestKey(crypto.randomUUID());
      form.reset();
    });
  }
  return { errors, message, success, pending, onSubmit, edited: () => setRequestKey(crypto.randomUUID()), amountHint: `In ${money.symbol}` };
}

/** Post a post-paid usage charge: it may take the balance below zero (arrears). */
export function ChargeForm({ accountPublicId }: { accountPublicId: string }) {
  const f = useCashForm((values) => chargeUsageAction({ ...values, accountPublicId }));
  return (
    <form onSubmit={f.onSubmit} onChange={f.edited} aria-labelledby="charge-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="charge-heading" className="font-semibold">
        Post a usage charge
      </h3>
      <p className="text-sm text-slate-600">Post-paid usage, taken from the cash balance; it may leave the account in arrears.</p>
      <TextField label="Charge amount" name="amount" inputMode="decimal" hint={f.amountHint} error={firstError(f.errors, "amount")} className="max-w-xs" />
      <TextAreaField label="Reason" name="reason" maxLength={500} error={firstError(f.errors, "reason")} />
      <FormMessage error={f.message} success={f.success} />
      <Button type="submit" disabled={f.pending}>
        Post charge
      </Button>
    </form>
  );
}

/** Adjust the cash balance up or down, with a reason. */
export function AdjustForm({ accountPublicId }: { accountPublicId: string }) {
  const f = useCashForm((values) => adjustCashAction({ ...values, accountPublicId }));
  const [direction, setDirection] = useState<"credit" | "debit">("credit");
  return (
    <form onSubmit={f.onSubmit} onChange={f.edited} aria-labelledby="adjust-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="adjust-heading" className="font-semibold">
        Adjust the cash balance
      </h3>
      <RadioGroup
        legend="Direction"
        name="direction"
        value={direction}
        onChange={setDirection}
        error={firstError(f.errors, "direction")}
        options={[
          { value: "credit", label: "Credit (add)" },
          { value: "debit", label: "Debit (take)" },
        ]}
      />
      <TextField label="Adjustment amount" name="amount" inputMode="decimal" hint={`${f.amountHint}; a debit takes at most the cash balance`} error={firstError(f.errors, "amount")} className="max-w-xs" />
      <TextAreaField label="Reason" name="reason" maxLength={500} error={firstError(f.errors, "reason")} />
      <FormMessage error={f.message} success={f.success} />
      <Button type="submit" disabled={f.pending}>
        Adjust balance
      </Button>
    </form>
  );
}
