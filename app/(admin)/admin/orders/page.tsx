import type { Metadata } from "next";
import Link from "next/link";
import { SelectField, TextField } from "@/components/ui/field";
import { PageHeading, TableRegion, td, th } from "@/components/admin/page-heading";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { ORDER_STATUS_LABELS, OrderStatusBadge } from "@/components/billing/order-status-badge";
import { Button } from "@/components/ui/button";
import { ORDER_STATUSES, searchOrders, type OrderStatus } from "@/lib/dal/admin/orders";
import { requireAdminPage } from "@/lib/dal/session";
import { param } from "../_lib/load";

export const metadata: Metadata = { title: "Orders · Admin" };

export default async function OrdersPage({ searchParams }: PageProps<"/admin/orders">) {
  const viewer = await requireAdminPage();
  const params = await searchParams;
  const id = param(params, "id");
  const email = param(params, "email");
  const status = param(params, "status");
  const errors = {
    id: id && !/^ord_[0-9a-z]{1,40}$/.test(id) ? "Order IDs look like ord_…" : undefined,
    email: email && !/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email) ? "Enter an email address." : undefined,
    status: status && !(ORDER_STATUSES as readonly string[]).includes(status) ? "Choose a status from the list." : undefined,
  };
  const valid = !errors.id && !errors.email && !errors.status;
  const orders = valid
    ? await searchOrders(viewer, { orderId: id || undefined, email: email || undefined, status: (status || undefined) as OrderStatus | undefined }, new Date())
    : [];
  return (
    <div className="space-y-6">
      <PageHeading title="Orders">Find an order to see how it was paid, or refund it.</PageHeading>
      <form method="get" action="/admin/orders" aria-label="Find orders" className="grid items-end gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto]">
        <TextField label="Order ID" name="id" defaultValue={id} placeholder="ord_…" autoComplete="off" spellCheck={false} error={errors.id} />
        <TextField label="Account email" name="email" type="email" defaultValue={email} autoComplete="off" error={errors.email} />
        <SelectField label="Status" name="status" defaultValue={status} error={errors.status}>
          <option value="">All statuses</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {ORDER_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <Button type="submit">Search</Button>
      </form>
      {!valid ? null : orders.length === 0 ? (
        <p className="text-sm text-slate-600">No order matches.</p>
      ) : (
        <TableRegion label="Orders" minWidth="52rem">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={th}>Order ID</th>
              <th scope="col" className={th}>Account</th>
              <th scope="col" className={th}>Product</th>
              <th scope="col" className={th}>Amount</th>
              <th scope="col" className={th}>Refunded</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Placed</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {orders.map((o) => (
              <tr key={o.publicId}>
                <td className={`${td} font-mono text-xs`}>
                  <Link href={`/admin/orders/${o.publicId}`} className="underline">
                    {o.publicId}
                  </Link>
                </td>
                <td className={td}>
                  <Link href={`/admin/accounts/${o.accountPublicId}`} className="underline">
                    {o.accountName}
                  </Link>
                </td>
                <td className={td}>
                  {o.productName ?? "—"} {o.quantity !== null ? `× ${o.quantity}` : ""}
                </td>
                <td className={td}>
                  <Money minor={o.amount} />
                </td>
                <td className={td}>
                  <Money minor={o.refundedAmount} />
                </td>
                <td className={td}>
                  <OrderStatusBadge status={o.status} />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <DateTime at={o.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      )}
    </div>
  );
}
