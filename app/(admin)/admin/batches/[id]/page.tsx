import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { TermsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { CellLink, DataTable, type Column } from "@/components/ui/data-table";
import { getBatch, type BatchDetail } from "@/lib/dal/admin/batches";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { VoidBatchButton } from "../_components/void-batch-button";
import { BackLink, Facts } from "@/components/ui/facts";
import { Data } from "@/components/ui/data";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminBatches.detail"))("title") };
}

export default async function BatchPage({ params }: PageProps<"/admin/batches/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "bat");
  const batch = await orNotFound(getBatch(viewer, id, new Date()));
  const [t, tEnums] = await Promise.all([getTranslations("adminBatches.detail"), getTranslations("enums")]);
  const columns: Array<Column<BatchDetail["vouchers"][number]>> = [
    { header: t("colVoucherId"), className: "font-mono text-xs", cell: (v) => <CellLink href={`/admin/vouchers/${v.publicId}`}>{v.publicId}</CellLink> },
    { header: t("colAccount"), className: "font-mono text-xs", cell: (v) => <CellLink href={`/admin/accounts/${v.accountPublicId}`}>{v.accountPublicId}</CellLink> },
    { header: t("colStatus"), cell: (v) => <StatusBadge status={v.status} kind={batch.kind} /> },
    { header: t("colBalance"), cell: (v) => (v.balance === null ? "—" : <Money minor={v.balance} />) },
    { header: t("colRedeemed"), className: "whitespace-nowrap", cell: (v) => <DateTime at={v.createdAt} /> },
  ];
  const facts: Array<[string, React.ReactNode]> = [
    [t("kind"), tEnums(`voucherKindTitle.${batch.kind}`)],
    [t("terms"), <TermsText key="terms" v={batch} productName={batch.scopeProductName} />],
    [
      t("validity"),
      batch.validDays !== null
        ? t("validDays", { days: batch.validDays })
        : t.rich("validWindow", { from: () => <DateTime at={batch.effectiveAt!} />, to: () => <DateTime at={batch.expiresAt!} /> }),
    ],
    [t("redeemBy"), batch.redeemBy ? <DateTime at={batch.redeemBy} /> : t("none")],
    [t("issued"), <DateTime key="issued" at={batch.createdAt} />],
    [t("issuedBy"), batch.createdByEmail ?? "—"],
    [t("codes"), t("codesSummary", batch.codes)],
  ];
  return (
    <div className="space-y-6">
      <BackLink href="/admin/batches">{t("back")}</BackLink>
      <PageHeading
        title={<Data>{batch.name}</Data>}
        actions={
          <VoidBatchButton batchPublicId={batch.publicId} name={batch.name} vouchers={batch.voucherCount} unredeemed={batch.codes.unredeemed} voided={batch.voidedAt !== null} />
        }
      >
        <span className="font-mono">{batch.publicId}</span>
      </PageHeading>
      {batch.voidedAt ? (
        <p className="rounded-md bg-red-50 p-3 text-sm text-red-900">
          {t.rich("voidedNote", { date: () => <DateTime at={batch.voidedAt!} />, reason: batch.voidReason ?? "" })}
        </p>
      ) : null}
      <Facts items={facts} />
      <p className="text-sm text-slate-600">
        {t.rich("codesNote", {
          link: (chunks) => (
            <Link href="/admin/vouchers" className="underline">
              {chunks}
            </Link>
          ),
        })}
      </p>
      <section aria-labelledby="vouchers-heading" className="space-y-2">
        <h2 id="vouchers-heading" className="text-lg font-semibold">
          {t("vouchersHeading", { count: batch.voucherCount })}
        </h2>
        <DataTable label={t("vouchersLabel")} columns={columns} rows={batch.vouchers} empty={t("vouchersEmpty")} />
      </section>
    </div>
  );
}
