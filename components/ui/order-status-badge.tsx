import { useTranslations } from "next-intl";
import { ORDER_STATUSES, type OrderStatus } from "@/lib/orders/status";

/** An order's status as text (never colour alone). */
export function OrderStatusBadge({ status }: { status: string }) {
  const tone = status === "paid" ? "badge-green" : status === "pending" ? "badge-amber" : "badge-slate";
  const t = useTranslations("enums.orderStatus");
  const known = (ORDER_STATUSES as readonly string[]).includes(status);
  return <span className={`badge ${tone}`}>{known ? t(status as OrderStatus) : status}</span>;
}
