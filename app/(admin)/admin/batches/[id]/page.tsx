import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading } from "@/components/admin/page-heading";
import { TermsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import { getBatch, type BatchDetail } from "@/lib/dal/admin/batches";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { kindTitle } from "@/lib/vouchers/kinds";
import { VoidBatchButton } from "../_components/void-batch-button";
import { BackLink, Facts } from "@/components/ui/facts";

export const metadata: Metadata = { title: "Batch · Admin" };

const COLUMNS: Array<Column<BatchDetail["vouchers"][number]>> = [
  { header: "Voucher ID", className: "font-mono text-xs", cell: (v) => <CellLink href={`/admin/vouchers/${v.publicId}`}>{v.publicId}</CellLink> },
  { header: "Account", className: "font-mono text-xs", cell: (v) => <CellLink href={`/admin/accounts/${v.accountPublicId}`}>{v.accountPublicId}</CellLink> },
  { header: "Status", cell: (v) => <StatusBadge status={v.status} /> },
  { header: "Balance", cell: (v) => (v.balance === null ? "—" : <Money minor={v.balance} />) },
  { header: "Redeemed", className: "whitespace-nowrap", cell: (v) => <DateTime at={v.createdAt} /> },
];

export default async function BatchPage({ params }: PageProps<"/admin/batches/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "bat");
  const batch = await orNotFound(getBatch(viewer, id, new Date()));
  const facts: Array<[string, React.ReactNode]> = [
    ["Kind", kindTitle(batch.kind)],
    ["Terms", <TermsText v={batch} productName={batch.scopeProductName} />],
    [
      "Validity",
      batch.validDays !== null ? (
        `${batch.validDays} days from redemption`
      ) : (
        <>
          <DateTime at={batch.effectiveAt!} /> to <DateTime at={batch.expiresAt!} />
        </>
      ),
    ],
    ["Redemption deadline", batch.redeemBy ? <DateTime at={batch.redeemBy} /> : "None"],
    ["Issued", <DateTime key="issued" at={batch.createdAt} />],
    ["Issued by", batch.createdByEmail ?? "—"],
    ["Codes", `${batch.codes.total.toLocaleString("en-US")} issued · ${batch.codes.redeemed.toLocaleString("en-US")} redeemed · ${batch.codes.revoked.toLocaleString("en-US")} revoked · ${batch.codes.unredeemed.toLocaleString("en-US")} unredeemed`],
  ];
  return (
    <div className="space-y-6">
      <BackLink href="/admin/batches">Batches</BackLink>
      <PageHeading
        title={batch.name}
        actions={
          <VoidBatchButton batchPublicId={batch.publicId} name={batch.name} vouchers={batch.voucherCount} unredeemed={batch.codes.unredeemed} voided={batch.voidedAt !== null} />
        }
      >
        <span className="font-mono">{batch.publicId}</span>
      </PageHeading>
      {batch.voidedAt ? (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-900">
          Voided <DateTime at={batch.voidedAt} />: {batch.voidReason}
        </p>
      ) : null}
      <Facts items={facts} />
      <p className="text-sm text-slate-600">
        The codes themselves can&apos;t be shown: they were listed once, at issue, and only a keyed hash of each is stored. To check or revoke
        one, look it up by code on the <Link href="/admin/vouchers" className="underline">Vouchers</Link> page.
      </p>
      <section aria-labelledby="vouchers-heading" className="space-y-2">
        <h2 id="vouchers-heading" className="text-lg font-semibold">
          Vouchers redeemed from it ({batch.voucherCount.toLocaleString("en-US")})
        </h2>
        <DataTable label="Vouchers of this batch" columns={COLUMNS} rows={batch.vouchers} empty="None yet." />
      </section>
    </div>
  );
}
