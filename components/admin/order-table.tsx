import { useTranslations } from "next-intl";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { OrderStatusBadge } from "@/components/ui/order-status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import type { AdminOrderRow } from "@/lib/dal/admin/orders";
import { Data } from "@/components/ui/data";

/** What an order row needs everywhere an admin lists orders (an account's page has no account column). */
type OrderRow = Omit<AdminOrderRow, "accountPublicId" | "accountName" | "status"> & { status: string };

type Props = { label: string; empty: string; minWidth?: string } & (
  | { orders: AdminOrderRow[]; showAccount: true }
  | { orders: OrderRow[]; showAccount?: false }
);

/** Orders as an admin lists them: ID (to the detail), account where rows span accounts, product, amounts, status, when placed. */
export function AdminOrderTable({ label, empty, minWidth, ...rows }: Props) {
  const t = useTranslations("adminOrders.table");
  const orderId: Column<OrderRow> = { header: t("orderId"), className: "font-mono text-xs", cell: (o) => <CellLink href={`/admin/orders/${o.publicId}`}>{o.publicId}</CellLink> };
  const account: Column<AdminOrderRow> = { header: t("account"), cell: (o) => <CellLink href={`/admin/accounts/${o.accountPublicId}`}>{o.accountName}</CellLink> };
  const details: Array<Column<OrderRow>> = [
    { header: t("product"), cell: (o) => <Data>{`${o.productName ?? "—"} ${o.quantity !== null ? `× ${o.quantity}` : ""}`}</Data> },
    { header: t("amount"), cell: (o) => <Money minor={o.amount} /> },
    { header: t("refunded"), cell: (o) => <Money minor={o.refundedAmount} /> },
    { header: t("status"), cell: (o) => <OrderStatusBadge status={o.status} /> },
    { header: t("placed"), className: "whitespace-nowrap", cell: (o) => <DateTime at={o.createdAt} /> },
  ];
  const table = { label, empty, minWidth };
  return rows.showAccount ? (
    <DataTable {...table} rows={rows.orders} columns={[orderId, account, ...details]} />
  ) : (
    <DataTable {...table} rows={rows.orders} columns={[orderId, ...details]} />
  );
}
