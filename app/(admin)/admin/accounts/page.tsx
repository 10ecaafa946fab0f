import type { Metadata } from "next";
import { TextField } from "@/components/ui/field";
import { PageHeading } from "@/components/admin/page-heading";
import { Money } from "@/components/ui/money";
import { Button } from "@/components/ui/button";
import { CellLink, DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { searchAccounts, type AccountRow } from "@/lib/dal/admin/accounts";
import { requireAdminPage, searchParam } from "@/lib/page";

export const metadata: Metadata = { title: "Accounts · Admin" };

const COLUMNS: Array<Column<AccountRow>> = [
  { header: "Account", cell: (a) => <NameAndId name={<CellLink href={`/admin/accounts/${a.publicId}`}>{a.name}</CellLink>} id={a.publicId} /> },
  { header: "Customers", cell: (a) => a.emails.join(", ") || "—" },
  { header: "Cash balance", cell: (a) => <Money minor={a.cashBalance} className={a.cashBalance < 0 ? "text-red-700" : ""} /> },
];

export default async function AccountsPage({ searchParams }: PageProps<"/admin/accounts">) {
  const viewer = await requireAdminPage();
  const email = searchParam(await searchParams, "email").slice(0, 320);
  const accounts = await searchAccounts(viewer, email);
  return (
    <div className="space-y-6">
      <PageHeading title="Accounts">Billing accounts and their customers.</PageHeading>
      <form method="get" action="/admin/accounts" aria-label="Find accounts" className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-4">
        <TextField label="Email" name="email" defaultValue={email} hint="Part of a customer's email" autoComplete="off" className="w-full max-w-sm" />
        <Button type="submit">Search</Button>
      </form>
      <DataTable label="Accounts" columns={COLUMNS} rows={accounts} empty="No account matches." />
    </div>
  );
}
