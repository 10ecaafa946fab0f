import type { Metadata } from "next";
import { PageHeading } from "@/components/admin/page-heading";
import { listCatalog } from "@/lib/dal/admin/catalog";
import { listProviders } from "@/lib/dal/admin/providers";
import { requireAdminPage, searchParam } from "@/lib/page";
import { GrantForm } from "../_components/grant-form";
import { BackLink } from "@/components/ui/facts";

export const metadata: Metadata = { title: "Grant a voucher · Admin" };

export default async function GrantPage({ searchParams }: PageProps<"/admin/vouchers/grant">) {
  const viewer = await requireAdminPage();
  const email = searchParam(await searchParams, "email").slice(0, 320);
  const [catalog, providers] = await Promise.all([listCatalog(viewer), listProviders(viewer)]);
  const forSale = catalog.filter((p) => p.retiredAt === null).map((p) => ({ publicId: p.publicId, name: p.name, unitPrice: p.unitPrice }));
  return (
    <div className="space-y-6">
      <BackLink href="/admin/vouchers">Vouchers</BackLink>
      <PageHeading title="Grant a voucher">The voucher goes straight to the customer&apos;s account, without a code.</PageHeading>
      <GrantForm products={forSale} providers={providers.map((p) => ({ publicId: p.publicId, name: p.name }))} email={email} />
    </div>
  );
}
