/**
 * Display of instants in the platform time zone (SPEC 2). Callers pass `now`
 * and dates in; nothing here reads the clock.
 */

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const DAY_MS = 24 * 60 * 60 * 1000;

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      // h23, not hour12:false: some engines print midnight as "24" with the latter.
      hourCycle: "h23",
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  return formatter;
}

type Fields = { year: string; month: string; day: string; hour: string; minute: string };

function fieldsOf(d: Date, timeZone: string): Fields {
  if (Number.isNaN(d.getTime())) throw new RangeError("Invalid Date");
  const fields: Fields = { year: "", month: "", day: "", hour: "", minute: "" };
  // formatToParts rather than format: the separators of a locale are not a contract.
  for (const part of formatterFor(timeZone).formatToParts(d)) {
    if (part.type === "year" || part.type === "month" || part.type === "day" || part.type === "hour" || part.type === "minute") {
      fields[part.type] = part.value;
    }
  }
  return fields;
}

/** "2026-11-23 15:46" in the given zone, 24-hour clock. */
export function formatDateTime(d: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const f = fieldsOf(d, timeZone);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}`;
}

/** "2026-11-23", the calendar date of the instant in the given zone. */
export function formatDate(d: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const f = fieldsOf(d, timeZone);
  return `${f.year}-${f.month}-${f.day}`;
}

/**
 * `n` whole days of 24 hours later (or earlier when negative). Exact elapsed
 * time, so "valid for 30 days from redemption" is the same span in every zone;
 * the default zone (Asia/Shanghai) has no daylight saving anyway.
 */
export function addDays(d: Date, n: number): Date {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${String(n)}`);
  return new Date(d.getTime() + n * DAY_MS);
}
