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
      second: "2-digit",
      // h23, not hour12:false: some engines print midnight as "24" with the latter.
      hourCycle: "h23",
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  return formatter;
}

type Fields = { year: string; month: string; day: string; hour: string; minute: string; second: string };

function fieldsOf(d: Date, timeZone: string): Fields {
  if (Number.isNaN(d.getTime())) throw new RangeError("Invalid Date");
  const fields: Fields = { year: "", month: "", day: "", hour: "", minute: "", second: "" };
  // formatToParts rather than format: the separators of a locale are not a contract.
  for (const part of formatterFor(timeZone).formatToParts(d)) {
    if (part.type in fields) {
      fields[part.type as keyof Fields] = part.value;
    }
  }
  return fields;
}

/** "2026-11-23 15:46" in the given zone, 24-hour clock. */
export function formatDateTime(d: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const f = fieldsOf(d, timeZone);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}`;
}

/**
 * ISO 8601 to the second with the zone's offset, e.g. "2026-06-15T12:00:00+08:00":
 * the wall-clock time the page shows, and still one exact instant for any
 * program that reads it. UTC prints "+00:00", not "Z", so every value has the same shape.
 */
export function isoInZone(d: Date, timeZone: string): string {
  const seconds = Math.floor(d.getTime() / 1000) * 1000;
  const f = fieldsOf(new Date(seconds), timeZone);
  const wall = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  const offsetMinutes = Math.round((wall - seconds) / 60_000);
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}:${f.second}${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
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

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [year, month, day] of a "YYYY-MM-DD" that names a real day, else null (2026-02-30 is not one). */
function calendarParts(day: string): [number, number, number] | null {
  const match = CALENDAR_DATE.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 02-30 over to 03-02; a real day survives the round trip unchanged.
  const probe = new Date(Date.UTC(year, month - 1, date));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== date) return null;
  return [year, month, date];
}

/** Whether `day` is a "YYYY-MM-DD" calendar date that exists. */
export function isCalendarDate(day: string): boolean {
  return calendarParts(day) !== null;
}

/** The calendar day after `day` ("2026-02-28" → "2026-03-01"), as "YYYY-MM-DD". */
export function nextCalendarDay(day: string): string {
  const parts = calendarParts(day);
  if (!parts) throw new RangeError(`Not a calendar date: ${day}`);
  const next = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + 1));
  return next.toISOString().slice(0, 10);
}

/** How far the zone's wall clock is ahead of UTC at `instant` (a whole minute), in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const f = fieldsOf(new Date(instant), timeZone);
  const wall = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute));
  return wall - instant;
}

/**
 * The first instant of a calendar day in the given zone: "2026-07-01" in
 * Asia/Shanghai is 2026-06-30T16:00:00Z. Date filters of the UI mean days of the
 * platform zone, not of UTC or of the browser.
 */
export function startOfDayInZone(day: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const parts = calendarParts(day);
  if (!parts) throw new RangeError(`Not a calendar date: ${day}`);
  const wallMidnight = Date.UTC(parts[0], parts[1] - 1, parts[2]);
  // The offset at midnight can differ from the offset at the first guess across a
  // daylight-saving change; a second pass settles it.
  const firstGuess = wallMidnight - zoneOffsetMs(wallMidnight, timeZone);
  return new Date(wallMidnight - zoneOffsetMs(firstGuess, timeZone));
}
