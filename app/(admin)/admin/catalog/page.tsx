import type { Metadata } from "next";
import { PageHeading, TableRegion, td, th } from "@/components/admin/page-heading";
import { DateTime } from "@/components/billing/date-time";
import { Money } from "@/components/billing/money";
import { listCatalog, listKnownProviders } from "@/lib/dal/admin/catalog";
import { requireAdminPage } from "@/lib/dal/session";
import { CreateProductForm, EditProductButton, RetireProductButton } from "./_components/product-forms";

export const metadata: Metadata = { title: "Catalog · Admin" };

export default async function CatalogPage() {
  const viewer = await requireAdminPage();
  const [catalog, providers] = await Promise.all([listCatalog(viewer), listKnownProviders(viewer)]);
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
    </div>
  );
}
