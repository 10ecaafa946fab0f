import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TextField } from "@/components/ui/field";
import { PageHeading } from "@/components/admin/page-heading";
import { Money } from "@/components/ui/money";
import { Button } from "@/components/ui/button";
import { CellLink, DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { searchAccounts, type AccountRow } from "@/lib/dal/admin/accounts";
import { requireAdminPage, searchParam } from "@/lib/page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminAccounts"))("list.title") };
}

export default async function AccountsPage({ searchParams }: PageProps<"/admin/accounts">) {
  const viewer = await requireAdminPage();
  const email = searchParam(await searchParams, "email").slice(0, 320);
  const accounts = await searchAccounts(viewer, email);
  const t = await getTranslations("adminAccounts.list");
  const columns: Array<Column<AccountRow>> = [
    { header: t("account"), cell: (a) => <NameAndId name={<CellLink href={`/admin/accounts/${a.publicId}`}>{a.name}</CellLink>} id={a.publicId} /> },
    { header: t("customers"), cell: (a) => a.emails.join(", ") || "—" },
    { header: t("cashBalance"), cell: (a) => <Money minor={a.cashBalance} className={a.cashBalance < 0 ? "text-red-700" : ""} /> },
  ];
  return (
    <div className="space-y-6">
      <PageHeading title={t("heading")}>{t("intro")}</PageHeading>
      <form method="get" action="/admin/accounts" aria-label={t("find")} className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-4">
        <TextField label={t("email")} name="email" defaultValue={email} hint={t("emailHint")} autoComplete="off" className="w-full max-w-sm" />
        <Button type="submit">{t("search")}</Button>
      </form>
      <DataTable label={t("table")} columns={columns} rows={accounts} empty={t("empty")} />
    </div>
  );
}
