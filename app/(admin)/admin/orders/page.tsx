import type { Metadata } from "next";
import { Options, SelectField, TextField } from "@/components/ui/field";
import { AdminOrderTable } from "@/components/admin/order-table";
import { PageHeading } from "@/components/admin/page-heading";
import { ORDER_STATUS_LABELS } from "@/components/ui/order-status-badge";
import { Button } from "@/components/ui/button";
import { ORDER_STATUSES, searchOrders, type OrderStatus } from "@/lib/dal/admin/orders";
import { isPublicId } from "@/lib/ids";
import { requireAdminPage, searchParam } from "@/lib/page";

export const metadata: Metadata = { title: "Orders · Admin" };

export default async function OrdersPage({ searchParams }: PageProps<"/admin/orders">) {
  const viewer = await requireAdminPage();
  const params = await searchParams;
  const id = searchParam(params, "id");
  const email = searchParam(params, "email");
  const status = searchParam(params, "status");
  const errors = {
    id: id && !isPublicId("ord", id) ? "Order IDs look like ord_…" : undefined,
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
          <Options any="All statuses" values={ORDER_STATUSES} labels={ORDER_STATUS_LABELS} />
        </SelectField>
        <Button type="submit">Search</Button>
      </form>
      {valid ? <AdminOrderTable label="Orders" minWidth="52rem" orders={orders} showAccount empty="No order matches." /> : null}
    </div>
  );
}
