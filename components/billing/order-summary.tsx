import { useTranslations } from "next-intl";
import { Figures } from "@/components/ui/facts";
import { Money } from "@/components/ui/money";

interface OrderAmounts {
  amount: number;
  discountAmount: number;
  voucherAmount: number;
  cashAmount: number;
  refundedAmount: number;
  invoiceable: number;
  /** Shown to admins only: what a refund may still return. */
  refundable?: number;
}

/** An order's items, as the customer and admin order pages list them. */
export function OrderItems({ items }: { items: ReadonlyArray<{ id: number; productName: string; quantity: number; unitPrice: number; amount: number }> }) {
  const t = useTranslations("orders.summary");
  return (
    <section aria-labelledby="items-heading">
      <h2 id="items-heading" className="text-lg font-semibold">
        {t("items")}
      </h2>
      <ul className="mt-2 text-sm">
        {items.map((i) => (
          <li key={i.id}>
            {t.rich("item", {
              product: i.productName,
              quantity: i.quantity,
              unitPrice: () => <Money minor={i.unitPrice} />,
              amount: () => <Money minor={i.amount} />,
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How an order was paid (SPEC 6): amount, discount, vouchers, cash, refunds and the invoiceable part. */
export function OrderPayment({ order }: { order: OrderAmounts }) {
  const t = useTranslations("orders.summary");
  const parts: Array<[string, number]> = [
    [t("orderAmount"), order.amount],
    [t("discount"), order.discountAmount],
    [t("vouchers"), order.voucherAmount],
    [t("cash"), order.cashAmount],
    [t("refunded"), order.refundedAmount],
    ...(order.refundable === undefined ? [] : ([[t("refundable"), order.refundable]] as Array<[string, number]>)),
    [t("invoiceable"), order.invoiceable],
  ];
  return (
    <Figures
      label={t("payment")}
      className={order.refundable === undefined ? "grid-cols-2 sm:grid-cols-3 lg:grid-cols-6" : "grid-cols-2 sm:grid-cols-4 lg:grid-cols-7"}
      items={parts.map(([name, minor]) => [name, <Money key={name} minor={minor} />] as const)}
    />
  );
}
