import type { Metadata } from "next";
import { PageHeading, TableRegion, td, th } from "@/components/admin/page-heading";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { listCatalog } from "@/lib/dal/admin/catalog";
import { listProviders } from "@/lib/dal/admin/providers";
import { requireAdminPage } from "@/lib/page";
import { CreateProductForm, EditProductButton, RetireProductButton } from "./_components/product-forms";
import { AddProviderForm, RenameProviderButton } from "./_components/provider-forms";

export const metadata: Metadata = { title: "Catalog · Admin" };

export default async function CatalogPage() {
  const viewer = await requireAdminPage();
  const [catalog, providerRows] = await Promise.all([listCatalog(viewer), listProviders(viewer)]);
  const providers = providerRows.map((p) => ({ publicId: p.publicId, name: p.name }));
  return (
    <div className="space-y-6">
      <PageHeading title="Catalog">What customers can order. An order keeps the price it was placed at.</PageHeading>
      <TableRegion label="Products" minWidth="44rem">
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={th}>Product</th>
            <th scope="col" className={th}>Unit price</th>
            <th scope="col" className={th}>Compute provider</th>
            <th scope="col" className={th}>Status</th>
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {catalog.map((p) => (
            <tr key={p.publicId}>
              <td className={td}>
                {p.name}
                <div className="font-mono text-xs text-slate-600">{p.publicId}</div>
              </td>
              <td className={td}>
                <Money minor={p.unitPrice} />
              </td>
              <td className={td}>{p.provider ?? "None"}</td>
              <td className={td}>
                {p.retiredAt ? (
                  <>
                    Retired <DateTime at={p.retiredAt} />
                  </>
                ) : (
                  "For sale"
                )}
              </td>
              <td className={td}>
                {p.retiredAt ? null : (
                  <div className="flex flex-wrap gap-2">
                    <EditProductButton product={p} providers={providers} />
                    <RetireProductButton product={p} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </TableRegion>
      <CreateProductForm providers={providers} />
      <section aria-labelledby="providers-heading" className="space-y-3">
        <h2 id="providers-heading" className="text-lg font-semibold">
          Compute providers
        </h2>
        <p className="text-sm text-slate-600">
          Computing power vouchers pay for the products of their providers. Batches, grants and products choose providers from this list;
          a provider can be renamed, never removed.
        </p>
        {providerRows.length === 0 ? (
          <p className="text-sm text-slate-600">No provider yet.</p>
        ) : (
          <TableRegion label="Providers" minWidth="30rem">
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className={th}>Provider</th>
                <th scope="col" className={th}>Products for sale</th>
                <th scope="col" className={th}>Added</th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {providerRows.map((p) => (
                <tr key={p.publicId}>
                  <td className={td}>
                    {p.name}
                    <div className="font-mono text-xs text-slate-600">{p.publicId}</div>
                  </td>
                  <td className={`${td} tabular-nums`}>{p.productsForSale}</td>
                  <td className={`${td} whitespace-nowrap`}>
                    <DateTime at={p.createdAt} />
                  </td>
                  <td className={td}>
                    <RenameProviderButton provider={{ publicId: p.publicId, name: p.name }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </TableRegion>
        )}
        <AddProviderForm />
      </section>
    </div>
  );
}
