import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading, TableRegion, td, th } from "@/components/admin/page-heading";
import { termsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/billing/date-time";
import { listBatches } from "@/lib/dal/admin/batches";
import { listCatalog } from "@/lib/dal/admin/catalog";
import { listProviders } from "@/lib/dal/admin/providers";
import { requireAdminPage } from "@/lib/page";
import { kindTitle } from "@/lib/vouchers/kinds";
import { IssueForm } from "./_components/issue-form";

export const metadata: Metadata = { title: "Batches · Admin" };

export default async function BatchesPage() {
  const viewer = await requireAdminPage();
  const [batches, catalog, providers] = await Promise.all([listBatches(viewer), listCatalog(viewer), listProviders(viewer)]);
  const forSale = catalog.filter((p) => p.retiredAt === null).map((p) => ({ publicId: p.publicId, name: p.name, unitPrice: p.unitPrice }));
  return (
    <div className="space-y-8">
      <PageHeading title="Batches">
        Issue codes in batches. Codes are shown once, at issue; only their keyed hash and last 4 characters are stored.
      </PageHeading>
      <IssueForm products={forSale} providers={providers.map((p) => ({ publicId: p.publicId, name: p.name }))} />
      <section aria-labelledby="batches-heading" className="space-y-2">
        <h2 id="batches-heading" className="text-lg font-semibold">
          Latest batches
        </h2>
        {batches.length === 0 ? (
          <p className="text-sm text-slate-600">No batch yet.</p>
        ) : (
          <TableRegion label="Batches" minWidth="48rem">
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className={th}>Batch</th>
                <th scope="col" className={th}>Kind</th>
                <th scope="col" className={th}>Terms</th>
                <th scope="col" className={th}>Codes</th>
                <th scope="col" className={th}>Issued</th>
                <th scope="col" className={th}>Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {batches.map((b) => (
                <tr key={b.publicId}>
                  <td className={td}>
                    <Link href={`/admin/batches/${b.publicId}`} className="underline">
                      {b.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-600">{b.publicId}</div>
                  </td>
                  <td className={td}>{kindTitle(b.kind)}</td>
                  <td className={td}>{termsText(b)}</td>
                  <td className={`${td} tabular-nums`}>
                    {b.codes.redeemed.toLocaleString("en-US")} / {b.codes.total.toLocaleString("en-US")} redeemed
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    <DateTime at={b.createdAt} />
                  </td>
                  <td className={td}>{b.voidedAt ? "Voided" : "Active"}</td>
                </tr>
              ))}
            </tbody>
          </TableRegion>
        )}
      </section>
    </div>
  );
}
