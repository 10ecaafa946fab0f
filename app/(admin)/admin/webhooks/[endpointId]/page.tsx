import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { Data } from "@/components/ui/data";
import { DataTable, type Column } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";
import { BackLink, Facts } from "@/components/ui/facts";
import { MAX_ACCOUNT_FILTER_LENGTH, MAX_WEBHOOK_DESCRIPTION_LENGTH, MAX_WEBHOOK_URL_LENGTH } from "@/lib/admin/webhooks";
import { getWebhookEndpoint, isDeliveryCursor, listWebhookDeliveries, type WebhookDeliveryView } from "@/lib/dal/admin/webhooks";
import { EVENT_TYPES } from "@/lib/events/types";
import { orNotFound, publicIdParam, requireAdminPage, searchParam } from "@/lib/page";
import { AccountFilterText, EventTypesText } from "../_components/endpoint-parts";
import { EditWebhookButton, EndpointStateButton, ResendButton, SecretControls } from "../_components/webhook-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminWebhooks.detail"))("title") };
}

const STATUS_STYLE: Record<WebhookDeliveryView["status"], string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-300",
  succeeded: "bg-green-50 text-green-900 ring-green-300",
  failed: "bg-red-50 text-red-900 ring-red-300",
};

export default async function WebhookEndpointPage({ params, searchParams }: PageProps<"/admin/webhooks/[endpointId]">) {
  const viewer = await requireAdminPage();
  const id = publicIdParam((await params).endpointId, "whk");
  const endpoint = await orNotFound(getWebhookEndpoint(viewer, id));
  const rawCursor = searchParam(await searchParams, "cursor");
  // A page link that is not ours shows the newest page and says so, instead of an error.
  const cursorInvalid = rawCursor !== "" && !isDeliveryCursor(rawCursor);
  const deliveries = await listWebhookDeliveries(viewer, endpoint.publicId, rawCursor && !cursorInvalid ? rawCursor : undefined);
  const t = await getTranslations("adminWebhooks.detail");
  const limits = { url: MAX_WEBHOOK_URL_LENGTH, description: MAX_WEBHOOK_DESCRIPTION_LENGTH, accountFilter: MAX_ACCOUNT_FILTER_LENGTH };

  const when = (at: Date | null) => (at ? <DateTime at={at} /> : "—");
  const columns: Array<Column<WebhookDeliveryView>> = [
    {
      header: t("colEvent"),
      cell: (d) => (
        <>
          <Data className="font-mono text-xs font-medium">{d.eventType}</Data>
          <div className="font-mono text-xs text-slate-600" translate="no">
            {d.eventPublicId}
          </div>
          <div className="font-mono text-xs text-slate-500" translate="no">
            {d.publicId}
          </div>
        </>
      ),
    },
    {
      header: t("colStatus"),
      cell: (d) => <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[d.status]}`}>{t(`statuses.${d.status}`)}</span>,
    },
    {
      header: t("colResponse"),
      cell: (d) => (
        <>
          {d.lastStatusCode !== null ? <span className="font-mono tabular-nums">{d.lastStatusCode}</span> : d.attempts > 0 ? t("noResponse") : "—"}
          {d.lastError ? (
            <div className="max-w-xs break-words text-xs text-slate-600">
              <Data>{d.lastError}</Data>
            </div>
          ) : null}
        </>
      ),
    },
    { header: t("colAttempts"), numeric: true, className: "tabular-nums", cell: (d) => d.attempts },
    { header: t("colLastAttempt"), className: "whitespace-nowrap", cell: (d) => when(d.lastAttemptAt) },
    { header: t("colNextTry"), className: "whitespace-nowrap", cell: (d) => (d.status === "pending" ? when(d.nextAttemptAt) : "—") },
    { header: t("colDelivered"), className: "whitespace-nowrap", cell: (d) => when(d.deliveredAt) },
    {
      header: <span className="sr-only">{t("actions")}</span>,
      cell: (d) => (d.status === "pending" ? null : <ResendButton endpointPublicId={endpoint.publicId} deliveryPublicId={d.publicId} />),
    },
  ];

  const facts: Array<[string, React.ReactNode]> = [
    [t("url"), <Data key="url" className="break-all font-mono text-xs">{endpoint.url}</Data>],
    [t("description"), endpoint.description ? <Data key="description">{endpoint.description}</Data> : t("none")],
    [t("events"), <EventTypesText key="events" eventTypes={endpoint.eventTypes} />],
    [t("account"), <AccountFilterText key="account" account={endpoint.account} />],
    [t("created"), <DateTime key="created" at={endpoint.createdAt} />],
    [t("createdBy"), <Data key="by">{endpoint.createdByEmail}</Data>],
  ];

  return (
    <div className="space-y-6">
      <BackLink href="/admin/webhooks">{t("back")}</BackLink>
      <PageHeading
        title={<Data className="break-all">{endpoint.description || endpoint.publicId}</Data>}
        actions={
          <div className="flex flex-wrap items-start gap-2">
            <EditWebhookButton
              endpoint={{ publicId: endpoint.publicId, description: endpoint.description, eventTypes: endpoint.eventTypes, accountFilter: endpoint.account?.publicId ?? "" }}
              eventTypes={EVENT_TYPES}
              limits={limits}
            />
            <EndpointStateButton endpointPublicId={endpoint.publicId} disabled={endpoint.disabledAt !== null} />
          </div>
        }
      >
        <span className="font-mono">{endpoint.publicId}</span>
      </PageHeading>
      {endpoint.disabledAt ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">{t.rich("disabledNote", { date: () => <DateTime at={endpoint.disabledAt!} /> })}</p>
      ) : null}
      <section aria-labelledby="settings-heading" className="space-y-2">
        <h2 id="settings-heading" className="text-lg font-semibold">
          {t("settings")}
        </h2>
        <Facts items={facts} />
      </section>
      <SecretControls endpointPublicId={endpoint.publicId} />
      <section aria-labelledby="deliveries-heading" className="space-y-2">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          {t("deliveriesHeading")}
        </h2>
        {cursorInvalid ? <p className="text-sm text-amber-900">{t("cursorInvalid")}</p> : null}
        <DataTable
          label={t("deliveriesLabel")}
          minWidth="60rem"
          alignTop
          columns={columns}
          rows={deliveries.items}
          empty={t("deliveriesEmpty")}
          pager={{
            label: t("pages"),
            first: rawCursor ? `/admin/webhooks/${endpoint.publicId}` : null,
            next: deliveries.nextCursor ? `/admin/webhooks/${endpoint.publicId}?cursor=${encodeURIComponent(deliveries.nextCursor)}` : null,
            nextText: t("older"),
          }}
        />
      </section>
    </div>
  );
}
