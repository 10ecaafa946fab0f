import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Options, SelectField, TextField } from "@/components/ui/field";
import { AdminOrderTable } from "@/components/admin/order-table";
import { PageHeading } from "@/components/admin/page-heading";
import { Button } from "@/components/ui/button";
import { ORDER_STATUSES, searchOrders, type OrderStatus } from "@/lib/dal/admin/orders";
import { isPublicId } from "@/lib/ids";
import { requireAdminPage, searchParam } from "@/lib/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminOrders"))("list.title") };
}

export default async function OrdersPage({ searchParams }: PageProps<"/admin/orders">) {
  const viewer = await requireAdminPage();
  const t = await getTranslations("adminOrders.list");
  const tEnums = await getTranslations("enums");
  const params = await searchParams;
  const id = searchParam(params, "id");
  const email = searchParam(params, "email");
  const status = searchParam(params, "status");
  const errors = {
    id: id && !isPublicId("ord", id) ? t("errors.id") : undefined,
    email: email && !/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email) ? t("errors.email") : undefined,
    status: status && !(ORDER_STATUSES as readonly string[]).includes(status) ? t("errors.status") : undefined,
  };
  const valid = !errors.id && !errors.email && !errors.status;
  const orders = valid
    ? await searchOrders(viewer, { orderId: id || undefined, email: email || undefined, status: (status || undefined) as OrderStatus | undefined }, new Date())
    : [];
  const statusLabels = Object.fromEntries(ORDER_STATUSES.map((s) => [s, tEnums(`orderStatus.${s}`)])) as Record<OrderStatus, string>;
  return (
    <div className="space-y-6">
      <PageHeading title={t("heading")}>{t("intro")}</PageHeading>
      <form method="get" action="/admin/orders" aria-label={t("find")} className="grid items-end gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto]">
        <TextField label={t("orderId")} name="id" defaultValue={id} placeholder="ord_…" autoComplete="off" spellCheck={false} error={errors.id} />
        <TextField label={t("email")} name="email" type="email" defaultValue={email} autoComplete="off" error={errors.email} />
        <SelectField label={t("status")} name="status" defaultValue={status} error={errors.status}>
          <Options any={t("allStatuses")} values={ORDER_STATUSES} labels={statusLabels} />
        </SelectField>
        <Button type="submit">{t("search")}</Button>
      </form>
      {valid ? <AdminOrderTable label={t("table")} minWidth="52rem" orders={orders} showAccount empty={t("empty")} /> : null}
    </div>
  );
}
