"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
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
  const t = useTranslations("orders.pay");
  const action = useAction();
  return (
    <section aria-labelledby="pay-heading" className="max-w-md space-y-3 rounded-md border border-slate-200 bg-white p-4">
      <h2 id="pay-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      {plan ? (
        <PlanSummary plan={plan} />
      ) : (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      )}
      <FormMessage error={action.message} />
      <Button
        type="button"
        disabled={action.pending || plan === null}
        onClick={() => {
          if (!plan) return;
          // Paid or not, the page is stale: it shows the order's new state or the plan that holds now.
          action.run(() => payOrderAction({ orderPublicId, plan: shownPlanOf(plan) }), { onSuccess: () => router.refresh(), onFailure: () => router.refresh() });
        }}
      >
        {action.pending ? t("paying") : t("pay")}
      </Button>
    </section>
  );
}
