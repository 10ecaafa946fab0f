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
  return (
    <section aria-labelledby="items-heading">
      <h2 id="items-heading" className="text-lg font-semibold">
        Items
      </h2>
      <ul className="mt-2 text-sm">
        {items.map((i) => (
          <li key={i.id}>
            {i.productName} × {i.quantity} at <Money minor={i.unitPrice} /> = <Money minor={i.amount} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How an order was paid (SPEC 6): amount, discount, vouchers, cash, refunds and the invoiceable part. */
export function OrderPayment({ order }: { order: OrderAmounts }) {
  const parts: Array<[string, number]> = [
    ["Order amount", order.amount],
    ["Discount", order.discountAmount],
    ["Paid with vouchers", order.voucherAmount],
    ["Paid from cash balance", order.cashAmount],
    ["Refunded", order.refundedAmount],
    ...(order.refundable === undefined ? [] : ([["Refundable", order.refundable]] as Array<[string, number]>)),
    ["Invoiceable", order.invoiceable],
  ];
  return (
    <Figures
      label="Payment"
      className={order.refundable === undefined ? "grid-cols-2 sm:grid-cols-3 lg:grid-cols-6" : "grid-cols-2 sm:grid-cols-4 lg:grid-cols-7"}
      items={parts.map(([name, minor]) => [name, <Money key={name} minor={minor} />] as const)}
    />
  );
}
