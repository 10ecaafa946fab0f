import "server-only";
import { useLocale } from "next-intl";
import { platformCurrency } from "@/lib/config";
import { formatMoney } from "@/lib/money";

/** Every amount a server component shows goes through here: integer minor units, in the platform currency and the reader's locale. */
export function Money({ minor, className }: { minor: number; className?: string }) {
  const locale = useLocale();
  return <span className={className ? `tabular-nums ${className}` : "tabular-nums"}>{formatMoney(minor, platformCurrency(), locale)}</span>;
}

/** The same formatting as a string, for server components that build text (discount terms, messages). */
export function formatPlatformMoney(minor: number, locale: string): string {
  return formatMoney(minor, platformCurrency(), locale);
}
