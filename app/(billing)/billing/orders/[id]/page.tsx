import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { OrderStatusBadge } from "@/components/billing/order-status-badge";
import { getMyOrder } from "@/lib/dal/orders";
import { requireCustomerPage } from "@/lib/dal/session";
import { DalError } from "@/lib/dal/errors";
import { PayPendingButton } from "../_components/pay-pending-button";

export const metadata: Metadata = { title: "Order" };

const SOURCE_LABELS: Record<string, string> = {
  cash: "Cash voucher",
  compute: "Computing power voucher",
  discount: "Discount voucher",
  cash_balance: "Cash balance",
};

async function loadOrder(id: string) {
  const viewer = await requireCustomerPage();
  if (!/^ord_[0-9a-z]{1,40}$/.test(id)) notFound();
  try {
    return await getMyOrder(viewer, id, new Date());
  } catch (err) {
    // Another account's order is "not found": its existence is not revealed.
    if (err instanceof DalError && err.code === "not_found") notFound();
    throw err;
  }
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const order = await loadOrder((await params).id);
  const parts: Array<[string, number]> = [
    ["Order amount", order.amount],
    ["Discount", order.discountAmount],
    ["Paid with vouchers", order.voucherAmount],
    ["Paid from cash balance", order.cashAmount],
    ["Refunded", order.refundedAmount],
    ["Invoiceable", order.invoiceable],
  ];
  return (
    <div className="space-y-6">
      <p>
        <Link href="/billing/orders" className="text-sm underline">
          ← Orders
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">
          Order <span className="font-mono text-lg">{order.publicId}</span>
        </h1>
        <OrderStatusBadge status={order.status} />
      </div>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading" className="text-lg font-semibold">
          Items
        </h2>
        <ul className="mt-2 text-sm">
          {order.items.map((i) => (
            <li key={i.id}>
              {i.productName} × {i.quantity} at <Money minor={i.unitPrice} /> = <Money minor={i.amount} />
            </li>
          ))}
        </ul>
      </section>

      <dl aria-label="Payment" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {parts.map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="mt-1 font-semibold">
              <Money minor={value} />
            </dd>
          </div>
        ))}
      </dl>

      {order.quote ? (
        <PayPendingButton
          orderPublicId={order.publicId}
          plan={order.quote.result.ok ? order.quote.result.plan : null}
          problem={order.quote.result.ok ? null : order.quote.result.message}
        />
      ) : null}
      {order.status === "expired" || order.retiredProduct ? (
        <div role="status" className="max-w-md space-y-2 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm">
          <p>
            {order.retiredProduct
              ? `${order.retiredProduct} is no longer for sale, so this order can't be paid.`
              : "This order expired before it was paid, so it can't be paid any more."}
          </p>
          {order.reorder && !order.retiredProduct ? (
            <Link
              href={`/billing/orders/new?product=${order.reorder.productPublicId}&quantity=${order.reorder.quantity}`}
              className="inline-flex rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              Order again
            </Link>
          ) : (
            <Link href="/billing/orders/new" className="inline-flex rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              New order
            </Link>
          )}
        </div>
      ) : null}

      <section aria-labelledby="allocation-heading">
        <h2 id="allocation-heading" className="text-lg font-semibold">
          Allocation and history
        </h2>
        {order.usage.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing was charged yet.</p>
        ) : (
          <div role="region" aria-label="Allocation" tabIndex={0} className="mt-2 overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Time</th>
                  <th scope="col" className="px-3 py-2 font-medium">Paid by</th>
                  <th scope="col" className="px-3 py-2 font-medium">Voucher ID</th>
                  <th scope="col" className="px-3 py-2 font-medium">Type</th>
                  <th scope="col" className="px-3 py-2 font-medium">Amount</th>
                  <th scope="col" className="px-3 py-2 font-medium">Balance after</th>
                  <th scope="col" className="px-3 py-2 font-medium">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {order.usage.map((u, index) => (
                  <tr key={index}>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <DateTime at={u.createdAt} />
                    </td>
                    <td className="px-3 py-2">{SOURCE_LABELS[u.source] ?? u.source}</td>
                    <td className="px-3 py-2 font-mono text-xs">{u.voucherPublicId ?? "—"}</td>
                    <td className="px-3 py-2">{u.type === "refund" ? "Refund" : "Deduction"}</td>
                    <td className="px-3 py-2">
                      <Money minor={u.amount} />
                    </td>
                    <td className="px-3 py-2">{u.balanceAfter === null ? "—" : <Money minor={u.balanceAfter} />}</td>
                    <td className="px-3 py-2">{u.status === "success" ? "Success" : `Failure: ${u.failureReason ?? ""}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {order.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading">
          <h2 id="refunds-heading" className="text-lg font-semibold">
            Refunds
          </h2>
          <ul className="mt-2 text-sm">
            {order.refunds.map((r) => (
              <li key={r.publicId}>
                <DateTime at={r.createdAt} /> · <Money minor={r.amount} /> · {r.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
