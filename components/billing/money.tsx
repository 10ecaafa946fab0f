import { formatMoney } from "@/lib/money";

/** Every amount on screen goes through here: integer minor units, formatted with Intl. */
export function Money({ minor, className }: { minor: number; className?: string }) {
  return <span className={`tabular-nums ${className ?? ""}`}>{formatMoney(minor)}</span>;
}
