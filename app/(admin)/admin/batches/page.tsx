import type { Metadata } from "next";
import { PageHeading } from "@/components/admin/page-heading";
import { TermsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/ui/date-time";
import { CellLink, DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { listBatches, type BatchSummary } from "@/lib/dal/admin/batches";
import { listCatalog } from "@/lib/dal/admin/catalog";
import { listProviders } from "@/lib/dal/admin/providers";
import { requireAdminPage } from "@/lib/page";
import { kindTitle } from "@/lib/vouchers/kinds";
import { IssueForm } from "./_components/issue-form";

export const metadata: Metadata = { title: "Batches · Admin" };

const COLUMNS: Array<Column<BatchSummary>> = [
  { header: "Batch", cell: (b) => <NameAndId name={<CellLink href={`/admin/batches/${b.publicId}`}>{b.name}</CellLink>} id={b.publicId} /> },
  { header: "Kind", cell: (b) => kindTitle(b.kind) },
  { header: "Terms", cell: (b) => <TermsText v={b} /> },
  { header: "Codes", className: "tabular-nums", cell: (b) => `${b.codes.redeemed.toLocaleString("en-US")} / ${b.codes.total.toLocaleString("en-US")} redeemed` },
  { header: "Issued", className: "whitespace-nowrap", cell: (b) => <DateTime at={b.createdAt} /> },
  { header: "Status", cell: (b) => (b.voidedAt ? "Voided" : "Active") },
];

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
        <DataTable label="Batches" minWidth="48rem" columns={COLUMNS} rows={batches} empty="No batch yet." />
      </section>
    </div>
  );
}
