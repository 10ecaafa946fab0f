"use client";

import { useTranslations } from "next-intl";
import { useMoney } from "@/components/ui/currency";
import type { PaymentPlan } from "@/lib/orders/plan";

/**
 * The payment plan as the customer sees it before Pay: what each voucher and the
 * cash balance pays. Pay sends exactly this plan back (SPEC 6), so what is shown
 * here is what can be charged. Used by the new-order form and a pending order's page.
 */
export function PlanSummary({ plan }: { plan: PaymentPlan }) {
  const { format: formatMoney } = useMoney();
  const t = useTranslations("orders.plan");
  const te = useTranslations("enums");
  const rows: Array<[string, number]> = [];
  if (plan.discount) rows.push([t("discount", { id: plan.discount.publicId }), -plan.discount.amount]);
  for (const a of plan.allocations) rows.push([t("voucher", { kind: te(`voucherKindTitle.${a.kind}`), id: a.publicId }), a.amount]);
  rows.push([t("cashBalance"), plan.cashBalancePart]);
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      <div className="flex justify-between py-1.5 font-medium">
        <dt>{t("orderAmount")}</dt>
        <dd className="tabular-nums">{formatMoney(plan.orderAmount)}</dd>
      </div>
      {rows.map(([label, amount]) => (
        <div key={label} className="flex justify-between gap-4 py-1.5">
          <dt className="first-letter:uppercase">{label}</dt>
          <dd className="tabular-nums">{formatMoney(amount)}</dd>
        </div>
      ))}
      <div className="flex justify-between py-1.5 font-medium">
        <dt>{t("invoiceable")}</dt>
        <dd className="tabular-nums">{formatMoney(plan.invoiceable)}</dd>
      </div>
    </dl>
  );
}
