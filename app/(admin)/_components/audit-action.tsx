import { useTranslations } from "next-intl";

/**
 * An audit action as operators read it: its name in the reader's language
 * ("Void voucher" / "作废代金券"), with the machine name (`voucher.void`) kept
 * visible beneath, since the Action filter searches by it. An action without a
 * name in the catalogue shows its machine name alone.
 */
export function AuditAction({ action, inline = false }: { action: string; inline?: boolean }) {
  const t = useTranslations("adminAudit.actions");
  // Catalogue keys nest on the dot: "voucher.void" is actions.voucher.void.
  const key = action as Parameters<typeof t>[0];
  const name = /^[a-z_]+\.[a-z_]+$/.test(action) && t.has(key) ? t(key) : null;
  const machine = <span className="font-mono text-xs font-normal text-slate-600">{action}</span>;
  if (!name) return machine;
  return inline ? (
    <span>
      <span className="font-medium">{name}</span> {machine}
    </span>
  ) : (
    <span className="flex flex-col">
      <span className="font-medium">{name}</span>
      {machine}
    </span>
  );
}
