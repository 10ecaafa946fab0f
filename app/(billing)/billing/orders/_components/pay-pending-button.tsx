"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { PaymentPlan } from "@/lib/orders/plan";
import { shownPlanOf } from "@/lib/orders/shown-plan";
import { payOrderAction } from "../actions";
import { PlanSummary } from "./plan-summary";

/**
 * Pays a pending order (after a failed attempt) with the plan shown here. If
 * that plan no longer holds, the payment fails and says what changed, and the
 * page comes back with the plan that holds now, for the customer to confirm.
 */
export function PayPendingButton({ orderPublicId, plan, problem }: { orderPublicId: string; plan: PaymentPlan | null; problem: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <section aria-labelledby="pay-heading" className="max-w-md space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id="pay-heading" className="text-lg font-semibold">
        Payment plan
      </h2>
      {plan ? (
        <PlanSummary plan={plan} />
      ) : (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      )}
      <div role="alert" className="min-h-5 text-sm text-red-700">
        {error}
      </div>
      <Button
        type="button"
        disabled={pending || plan === null}
        onClick={() =>
          startTransition(async () => {
            if (!plan) return;
            const result = await payOrderAction({ orderPublicId, plan: shownPlanOf(plan) });
            setError(result.ok ? null : result.message);
            router.refresh();
          })
        }
      >
        {pending ? "Paying…" : "Pay"}
      </Button>
    </section>
  );
}
