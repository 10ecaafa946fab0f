import { useTranslations } from "next-intl";
import { Data } from "@/components/ui/data";
import { CellLink } from "@/components/ui/data-table";
import { EVENT_TYPES } from "@/lib/events/types";
import type { WebhookEndpointView } from "@/lib/dal/admin/webhooks";

/** An endpoint's event types: "All event types (13)" when it has every one, else their machine names. */
export function EventTypesText({ eventTypes }: { eventTypes: readonly string[] }) {
  const t = useTranslations("adminWebhooks.page");
  if (EVENT_TYPES.every((type) => eventTypes.includes(type))) return <>{t("allEvents", { count: EVENT_TYPES.length })}</>;
  return <Data className="font-mono text-xs break-words">{eventTypes.join(", ")}</Data>;
}

/** Whose events an endpoint hears of: one account (linked to its page) or every account. */
export function AccountFilterText({ account }: { account: WebhookEndpointView["account"] }) {
  const t = useTranslations("adminWebhooks.page");
  if (!account) return <>{t("allAccounts")}</>;
  return (
    <>
      <Data>{account.name}</Data>
      <div className="font-mono text-xs">
        <CellLink href={`/admin/accounts/${account.publicId}`}>{account.publicId}</CellLink>
      </div>
    </>
  );
}
