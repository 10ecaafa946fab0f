import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { TextField } from "@/components/ui/field";
import { PageHeading } from "@/components/admin/page-heading";
import { AdminVoucherTable } from "@/components/admin/voucher-table";
import { Button } from "@/components/ui/button";
import { searchVouchers } from "@/lib/dal/admin/vouchers";
import { isPublicId } from "@/lib/ids";
import { requireAdminPage, searchParam } from "@/lib/page";
import { FindCode } from "./_components/find-code";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminVouchers.search"))("title") };
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/** Vouchers: find by Voucher ID or account email (a GET form: shareable), or by code (a POST, see FindCode). */
export default async function VouchersPage({ searchParams }: PageProps<"/admin/vouchers">) {
  const viewer = await requireAdminPage();
  const params = await searchParams;
  const t = await getTranslations("adminVouchers.search");
  const id = searchParam(params, "id");
  const email = searchParam(params, "email");
  const errors = {
    id: id && !isPublicId("vch", id) ? t("badId") : undefined,
    email: email && !EMAIL.test(email) ? t("badEmail") : undefined,
  };
  const searched = Boolean(id || email);
  const valid = !errors.id && !errors.email;
  const results = searched && valid ? await searchVouchers(viewer, { voucherId: id || undefined, email: email || undefined }, new Date()) : [];
  return (
    <div className="space-y-6">
      <PageHeading
        title={t("heading")}
        actions={
          <Link href="/admin/vouchers/grant" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t("grant")}
          </Link>
        }
      >
        {t("intro")}
      </PageHeading>
      <form method="get" action="/admin/vouchers" aria-label={t("formLabel")} className="grid items-end gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-[1fr_1fr_auto]">
        <TextField label={t("voucherId")} name="id" defaultValue={id} placeholder="vch_…" autoComplete="off" spellCheck={false} error={errors.id} />
        <TextField label={t("email")} name="email" type="email" defaultValue={email} autoComplete="off" error={errors.email} />
        <Button type="submit">{t("submit")}</Button>
      </form>
      <FindCode />
      {searched && valid ? (
        <section aria-labelledby="results-heading" className="space-y-2">
          <h2 id="results-heading" className="text-lg font-semibold">
            {results.length === 0 ? t("none") : t("count", { count: results.length })}
          </h2>
          {results.length > 0 ? <AdminVoucherTable vouchers={results} label={t("resultsLabel")} /> : null}
        </section>
      ) : null}
    </div>
  );
}
