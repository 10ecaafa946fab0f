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
import { BackLink } from "@/components/ui/facts";
import { OrderItems, OrderPayment } from "@/components/billing/order-summary";

export const metadata: Metadata = { title: "Order · Admin" };

export default async function OrderPage({ params }: PageProps<"/admin/orders/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "ord");
  const order = await orNotFound(getOrderDetail(viewer, id, new Date()));
  return (
    <div className="space-y-6">
      <BackLink href="/admin/orders">Orders</BackLink>
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
      <OrderItems items={order.items} />
      <OrderPayment order={order} />
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
