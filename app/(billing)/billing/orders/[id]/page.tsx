import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { OrderStatusBadge } from "@/components/ui/order-status-badge";
import { OrderAllocation } from "@/components/billing/usage-entries";
import { getMyOrder } from "@/lib/dal/orders/read";
import { orNotFound, publicIdParam, requireCustomerPage } from "@/lib/page";
import { PayPendingButton } from "../_components/pay-pending-button";
import { BackLink } from "@/components/ui/facts";
import { OrderItems, OrderPayment } from "@/components/billing/order-summary";
import { Data } from "@/components/ui/data";
import { ClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders.detail"))("title") };
}

export default async function OrderPage({ params }: PageProps<"/billing/orders/[id]">) {
  const viewer = await requireCustomerPage();
  const id = publicIdParam((await params).id, "ord");
  // Another account's order is "not found": its existence is not revealed.
  const order = await orNotFound(getMyOrder(viewer, id, new Date()));
  const t = await getTranslations("orders.detail");
  return (
    <div className="space-y-6">
      <BackLink href="/billing/orders">{t("back")}</BackLink>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">
          {t.rich("heading", { id: () => <span className="font-mono text-lg">{order.publicId}</span> })}
        </h1>
        <OrderStatusBadge status={order.status} />
      </div>

      <OrderItems items={order.items} />

      <OrderPayment order={order} />

      {order.quote ? (
        <ClientMessages set="orders">
          <PayPendingButton
            orderPublicId={order.publicId}
            plan={order.quote.result.ok ? order.quote.result.plan : null}
            problem={order.quote.result.ok ? null : order.quote.result.message}
          />
        </ClientMessages>
      ) : null}
      {order.status === "expired" || order.retiredProduct ? (
        <div role="status" className="max-w-md space-y-2 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm">
          <p>
            {order.retiredProduct ? t("retired", { product: order.retiredProduct }) : t("expired")}
          </p>
          {order.reorder && !order.retiredProduct ? (
            <Link
              href={`/billing/orders/new?product=${order.reorder.productPublicId}&quantity=${order.reorder.quantity}`}
              className="inline-flex rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              {t("orderAgain")}
            </Link>
          ) : (
            <Link href="/billing/orders/new" className="inline-flex rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
              {t("newOrder")}
            </Link>
          )}
        </div>
      ) : null}

      <OrderAllocation usage={order.usage} empty={t("nothingCharged")} />

      {order.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading">
          <h2 id="refunds-heading" className="text-lg font-semibold">
            {t("refunds")}
          </h2>
          <ul className="mt-2 text-sm">
            {order.refunds.map((r) => (
              <li key={r.publicId}>
                <DateTime at={r.createdAt} /> · <Money minor={r.amount} /> · <Data>{r.reason}</Data>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
