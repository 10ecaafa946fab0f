import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { OrderStatusBadge } from "@/components/billing/order-status-badge";
import { getMyCashBalance, listMyOrders } from "@/lib/dal/orders";
import { requireCustomerPage } from "@/lib/page";
import { TopUpForm } from "./_components/top-up-form";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage() {
  const viewer = await requireCustomerPage();
  const [orders, cashBalance] = await Promise.all([listMyOrders(viewer, new Date()), getMyCashBalance(viewer)]);
  const arrears = cashBalance < 0 ? -cashBalance : 0;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Orders</h1>
        <Link href="/billing/orders/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          New order
        </Link>
      </div>

      <section aria-labelledby="cash-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
        <h2 id="cash-heading" className="text-lg font-semibold">
          Cash balance
        </h2>
        <p>
          <Money minor={Math.max(cashBalance, 0)} className="text-xl font-semibold" />
          {arrears > 0 ? (
            <span className="ml-2 text-sm text-red-700">
              In arrears by <Money minor={arrears} />: a top-up pays the arrears first.
            </span>
          ) : null}
        </p>
        <TopUpForm />
      </section>

      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading" className="sr-only">
          Your orders
        </h2>
        {orders.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">
            No orders yet. <Link href="/billing/orders/new" className="underline">Place your first order.</Link>
          </p>
        ) : (
          <div role="region" aria-label="Orders" tabIndex={0} className="overflow-x-auto rounded-md border border-slate-200 bg-white">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Order ID</th>
                  <th scope="col" className="px-3 py-2 font-medium">Product</th>
                  <th scope="col" className="px-3 py-2 font-medium">Amount</th>
                  <th scope="col" className="px-3 py-2 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2 font-medium">Placed</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {orders.map((o) => (
                  <tr key={o.publicId}>
                    <td className="px-3 py-2 font-mono text-xs">
                      <Link href={`/billing/orders/${o.publicId}`} className="underline">
                        {o.publicId}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      {o.productName} × {o.quantity}
                    </td>
                    <td className="px-3 py-2">
                      <Money minor={o.amount} />
                    </td>
                    <td className="px-3 py-2">
                      <OrderStatusBadge status={o.status} />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <DateTime at={o.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
