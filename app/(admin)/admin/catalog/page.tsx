import type { Metadata } from "next";
import { PageHeading } from "@/components/admin/page-heading";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { listCatalog, type CatalogProduct } from "@/lib/dal/admin/catalog";
import { listProviders, type ProviderView } from "@/lib/dal/admin/providers";
import { requireAdminPage } from "@/lib/page";
import { CreateProductForm, EditProductButton, RetireProductButton } from "./_components/product-forms";
import { AddProviderForm, RenameProviderButton } from "./_components/provider-forms";

export const metadata: Metadata = { title: "Catalog · Admin" };

const ACTIONS = <span className="sr-only">Actions</span>;

/** Products with their actions; a retired product has none. */
function productColumns(providers: Array<{ publicId: string; name: string }>): Array<Column<CatalogProduct>> {
  return [
    { header: "Product", cell: (p) => <NameAndId name={p.name} id={p.publicId} /> },
    { header: "Unit price", cell: (p) => <Money minor={p.unitPrice} /> },
    { header: "Compute provider", cell: (p) => p.provider ?? "None" },
    { header: "Status", cell: (p) => (p.retiredAt ? <>Retired <DateTime at={p.retiredAt} /></> : "For sale") },
    {
      header: ACTIONS,
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

const PROVIDER_COLUMNS: Array<Column<ProviderView>> = [
  { header: "Provider", cell: (p) => <NameAndId name={p.name} id={p.publicId} /> },
  { header: "Products for sale", className: "tabular-nums", cell: (p) => p.productsForSale },
  { header: "Added", className: "whitespace-nowrap", cell: (p) => <DateTime at={p.createdAt} /> },
  { header: ACTIONS, cell: (p) => <RenameProviderButton provider={{ publicId: p.publicId, name: p.name }} /> },
];

export default async function CatalogPage() {
  const viewer = await requireAdminPage();
  const [catalog, providerRows] = await Promise.all([listCatalog(viewer), listProviders(viewer)]);
  const providers = providerRows.map((p) => ({ publicId: p.publicId, name: p.name }));
  return (
    <div className="space-y-6">
      <PageHeading title="Catalog">What customers can order. An order keeps the price it was placed at.</PageHeading>
      <DataTable label="Products" minWidth="44rem" columns={productColumns(providers)} rows={catalog} empty="No product yet." />
      <CreateProductForm providers={providers} />
      <section aria-labelledby="providers-heading" className="space-y-3">
        <h2 id="providers-heading" className="text-lg font-semibold">
          Compute providers
        </h2>
        <p className="text-sm text-slate-600">
          Computing power vouchers pay for the products of their providers. Batches, grants and products choose providers from this list;
          a provider can be renamed, never removed.
        </p>
        <DataTable label="Providers" minWidth="30rem" columns={PROVIDER_COLUMNS} rows={providerRows} empty="No provider yet." />
        <AddProviderForm />
      </section>
    </div>
  );
}
