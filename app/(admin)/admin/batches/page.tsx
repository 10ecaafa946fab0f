import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { TermsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/ui/date-time";
import { CellLink, DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import type { CodesCsvLabelsByLocale } from "@/lib/admin/codes-csv";
import { codesCsvLabels } from "@/lib/admin/codes-csv-labels";
import { listBatches, type BatchSummary } from "@/lib/dal/admin/batches";
import { listCatalog } from "@/lib/dal/admin/catalog";
import { listProviders } from "@/lib/dal/admin/providers";
import { LOCALES } from "@/lib/i18n/locale";
import { requireAdminPage } from "@/lib/page";
import { IssueForm } from "./_components/issue-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminBatches.list"))("title") };
}

export default async function BatchesPage() {
  const viewer = await requireAdminPage();
  const [t, tEnums] = await Promise.all([getTranslations("adminBatches.list"), getTranslations("enums")]);
  const [batches, catalog, providers] = await Promise.all([listBatches(viewer), listCatalog(viewer), listProviders(viewer)]);
  const forSale = catalog.filter((p) => p.retiredAt === null).map((p) => ({ publicId: p.publicId, name: p.name, unitPrice: p.unitPrice }));
  const columns: Array<Column<BatchSummary>> = [
    { header: t("colBatch"), cell: (b) => <NameAndId name={<CellLink href={`/admin/batches/${b.publicId}`}>{b.name}</CellLink>} id={b.publicId} /> },
    { header: t("colKind"), cell: (b) => tEnums(`voucherKindTitle.${b.kind}`) },
    { header: t("colTerms"), cell: (b) => <TermsText v={b} /> },
    { header: t("colCodes"), className: "tabular-nums", cell: (b) => t("codesRedeemed", { redeemed: b.codes.redeemed, total: b.codes.total }) },
    { header: t("colIssued"), className: "whitespace-nowrap", cell: (b) => <DateTime at={b.createdAt} /> },
    { header: t("colStatus"), cell: (b) => (b.voidedAt ? t("voided") : t("active")) },
  ];
  // The issued-codes file's words in every language: the form offers the file in either.
  const csvLabels = Object.fromEntries(LOCALES.map((locale) => [locale, codesCsvLabels(locale)])) as CodesCsvLabelsByLocale;
  return (
    <div className="space-y-8">
      <PageHeading title={t("heading")}>{t("intro")}</PageHeading>
      <IssueForm products={forSale} providers={providers.map((p) => ({ publicId: p.publicId, name: p.name }))} csvLabels={csvLabels} />
      <section aria-labelledby="batches-heading" className="space-y-2">
        <h2 id="batches-heading" className="text-lg font-semibold">
          {t("latest")}
        </h2>
        <DataTable label={t("tableLabel")} minWidth="48rem" columns={columns} rows={batches} empty={t("empty")} />
      </section>
    </div>
  );
}
