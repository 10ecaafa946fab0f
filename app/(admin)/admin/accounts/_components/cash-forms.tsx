"use client";

import { useState } from "react";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { FormMessage, RadioGroup, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import type { ActionResult } from "@/lib/action";
import { adjustCashAction, chargeUsageAction } from "../actions";
import { ReasonField } from "@/components/admin/reason-field";

/**
 * One form posting a change of the cash balance. The request key changes only
 * after a success (or an edit: the form's onChange), so a double click or a
 * retry changes the balance once.
 */
function useCashForm(post: (values: Record<string, string>, requestKey: string) => Promise<ActionResult<{ cashBalance: number; repeated: boolean }>>) {
  const money = useMoney();
  const action = useAction();
  const onSubmit = action.submit(post, {
    success: (data) => `Done. Cash balance: ${money.format(data.cashBalance)}.`,
    resetForm: true,
  });
  return { ...action, onSubmit, amountHint: `In ${money.symbol}` };
}

/** Post a post-paid usage charge: it may take the balance below zero (arrears). */
export function ChargeForm({ accountPublicId }: { accountPublicId: string }) {
  const f = useCashForm((values, requestKey) => chargeUsageAction({ ...values, accountPublicId, requestKey }));
  return (
    <form onSubmit={f.onSubmit} onChange={f.renewKey} aria-labelledby="charge-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="charge-heading" className="font-semibold">
        Post a usage charge
      </h3>
      <p className="text-sm text-slate-600">Post-paid usage, taken from the cash balance; it may leave the account in arrears.</p>
      <TextField label="Charge amount" name="amount" inputMode="decimal" hint={f.amountHint} error={f.error("amount")} className="max-w-xs" />
      <ReasonField error={f.error("reason")} />
      <FormMessage error={f.message} success={f.success} />
      <Button type="submit" disabled={f.pending}>
        Post charge
      </Button>
    </form>
  );
}

/** Adjust the cash balance up or down, with a reason. */
export function AdjustForm({ accountPublicId }: { accountPublicId: string }) {
  const f = useCashForm((values, requestKey) => adjustCashAction({ ...values, accountPublicId, requestKey }));
  const [direction, setDirection] = useState<"credit" | "debit">("credit");
  return (
    <form onSubmit={f.onSubmit} onChange={f.renewKey} aria-labelledby="adjust-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="adjust-heading" className="font-semibold">
        Adjust the cash balance
      </h3>
      <RadioGroup
        legend="Direction"
        name="direction"
        value={direction}
        onChange={setDirection}
        error={f.error("direction")}
        options={[
          { value: "credit", label: "Credit (add)" },
          { value: "debit", label: "Debit (take)" },
        ]}
      />
      <TextField label="Adjustment amount" name="amount" inputMode="decimal" hint={`${f.amountHint}; a debit takes at most the cash balance`} error={f.error("amount")} className="max-w-xs" />
      <ReasonField error={f.error("reason")} />
      <FormMessage error={f.message} success={f.success} />
      <Button type="submit" disabled={f.pending}>
        Adjust balance
      </Button>
    </form>
  );
}
