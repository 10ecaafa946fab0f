import "server-only";
import { platformCurrency } from "@/lib/config";
import { formatMoney } from "@/lib/money";

/** Every amount a server component shows goes through here: integer minor units, in the platform currency, formatted with Intl. */
export function Money({ minor, className }: { minor: number; className?: string }) {
  return <span className={`tabular-nums ${className ?? ""}`}>{formatMoney(minor, platformCurrency())}</span>;
}

/** The same formatting as a string, for server components that build text (discount terms, messages). */
export function formatPlatformMoney(minor: number): string {
  return formatMoney(minor, platformCurrency());
}
