"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useMoney } from "@/components/billing/currency";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { topUpAction } from "../actions";

/** Top up the cash balance (a simulated payment). One request key per amount typed, so a double click tops up once. */
export function TopUpForm() {
  const money = useMoney();
  const [requestKey, setRequestKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const amount = String(new FormData(form).get("amount") ?? "");
    startTransition(async () => {
      const result = await topUpAction({ amount, requestKey });
      if (!result.ok) {
        setError(result.fieldErrors?.amount?.[0] ?? result.message);
        setDone(null);
        return;
      }
      setError(undefined);
      setDone(`Topped up. Cash balance: ${money.format(result.data.cashBalance)}.`);
      setRequestKey(crypto.randomUUID());
      form.reset();
    });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <Field label={`Top-up amount (${money.symbol})`} name="amount" inputMode="decimal" error={error} className="w-48" onChange={() => setRequestKey(crypto.randomUUID())} />
      <Button type="submit" disabled={pending}>
        Top up
      </Button>
      <p role="status" className="text-sm text-green-800">
        {done}
      </p>
    </form>
  );
}
