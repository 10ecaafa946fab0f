import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { Data } from "@/components/ui/data";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { MAX_ACCOUNT_FILTER_LENGTH, MAX_WEBHOOK_DESCRIPTION_LENGTH, MAX_WEBHOOK_URL_LENGTH } from "@/lib/admin/webhooks";
import { listWebhookEndpoints, type WebhookEndpointView } from "@/lib/dal/admin/webhooks";
import { EVENT_TYPES } from "@/lib/events/types";
import { requireAdminPage } from "@/lib/page";
import { AccountFilterText, EventTypesText } from "./_components/endpoint-parts";
import { CreateWebhookForm } from "./_components/webhook-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminWebhooks.page"))("title") };
}

type Translate = Awaited<ReturnType<typeof getTranslations<"adminWebhooks.page">>>;

function columns(t: Translate): Array<Column<WebhookEndpointView>> {
  return [
    {
      header: t("colEndpoint"),
      cell: (e) => (
        <>
          <Link href={`/admin/webhooks/${e.publicId}`} className="break-all font-medium underline" translate="no">
            {e.url}
          </Link>
          {e.description ? (
            <div>
              <Data>{e.description}</Data>
            </div>
          ) : null}
          <div className="font-mono text-xs text-slate-600">{e.publicId}</div>
        </>
      ),
    },
    { header: t("colEvents"), cell: (e) => <EventTypesText eventTypes={e.eventTypes} /> },
    { header: t("colAccount"), cell: (e) => <AccountFilterText account={e.account} /> },
    {
      header: t("colStatus"),
      cell: (e) => (e.disabledAt ? t.rich("disabledAt", { date: () => <DateTime at={e.disabledAt!} /> }) : t("enabled")),
    },
    {
      header: t("colCreated"),
      cell: (e) => (
        <>
          <span className="whitespace-nowrap">
            <DateTime at={e.createdAt} />
          </span>
          <div className="text-xs text-slate-600">
            <Data>{e.createdByEmail}</Data>
          </div>
        </>
      ),
    },
  ];
}

export default async function WebhooksPage() {
  const viewer = await requireAdminPage();
  const t = await getTranslations("adminWebhooks.page");
  const endpoints = await listWebhookEndpoints(viewer);
  return (
    <div className="space-y-6">
      <PageHeading title={t("heading")}>
        <p>{t("intro")}</p>
      </PageHeading>
      <DataTable label={t("tableLabel")} minWidth="56rem" alignTop columns={columns(t)} rows={endpoints} empty={t("empty")} />
      <CreateWebhookForm
        eventTypes={EVENT_TYPES}
        limits={{ url: MAX_WEBHOOK_URL_LENGTH, description: MAX_WEBHOOK_DESCRIPTION_LENGTH, accountFilter: MAX_ACCOUNT_FILTER_LENGTH }}
      />
    </div>
  );
}
