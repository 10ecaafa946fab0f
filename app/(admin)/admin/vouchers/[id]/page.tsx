import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading } from "@/components/admin/page-heading";
import { TermsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { usageEntryColumns } from "@/components/billing/usage-entries";
import { CellLink, DataTable } from "@/components/ui/data-table";
import { getVoucherDetail, type VoucherDetail } from "@/lib/dal/admin/vouchers";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { kindTitle } from "@/lib/vouchers/kinds";
import { VoidVoucherButton } from "../_components/void-voucher-button";
import { BackLink, Facts } from "@/components/ui/facts";

export const metadata: Metadata = { title: "Voucher · Admin" };

const USAGE_COLUMNS = usageEntryColumns<VoucherDetail["usage"][number]>([
  { header: "Order ID", className: "font-mono text-xs", cell: ({ orderPublicId: id }) => (id === null ? "—" : <CellLink href={`/admin/orders/${id}`}>{id}</CellLink>) },
]);

export default async function VoucherPage({ params }: PageProps<"/admin/vouchers/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "vch");
  const v = await orNotFound(getVoucherDetail(viewer, id, new Date()));
  const facts: Array<[string, React.ReactNode]> = [
    ["Kind", kindTitle(v.kind)],
    ["Status", <StatusBadge key="status" status={v.status} />],
    [
      "Account",
      <Link key="account" href={`/admin/accounts/${v.accountPublicId}`} className="underline">
        {v.accountName} ({v.accountPublicId})
      </Link>,
    ],
  ];
  if (v.faceValue !== null) facts.push(["Face value", <Money key="face" minor={v.faceValue} />]);
  if (v.balance !== null) facts.push([v.status === "voided" ? "Voided amount" : "Balance", <Money key="balance" minor={v.balance} />]);
  if (v.faceValue !== null && v.balance !== null) facts.push(["Used", <Money key="used" minor={v.faceValue - v.balance} />]);
  if (v.terms) facts.push(["Terms", <TermsText v={v} productName={v.scopeProductName} />]);
  if (v.providers) facts.push(["Providers", v.providers.join(", ")]);
  facts.push(["Effective", <DateTime key="eff" at={v.effectiveAt} />], ["Expires", <DateTime key="exp" at={v.expiresAt} />]);
  facts.push([
    "Origin",
    v.batchPublicId ? (
      <span key="origin">
        Code …{v.codeLast4} of batch{" "}
        <Link href={`/admin/batches/${v.batchPublicId}`} className="underline">
          {v.batchName}
        </Link>
      </span>
    ) : (
      `Granted by ${v.grantedByEmail ?? "an admin"}`
    ),
  ]);
  if (v.voidedAt) facts.push(["Voided", <span key="voided"><DateTime at={v.voidedAt} /> by {v.voidedByEmail ?? "—"}: {v.voidReason}</span>]);

  return (
    <div className="space-y-6">
      <BackLink href="/admin/vouchers">Vouchers</BackLink>
      <PageHeading title={<>Voucher <span className="font-mono text-lg">{v.publicId}</span></>} actions={<VoidVoucherButton voucherPublicId={v.publicId} balance={v.balance} voided={v.voidedAt !== null} />} />
      <Facts label="Voucher" items={facts} />
      <section aria-labelledby="usage-heading" className="space-y-2">
        <h2 id="usage-heading" className="text-lg font-semibold">
          Usage history
        </h2>
        <DataTable label="Usage history" columns={USAGE_COLUMNS} rows={v.usage} empty="Not used yet." />
      </section>
    </div>
  );
}
