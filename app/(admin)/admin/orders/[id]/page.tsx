import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { OrderStatusBadge } from "@/components/ui/order-status-badge";
import { OrderAllocation } from "@/components/billing/usage-entries";
import { getOrderDetail } from "@/lib/dal/admin/orders";
import { getRefundPreviewParts } from "@/lib/dal/refunds";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { RefundDialog } from "../_components/refund-dialog";
import { BackLink } from "@/components/ui/facts";
import { OrderItems, OrderPayment } from "@/components/billing/order-summary";
import { Data } from "@/components/ui/data";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminOrders"))("order.title") };
}

export default async function OrderPage({ params }: PageProps<"/admin/orders/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "ord");
  const now = new Date();
  const order = await orNotFound(getOrderDetail(viewer, id, now));
  // The refund dialog previews where the money goes back from these (its voucher statuses as of now).
  const paidParts = order.refundable > 0 ? await getRefundPreviewParts(viewer, order.publicId, now) : [];
  const t = await getTranslations("adminOrders.order");
  return (
    <div className="space-y-6">
      <BackLink href="/admin/orders">{t("back")}</BackLink>
      <PageHeading
        title={
          <>
            {t.rich("heading", { id: order.publicId, mono: (chunks) => <span className="font-mono text-lg">{chunks}</span> })} <OrderStatusBadge status={order.status} />
          </>
        }
        actions={order.refundable > 0 ? <RefundDialog orderPublicId={order.publicId} refundable={order.refundable} paidParts={paidParts} /> : null}
      >
        {t.rich("subline", {
          account: order.accountName,
          link: (chunks) => (
            <Link href={`/admin/accounts/${order.accountPublicId}`} className="underline">
              {chunks}
            </Link>
          ),
          time: () => <DateTime at={order.createdAt} />,
        })}
      </PageHeading>
      <OrderItems items={order.items} />
      <OrderPayment order={order} />
      <OrderAllocation usage={order.usage} empty={t("nothingCharged")} voucherHref={(id) => `/admin/vouchers/${id}`} />
      {order.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading" className="space-y-2">
          <h2 id="refunds-heading" className="text-lg font-semibold">
            {t("refunds")}
          </h2>
          <ul className="text-sm">
            {order.refunds.map((r) => (
              <li key={r.publicId}>
                <DateTime at={r.createdAt} /> · <Money minor={r.amount} /> · <Data>{r.reason}</Data> · {r.createdByEmail ?? "—"}{" "}
                <span className="font-mono text-xs">{r.publicId}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
