"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("adminAccounts.cash");
  const money = useMoney();
  const action = useAction();
  const onSubmit = action.submit(post, {
    success: (data) => t("done", { balance: money.format(data.cashBalance) }),
    resetForm: true,
  });
  return { ...action, onSubmit, t, symbol: money.symbol };
}

/** Post a post-paid usage charge: it may take the balance below zero (arrears). */
export function ChargeForm({ accountPublicId }: { accountPublicId: string }) {
  const f = useCashForm((values, requestKey) => chargeUsageAction({ ...values, accountPublicId, requestKey }));
  return (
    <form onSubmit={f.onSubmit} onChange={f.renewKey} aria-labelledby="charge-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h3 id="charge-heading" className="font-semibold">
        {f.t("chargeHeading")}
      </h3>
      <p className="text-sm text-slate-600">{f.t("chargeIntro")}</p>
      <TextField label={f.t("chargeAmount")} name="amount" inputMode="decimal" hint={f.t("amountHint", { symbol: f.symbol })} error={f.error("amount")} className="max-w-xs" />
      <ReasonField error={f.error("reason")} />
      <FormMessage error={f.message} success={f.success} />
      <Button type="submit" disabled={f.pending}>
        {f.t("chargeSubmit")}
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
        {f.t("adjustHeading")}
      </h3>
      <RadioGroup
        legend={f.t("direction")}
        name="direction"
        value={direction}
        onChange={setDirection}
        error={f.error("direction")}
        options={[
          { value: "credit", label: f.t("credit") },
          { value: "debit", label: f.t("debit") },
        ]}
      />
      <TextField label={f.t("adjustAmount")} name="amount" inputMode="decimal" hint={f.t("adjustHint", { symbol: f.symbol })} error={f.error("amount")} className="max-w-xs" />
      <ReasonField error={f.error("reason")} />
      <FormMessage error={f.message} success={f.success} />
      <Button type="submit" disabled={f.pending}>
        {f.t("adjustSubmit")}
      </Button>
    </form>
  );
}
