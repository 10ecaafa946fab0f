import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { OrderStatusBadge } from "@/components/ui/order-status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import { getMyCashBalance } from "@/lib/dal/cash";
import { isOrderCursor, listMyOrderPage, type OrderSummary } from "@/lib/dal/orders/read";
import { requireCustomerPage, searchParam } from "@/lib/page";
import { TopUpForm } from "./_components/top-up-form";
import { Data } from "@/components/ui/data";
import { ClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders.list"))("title") };
}

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/** The orders list's URL: `?cursor=` is the keyset position of an older page (lib/dal/orders/read.ts). */
const ordersHref = (cursor?: string) => (cursor ? `/billing/orders?cursor=${encodeURIComponent(cursor)}` : "/billing/orders");

/**
 * The caller's orders, newest first, one keyset page at a time (ORDER_PAGE_SIZE),
 * with the cash balance and its top-up above them. A page link that does not
 * decode shows the first page and says so.
 */
export default async function OrdersPage({ searchParams }: PageProps<"/billing/orders">) {
  const viewer = await requireCustomerPage();
  const raw = searchParam(await searchParams, "cursor");
  const cursor = raw && isOrderCursor(raw) ? raw : undefined;
  const refused = raw !== "" && cursor === undefined;
  const [page, cashBalance] = await Promise.all([listMyOrderPage(viewer, new Date(), cursor ? { cursor } : {}), getMyCashBalance(viewer)]);
  const orders = page.items;
  const arrears = cashBalance < 0 ? -cashBalance : 0;
  const t = await getTranslations("orders.list");
  const columns: Array<Column<OrderSummary>> = [
    { header: t("columns.orderId"), className: "font-mono text-xs", cell: (o) => <CellLink href={`/billing/orders/${o.publicId}`}>{o.publicId}</CellLink> },
    { header: t("columns.product"), cell: (o) => <Data>{`${o.productName} × ${o.quantity}`}</Data> },
    { header: t("columns.amount"), cell: (o) => <Money minor={o.amount} /> },
    { header: t("columns.status"), cell: (o) => <OrderStatusBadge status={o.status} /> },
    { header: t("columns.placed"), className: "whitespace-nowrap", cell: (o) => <DateTime at={o.createdAt} /> },
  ];
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <Link href="/billing/orders/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {t("newOrder")}
        </Link>
      </div>

      <section aria-labelledby="cash-heading" className="space-y-3 rounded-md border border-slate-200 bg-white p-4">
        <h2 id="cash-heading" className="text-lg font-semibold">
          {t("cashHeading")}
        </h2>
        <p>
          <Money minor={Math.max(cashBalance, 0)} className="text-xl font-semibold" />
          {arrears > 0 ? (
            <span className="ml-2 text-sm text-red-700">
              {t.rich("arrears", { money: () => <Money minor={arrears} /> })}
            </span>
          ) : null}
        </p>
        <ClientMessages set="topUp">
          <TopUpForm />
        </ClientMessages>
      </section>

      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading" className="sr-only">
          {t("ordersHeading")}
        </h2>
        {refused ? (
          <p role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {t("cursorNotice")}
          </p>
        ) : null}
        <DataTable
          label={t("tableLabel")}
          minWidth="36rem"
          rows={orders}
          emptyStyle="panel"
          empty={
            cursor ? (
              // A page link from before orders changed: the First page link below starts over.
              t("noMore")
            ) : (
              t.rich("empty", {
                link: (chunks) => (
                  <Link href="/billing/orders/new" className={linkClass}>
                    {chunks}
                  </Link>
                ),
              })
            )
          }
          columns={columns}
          pager={{
            label: t("pages"),
            first: cursor ? ordersHref() : null,
            next: page.nextCursor ? ordersHref(page.nextCursor) : null,
            nextText: t("older"),
          }}
        />
      </section>
    </div>
  );
}
