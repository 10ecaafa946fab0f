import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { listCatalog, type CatalogProduct } from "@/lib/dal/admin/catalog";
import { listProviders, type ProviderView } from "@/lib/dal/admin/providers";
import { requireAdminPage } from "@/lib/page";
import { CreateProductForm, EditProductButton, RetireProductButton } from "./_components/product-forms";
import { AddProviderForm, RenameProviderButton } from "./_components/provider-forms";
import { Data } from "@/components/ui/data";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminCatalog.page"))("title") };
}

type Translate = Awaited<ReturnType<typeof getTranslations<"adminCatalog.page">>>;

/** Products with their actions; a retired product has none. */
function productColumns(t: Translate, providers: Array<{ publicId: string; name: string }>): Array<Column<CatalogProduct>> {
  return [
    { header: t("colProduct"), cell: (p) => <NameAndId name={p.name} id={p.publicId} /> },
    { header: t("colUnitPrice"), cell: (p) => <Money minor={p.unitPrice} /> },
    { header: t("colProvider"), cell: (p) => (p.provider ? <Data>{p.provider}</Data> : t("none")) },
    { header: t("colStatus"), cell: (p) => (p.retiredAt ? t.rich("retiredAt", { date: () => <DateTime at={p.retiredAt!} /> }) : t("forSale")) },
    {
      header: <span className="sr-only">{t("actions")}</span>,
      cell: (p) =>
        p.retiredAt ? null : (
          <div className="flex flex-wrap gap-2">
            <EditProductButton product={p} providers={providers} />
            <RetireProductButton product={p} />
          </div>
        ),
    },
  ];
}

function providerColumns(t: Translate): Array<Column<ProviderView>> {
  return [
    { header: t("colProviderName"), cell: (p) => <NameAndId name={p.name} id={p.publicId} /> },
    { header: t("colProductsForSale"), className: "tabular-nums", cell: (p) => p.productsForSale },
    { header: t("colAdded"), className: "whitespace-nowrap", cell: (p) => <DateTime at={p.createdAt} /> },
    { header: <span className="sr-only">{t("actions")}</span>, cell: (p) => <RenameProviderButton provider={{ publicId: p.publicId, name: p.name }} /> },
  ];
}

export default async function CatalogPage() {
  const viewer = await requireAdminPage();
  const t = await getTranslations("adminCatalog.page");
  const [catalog, providerRows] = await Promise.all([listCatalog(viewer), listProviders(viewer)]);
  const providers = providerRows.map((p) => ({ publicId: p.publicId, name: p.name }));
  return (
    <div className="space-y-6">
      <PageHeading title={t("heading")}>{t("intro")}</PageHeading>
      <DataTable label={t("productsLabel")} minWidth="44rem" columns={productColumns(t, providers)} rows={catalog} empty={t("productsEmpty")} />
      <CreateProductForm providers={providers} />
      <section aria-labelledby="providers-heading" className="space-y-3">
        <h2 id="providers-heading" className="text-lg font-semibold">
          {t("providersHeading")}
        </h2>
        <p className="text-sm text-slate-600">{t("providersIntro")}</p>
        <DataTable label={t("providersLabel")} minWidth="30rem" columns={providerColumns(t)} rows={providerRows} empty={t("providersEmpty")} />
        <AddProviderForm />
      </section>
    </div>
  );
}
