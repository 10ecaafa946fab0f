import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { Data } from "@/components/ui/data";
import { DataTable, NameAndId, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { maskedSecret } from "@/lib/api/keys";
import { listApiKeys, type ApiKeyView } from "@/lib/dal/api-keys";
import { requireAdminPage } from "@/lib/page";
import { CreateApiKeyForm, RevokeApiKeyButton } from "./_components/api-key-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminApiKeys.page"))("title") };
}

type Translate = Awaited<ReturnType<typeof getTranslations<"adminApiKeys.page">>>;

function columns(t: Translate): Array<Column<ApiKeyView>> {
  return [
    { header: t("colName"), cell: (k) => <NameAndId name={k.name} id={k.publicId} /> },
    {
      header: t("colScopes"),
      cell: (k) => (
        <Data className="font-mono text-xs">
          {k.scopes.join(", ")}
        </Data>
      ),
    },
    { header: t("colSecret"), className: "whitespace-nowrap", cell: (k) => <Data className="font-mono text-xs">{maskedSecret(k.last4)}</Data> },
    {
      header: t("colCreated"),
      cell: (k) => (
        <>
          <span className="whitespace-nowrap">
            <DateTime at={k.createdAt} />
          </span>
          <div className="text-xs text-slate-600">
            <Data>{k.createdByEmail}</Data>
          </div>
        </>
      ),
    },
    { header: t("colLastUsed"), className: "whitespace-nowrap", cell: (k) => (k.lastUsedAt ? <DateTime at={k.lastUsedAt} /> : t("never")) },
    {
      header: t("colStatus"),
      cell: (k) => (k.revokedAt ? t.rich("revokedAt", { date: () => <DateTime at={k.revokedAt!} /> }) : t("active")),
    },
    {
      header: <span className="sr-only">{t("actions")}</span>,
      cell: (k) => <RevokeApiKeyButton publicId={k.publicId} name={k.name} revoked={k.revokedAt !== null} />,
    },
  ];
}

export default async function ApiKeysPage() {
  const viewer = await requireAdminPage();
  const t = await getTranslations("adminApiKeys.page");
  const keys = await listApiKeys(viewer);
  return (
    <div className="space-y-6">
      <PageHeading title={t("heading")}>
        <p>{t("intro")}</p>
        <p className="mt-1">
          {t.rich("reference", {
            link: (chunks) => (
              <Link href="/api/docs" className="underline" translate="no">
                {chunks}
              </Link>
            ),
          })}
        </p>
      </PageHeading>
      <DataTable label={t("tableLabel")} minWidth="52rem" columns={columns(t)} rows={keys} empty={t("empty")} />
      <CreateApiKeyForm />
    </div>
  );
}
