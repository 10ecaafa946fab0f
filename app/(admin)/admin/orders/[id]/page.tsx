import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading } from "@/components/admin/page-heading";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { OrderStatusBadge } from "@/components/ui/order-status-badge";
import { OrderAllocation } from "@/components/billing/usage-entries";
import { getOrderDetail } from "@/lib/dal/admin/orders";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { RefundDialog } from "../_components/refund-dialog";

export const metadata: Metadata = { title: "Order · Admin" };

export default async function OrderPage({ params }: PageProps<"/admin/orders/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "ord");
  const order = await orNotFound(getOrderDetail(viewer, id, new Date()));
  const parts: Array<[string, number]> = [
    ["Order amount", order.amount],
    ["Discount", order.discountAmount],
    ["Paid with vouchers", order.voucherAmount],
    ["Paid from cash balance", order.cashAmount],
    ["Refunded", order.refundedAmount],
    ["Refundable", order.refundable],
    ["Invoiceable", order.invoiceable],
  ];
  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/orders" className="text-sm underline">
          ← Orders
        </Link>
      </p>
      <PageHeading
        title={
          <>
            Order <span className="font-mono text-lg">{order.publicId}</span> <OrderStatusBadge status={order.status} />
          </>
        }
        actions={order.refundable > 0 ? <RefundDialog orderPublicId={order.publicId} refundable={order.refundable} /> : null}
      >
        Account{" "}
        <Link href={`/admin/accounts/${order.accountPublicId}`} className="underline">
          {order.accountName}
        </Link>{" "}
        · placed <DateTime at={order.createdAt} />
      </PageHeading>
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
      <dl aria-label="Payment" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {parts.map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="mt-1 font-semibold">
              <Money minor={value} />
            </dd>
          </div>
        ))}
      </dl>
      <OrderAllocation usage={order.usage} empty="Nothing was charged." voucherHref={(id) => `/admin/vouchers/${id}`} />
      {order.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading" className="space-y-2">
          <h2 id="refunds-heading" className="text-lg font-semibold">
            Refunds
          </h2>
          <ul className="text-sm">
            {order.refunds.map((r) => (
              <li key={r.publicId}>
                <DateTime at={r.createdAt} /> · <Money minor={r.amount} /> · {r.reason} · {r.createdByEmail ?? "—"}{" "}
                <span className="font-mono text-xs">{r.publicId}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
