import { platformTimeZone } from "@/lib/config";
import { formatDateTime } from "@/lib/time";

/** An instant in the platform time zone (server components only). */
export function DateTime({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()}>{formatDateTime(at, platformTimeZone())}</time>;
}
