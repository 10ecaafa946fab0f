"use client";

import { useTranslations } from "next-intl";
import { useMoney } from "@/components/ui/currency";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { topUpAction } from "../actions";

/** Top up the cash balance (a simulated payment). One request key per amount typed, so a double click tops up once. */
export function TopUpForm() {
  const money = useMoney();
  const t = useTranslations("orders.topUp");
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => topUpAction({ amount: values.amount ?? "", requestKey }), {
    success: (data) => t("success", { balance: money.format(data.cashBalance) }),
    resetForm: true,
  });

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <TextField
        label={t("label", { symbol: money.symbol })}
        name="amount"
        inputMode="decimal"
        error={action.error("amount") ?? action.message ?? undefined}
        className="w-48"
        onChange={action.renewKey}
      />
      <Button type="submit" disabled={action.pending}>
        {t("submit")}
      </Button>
      <p role="status" className="text-sm text-green-800">
        {action.success}
      </p>
    </form>
  );
}
