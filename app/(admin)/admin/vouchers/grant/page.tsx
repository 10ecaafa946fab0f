import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { listCatalog } from "@/lib/dal/admin/catalog";
import { listProviders } from "@/lib/dal/admin/providers";
import { requireAdminPage, searchParam } from "@/lib/page";
import { GrantForm } from "../_components/grant-form";
import { BackLink } from "@/components/ui/facts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminVouchers.grant"))("title") };
}

export default async function GrantPage({ searchParams }: PageProps<"/admin/vouchers/grant">) {
  const viewer = await requireAdminPage();
  const t = await getTranslations("adminVouchers.grant");
  const email = searchParam(await searchParams, "email").slice(0, 320);
  const [catalog, providers] = await Promise.all([listCatalog(viewer), listProviders(viewer)]);
  const forSale = catalog.filter((p) => p.retiredAt === null).map((p) => ({ publicId: p.publicId, name: p.name, unitPrice: p.unitPrice }));
  return (
    <div className="space-y-6">
      <BackLink href="/admin/vouchers">{t("back")}</BackLink>
      <PageHeading title={t("heading")}>{t("intro")}</PageHeading>
      <GrantForm products={forSale} providers={providers.map((p) => ({ publicId: p.publicId, name: p.name }))} email={email} />
    </div>
  );
}
