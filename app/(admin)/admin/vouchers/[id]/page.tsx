import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { TermsText } from "@/components/admin/terms-text";
import { DateTime } from "@/components/ui/date-time";
import { Money } from "@/components/ui/money";
import { StatusBadge } from "@/components/ui/status-badge";
import { usageEntryColumns } from "@/components/billing/usage-entries";
import { CellLink, DataTable } from "@/components/ui/data-table";
import { getVoucherDetail, type VoucherDetail } from "@/lib/dal/admin/vouchers";
import { orNotFound, publicIdParam, requireAdminPage } from "@/lib/page";
import { VoidVoucherButton } from "../_components/void-voucher-button";
import { BackLink, Facts } from "@/components/ui/facts";
import { Data } from "@/components/ui/data";
import { providerList } from "@/lib/i18n/lists";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminVouchers.detail"))("title") };
}

export default async function VoucherPage({ params }: PageProps<"/admin/vouchers/[id]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).id, "vch");
  const v = await orNotFound(getVoucherDetail(viewer, id, new Date()));
  const [t, tEnums, locale] = await Promise.all([getTranslations("adminVouchers.detail"), getTranslations("enums"), getLocale()]);
  const usageColumns = usageEntryColumns<VoucherDetail["usage"][number]>([
    { header: t("colOrderId"), className: "font-mono text-xs", cell: ({ orderPublicId: id }) => (id === null ? "—" : <CellLink href={`/admin/orders/${id}`}>{id}</CellLink>) },
  ]);
  const facts: Array<[string, React.ReactNode]> = [
    [t("kind"), tEnums(`voucherKindTitle.${v.kind}`)],
    [t("status"), <StatusBadge key="status" status={v.status} kind={v.kind} />],
    [
      t("account"),
      <Link key="account" href={`/admin/accounts/${v.accountPublicId}`} className="underline">
        <Data>{v.accountName}</Data> ({v.accountPublicId})
      </Link>,
    ],
  ];
  if (v.faceValue !== null) facts.push([t("faceValue"), <Money key="face" minor={v.faceValue} />]);
  if (v.balance !== null) facts.push([v.status === "voided" ? t("voidedAmount") : t("balance"), <Money key="balance" minor={v.balance} />]);
  if (v.faceValue !== null && v.balance !== null) facts.push([t("used"), <Money key="used" minor={v.faceValue - v.balance} />]);
  if (v.terms) facts.push([t("terms"), <TermsText key="terms" v={v} productName={v.scopeProductName} />]);
  if (v.providers) facts.push([t("providers"), <Data key="providers">{providerList(v.providers, locale)}</Data>]);
  facts.push([t("effective"), <DateTime key="eff" at={v.effectiveAt} />], [t("expires"), <DateTime key="exp" at={v.expiresAt} />]);
  const batchPublicId = v.batchPublicId;
  facts.push([
    t("origin"),
    batchPublicId ? (
      <span key="origin">
        {t.rich("fromCode", {
          last4: v.codeLast4 ?? "",
          batch: v.batchName ?? "",
          link: (chunks) => (
            <Link href={`/admin/batches/${batchPublicId}`} className="underline" translate="no">
              {chunks}
            </Link>
          ),
        })}
      </span>
    ) : v.grantedByEmail ? (
      t("grantedBy", { email: v.grantedByEmail })
    ) : (
      t("grantedByAnAdmin")
    ),
  ]);
  const voidedAt = v.voidedAt;
  if (voidedAt)
    facts.push([
      t("voided"),
      <span key="voided">{t.rich("voidedBy", { date: () => <DateTime at={voidedAt} />, email: v.voidedByEmail ?? "—", reason: v.voidReason ?? "" })}</span>,
    ]);

  return (
    <div className="space-y-6">
      <BackLink href="/admin/vouchers">{t("back")}</BackLink>
      <PageHeading
        title={t.rich("heading", { id: v.publicId, mono: (chunks) => <span className="font-mono text-lg">{chunks}</span> })}
        actions={<VoidVoucherButton voucherPublicId={v.publicId} balance={v.balance} voided={v.voidedAt !== null} />}
      />
      <Facts label={t("factsLabel")} items={facts} />
      <section aria-labelledby="usage-heading" className="space-y-2">
        <h2 id="usage-heading" className="text-lg font-semibold">
          {t("usageHeading")}
        </h2>
        <DataTable label={t("usageLabel")} columns={usageColumns} rows={v.usage} empty={t("usageEmpty")} />
      </section>
    </div>
  );
}
