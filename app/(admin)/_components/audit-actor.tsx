import { useTranslations } from "next-intl";
import type { AuditActorView } from "@/lib/dal/admin/audit";

/** Who made an audited change: the admin's email, or "API key" with the key's name and key_… id (the Actor filter takes either). */
export function AuditActor({ actor }: { actor: AuditActorView }) {
  const t = useTranslations("adminAudit");
  if ("email" in actor) return <span translate="no">{actor.email}</span>;
  return (
    <span>
      {t("apiKeyActor")}{" "}
      <span translate="no">
        {actor.name} <span className="font-mono text-xs">{actor.apiKey}</span>
      </span>
    </span>
  );
}
