import { useTranslations } from "next-intl";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/status";

/** An order's status as text (never colour alone). */
export function OrderStatusBadge({ status }: { status: string }) {
  const tone = status === "paid" ? "bg-green-100 text-green-900" : status === "pending" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-800";
  const t = useTranslations("enums.orderStatus");
  const known = (ORDER_STATUSES as readonly string[]).includes(status);
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tone}`}>{known ? t(status as OrderStatus) : status}</span>;
}
