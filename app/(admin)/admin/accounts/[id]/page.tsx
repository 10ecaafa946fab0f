import type { Metadata } from "next";
import Link from "next/link";
import { AdminOrderTable } from "@/components/admin/order-table";
import { PageHeading } from "@/components/admin/page-heading";
import { AdminVoucherTable } from "@/components/admin/voucher-table";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { DataTable, type Column } from "@/components/ui/data-table";
import { getAccountDetail, type AccountDetail } from "@/lib/dal/admin/accounts";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { KIND_LABELS, STATUS_LABELS, VOUCHER_STATUSES, type StoredValueKind } from "@/lib/vouchers/kinds";
import { AdjustForm, ChargeForm } from "../_components/cash-forms";
import { BackLink } from "@/components/ui/facts";

export const metadata: Metadata = { title: "Account · Admin" };

const SUMMARY_ROWS = [
  ["Total face value", "totalFaceValue"],
  ["Used", "used"],
  ["Expired", "expired"],
  ["Voided", "voided"],
  ["Not effective", "notEffective"],
  ["Balance", "balance"],
] as const;

const MOVEMENT_LABELS: Record<string, string> = {
  top_up: "Top-up",
  charge: "Usage charge",
  payment: "Payment",
  refund: "Refund",
  adjustment_credit: "Adjustment (credit)",
  adjustment_debit: "Adjustment (debit)",
};

const MOVEMENT_COLUMNS: Array<Column<AccountDetail["cashMovements"][number]>> = [
  { header: "Time", className: "whitespace-nowrap", cell: (m) => <DateTime at={m.createdAt} /> },
  { header: "Type", cell: (m) => MOVEMENT_LABELS[m.type] ?? m.type },
  { header: "Amount", cell: (m) => <Money minor={m.amount} /> },
  { header: "Balance after", cell: (m) => <Money minor={m.balanceAfter} /> },
  { header: "Reason", cell: (m) => m.reason ?? "—" },
];

export default async function AccountPage({ params }: PageProps<"/admin/accounts/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "acc");
  const a = await orNotFound(getAccountDetail(viewer, id, new Date()));
  const firstEmail = a.users[0]?.email ?? "";
  return (
    <div className="space-y-8">
      <BackLink href="/admin/accounts">Accounts</BackLink>
      <PageHeading
        title={a.name}
        actions={
          firstEmail ? (
            <Link href={`/admin/vouchers/grant?email=${encodeURIComponent(firstEmail)}`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Grant a voucher
            </Link>
          ) : null
        }
      >
        <span className="font-mono">{a.publicId}</span> · {a.users.map((u) => u.email).join(", ") || "no customer"}
      </PageHeading>

      <section aria-labelledby="balances-heading" className="space-y-3">
        <h2 id="balances-heading" className="text-lg font-semibold">
          Balances
        </h2>
        <dl aria-label="Cash" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Cash balance</dt>
            <dd className="mt-1 font-semibold">
              <Money minor={a.cashBalance} />
            </dd>
          </div>
          <div className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">Arrears</dt>
            <dd className={`mt-1 font-semibold ${a.arrears > 0 ? "text-red-700" : ""}`}>
              <Money minor={a.arrears} />
            </dd>
          </div>
        </dl>
        <div className="grid gap-3 md:grid-cols-2">
          {(["cash", "compute"] as StoredValueKind[]).map((kind) => (
            <div key={kind} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
              <h3 className="mb-1 font-medium">{KIND_LABELS[kind]}</h3>
              <dl aria-label={`${KIND_LABELS[kind]} amounts`}>
                {SUMMARY_ROWS.map(([label, key]) => (
                  <div key={key} className="flex justify-between py-0.5">
                    <dt>{label}</dt>
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
          Discount vouchers:{" "}
          {VOUCHER_STATUSES.map((s) => `${a.discountCounts[s]} ${STATUS_LABELS[s].toLowerCase()}`).join(" · ")}
        </p>
      </section>

      <section aria-labelledby="cash-heading" className="space-y-3">
        <h2 id="cash-heading" className="text-lg font-semibold">
          Cash balance changes
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          <ChargeForm accountPublicId={a.publicId} />
          <AdjustForm accountPublicId={a.publicId} />
        </div>
        <DataTable label="Cash movements" minWidth="36rem" columns={MOVEMENT_COLUMNS} rows={a.cashMovements} />
      </section>

      <section aria-labelledby="vouchers-heading" className="space-y-2">
        <h2 id="vouchers-heading" className="text-lg font-semibold">
          Vouchers ({a.vouchers.length})
        </h2>
        {a.vouchers.length === 0 ? <p className="text-sm text-slate-600">No voucher.</p> : <AdminVoucherTable vouchers={a.vouchers} label="Vouchers of this account" showAccount={false} />}
      </section>

      <section aria-labelledby="orders-heading" className="space-y-2">
        <h2 id="orders-heading" className="text-lg font-semibold">
          Orders
        </h2>
        <AdminOrderTable label="Orders of this account" orders={a.orders} empty="No order." />
      </section>
    </div>
  );
}
