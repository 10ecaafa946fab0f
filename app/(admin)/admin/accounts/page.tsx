import type { Metadata } from "next";
import Link from "next/link";
import { TextField } from "@/components/ui/field";
import { PageHeading, TableRegion, td, th } from "@/components/admin/page-heading";
import { Money } from "@/components/billing/money";
import { Button } from "@/components/ui/button";
import { searchAccounts } from "@/lib/dal/admin/accounts";
import { requireAdminPage } from "@/lib/dal/session";
import { param } from "../_lib/load";

export const metadata: Metadata = { title: "Accounts · Admin" };

export default async function AccountsPage({ searchParams }: PageProps<"/admin/accounts">) {
  const viewer = await requireAdminPage();
  const email = param(await searchParams, "email").slice(0, 320);
  const accounts = await searchAccounts(viewer, email);
  return (
    <div className="space-y-6">
      <PageHeading title="Accounts">Billing accounts and their customers.</PageHeading>
      <form method="get" action="/admin/accounts" aria-label="Find accounts" className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-4">
        <TextField label="Email" name="email" defaultValue={email} hint="Part of a customer's email" autoComplete="off" className="w-full max-w-sm" />
        <Button type="submit">Search</Button>
      </form>
      {accounts.length === 0 ? (
        <p className="text-sm text-slate-600">No account matches.</p>
      ) : (
        <TableRegion label="Accounts">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={th}>Account</th>
              <th scope="col" className={th}>Customers</th>
              <th scope="col" className={th}>Cash balance</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {accounts.map((a) => (
              <tr key={a.publicId}>
                <td className={td}>
                  <Link href={`/admin/accounts/${a.publicId}`} className="underline">
                    {a.name}
                  </Link>
                  <div className="font-mono text-xs text-slate-600">{a.publicId}</div>
                </td>
                <td className={td}>{a.emails.join(", ") || "—"}</td>
                <td className={td}>
                  <Money minor={a.cashBalance} className={a.cashBalance < 0 ? "text-red-700" : ""} />
                </td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      )}
    </div>
  );
}
