import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminOrderTable } from "@/components/admin/order-table";
import { PageHeading } from "@/components/admin/page-heading";
import { AdminVoucherTable } from "@/components/admin/voucher-table";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { DataTable, type Column } from "@/components/ui/data-table";
import { getAccountDetail, type AccountDetail } from "@/lib/dal/admin/accounts";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import type { StoredValueKind } from "@/lib/vouchers/kinds";
import { AdjustForm, ChargeForm } from "../_components/cash-forms";
import { BackLink } from "@/components/ui/facts";
import { Data } from "@/components/ui/data";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminAccounts"))("account.title") };
}

/** The amounts of a stored-value kind, in order; labels in `adminAccounts.account.summary`. */
const SUMMARY_ROWS = ["totalFaceValue", "used", "expired", "voided", "notEffective", "balance"] as const;

type Movement = AccountDetail["cashMovements"][number];

export default async function AccountPage({ params }: PageProps<"/admin/accounts/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "acc");
  const a = await orNotFound(getAccountDetail(viewer, id, new Date()));
  const firstEmail = a.users[0]?.email ?? "";
  const t = await getTranslations("adminAccounts");
  const tEnums = await getTranslations("enums");
  const movementType = (type: string) => {
    const key = `movements.types.${type}` as Parameters<typeof t>[0];
    return /^[a-z_]+$/.test(type) && t.has(key) ? t(key) : type;
  };
  const movementColumns: Array<Column<Movement>> = [
    { header: t("movements.time"), className: "whitespace-nowrap", cell: (m) => <DateTime at={m.createdAt} /> },
    { header: t("movements.type"), cell: (m) => movementType(m.type) },
    { header: t("movements.amount"), cell: (m) => <Money minor={m.amount} /> },
    { header: t("movements.balanceAfter"), cell: (m) => <Money minor={m.balanceAfter} /> },
    { header: t("movements.reason"), cell: (m) => (m.reason ? <Data>{m.reason}</Data> : "—") },
  ];
  return (
    <div className="space-y-8">
      <BackLink href="/admin/accounts">{t("account.back")}</BackLink>
      <PageHeading
        title={a.name}
        actions={
          firstEmail ? (
            <Link href={`/admin/vouchers/grant?email=${encodeURIComponent(firstEmail)}`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {t("account.grant")}
            </Link>
          ) : null
        }
      >
        <span className="font-mono">{a.publicId}</span> · {a.users.map((u) => u.email).join(", ") || t("account.noCustomer")}
      </PageHeading>

      <section aria-labelledby="balances-heading" className="space-y-3">
        <h2 id="balances-heading" className="text-lg font-semibold">
          {t("account.balances")}
        </h2>
        <dl aria-label={t("account.cash")} className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{t("account.cashBalance")}</dt>
            <dd className="mt-1 font-semibold">
              <Money minor={a.cashBalance} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{t("account.arrears")}</dt>
            <dd className={`mt-1 font-semibold ${a.arrears > 0 ? "text-red-700" : ""}`}>
              <Money minor={a.arrears} />
            </dd>
          </div>
        </dl>
        <div className="grid gap-3 md:grid-cols-2">
          {(["cash", "compute"] as StoredValueKind[]).map((kind) => (
            <div key={kind} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <h3 className="mb-1 font-medium">{tEnums(`voucherKinds.${kind}`)}</h3>
              <dl aria-label={t("account.amountsLabel", { kind: tEnums(`voucherKinds.${kind}`) })}>
                {SUMMARY_ROWS.map((key) => (
                  <div key={key} className="flex justify-between py-0.5">
                    <dt>{t(`account.summary.${key}`)}</dt>
                    <dd>
                      <Money minor={a.amounts[kind][key]} />
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
        <p className="text-sm">
          {t("account.discountCounts", {
            notEffective: a.discountCounts.not_effective,
            available: a.discountCounts.available,
            used: a.discountCounts.used,
            expired: a.discountCounts.expired,
            voided: a.discountCounts.voided,
          })}
        </p>
      </section>

      <section aria-labelledby="cash-heading" className="space-y-3">
        <h2 id="cash-heading" className="text-lg font-semibold">
          {t("account.cashChanges")}
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          <ChargeForm accountPublicId={a.publicId} />
          <AdjustForm accountPublicId={a.publicId} />
        </div>
        <DataTable label={t("movements.table")} minWidth="36rem" columns={movementColumns} rows={a.cashMovements} />
      </section>

      <section aria-labelledby="vouchers-heading" className="space-y-2">
        <h2 id="vouchers-heading" className="text-lg font-semibold">
          {t("account.vouchers", { count: a.vouchers.length })}
        </h2>
        {a.vouchers.length === 0 ? <p className="text-sm text-slate-600">{t("account.noVoucher")}</p> : <AdminVoucherTable vouchers={a.vouchers} label={t("account.vouchersTable")} showAccount={false} />}
      </section>

      <section aria-labelledby="orders-heading" className="space-y-2">
        <h2 id="orders-heading" className="text-lg font-semibold">
          {t("account.orders")}
        </h2>
        <AdminOrderTable label={t("account.ordersTable")} orders={a.orders} empty={t("account.noOrder")} />
      </section>
    </div>
  );
}
