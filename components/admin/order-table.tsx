import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { OrderStatusBadge } from "@/components/ui/order-status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import type { AdminOrderRow } from "@/lib/dal/admin/orders";

/** What an order row needs everywhere an admin lists orders (an account's page has no account column). */
type OrderRow = Omit<AdminOrderRow, "accountPublicId" | "accountName" | "status"> & { status: string };

const ORDER_ID: Column<OrderRow> = { header: "Order ID", className: "font-mono text-xs", cell: (o) => <CellLink href={`/admin/orders/${o.publicId}`}>{o.publicId}</CellLink> };
const ACCOUNT: Column<AdminOrderRow> = { header: "Account", cell: (o) => <CellLink href={`/admin/accounts/${o.accountPublicId}`}>{o.accountName}</CellLink> };

const DETAILS: Array<Column<OrderRow>> = [
  { header: "Product", cell: (o) => `${o.productName ?? "—"} ${o.quantity !== null ? `× ${o.quantity}` : ""}` },
  { header: "Amount", cell: (o) => <Money minor={o.amount} /> },
  { header: "Refunded", cell: (o) => <Money minor={o.refundedAmount} /> },
  { header: "Status", cell: (o) => <OrderStatusBadge status={o.status} /> },
  { header: "Placed", className: "whitespace-nowrap", cell: (o) => <DateTime at={o.createdAt} /> },
];

type Props = { label: string; empty: string; minWidth?: string } & (
  | { orders: AdminOrderRow[]; showAccount: true }
  | { orders: OrderRow[]; showAccount?: false }
);

/** Orders as an admin lists them: ID (to the detail), account where rows span accounts, product, amounts, status, when placed. */
export function AdminOrderTable({ label, empty, minWidth, ...rows }: Props) {
  const table = { label, empty, minWidth };
  return rows.showAccount ? (
    <DataTable {...table} rows={rows.orders} columns={[ORDER_ID, ACCOUNT, ...DETAILS]} />
  ) : (
    <DataTable {...table} rows={rows.orders} columns={[ORDER_ID, ...DETAILS]} />
  );
}
