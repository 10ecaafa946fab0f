/**
 * Money is a JS `number` holding a safe integer of minor units (fen, cents);
 * the database stores it as `bigint` (SPEC 2). Nothing here uses float math on
 * amounts: formatting and parsing go through decimal strings.
 */

export const DEFAULT_CURRENCY = "CNY";

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
    });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Number of minor-unit digits of a currency (2 for CNY, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string = DEFAULT_CURRENCY): number {
  return formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** The symbol the formatter prints, e.g. "¥" for CNY, "KWD" where no narrow symbol exists. */
export function currencySymbol(currency: string = DEFAULT_CURRENCY): string {
  const part = formatterFor(currency)
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? currency;
}

/** Decimal string of a minor-unit integer, e.g. 123450 → "1234.50", -5 → "-0.05". */
export function minorToDecimalString(minor: number, currency: string = DEFAULT_CURRENCY): string {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`Money must be a safe integer of minor units, got ${String(minor)}`);
  }
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const abs = String(Math.abs(minor));
  if (digits === 0) return (negative ? "-" : "") + abs;
  const padded = abs.padStart(digits + 1, "0");
  const whole = padded.slice(0, padded.length - digits);
  const fraction = padded.slice(padded.length - digits);
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}

/**
 * "¥1,234.50" for 123450 CNY, "-¥12.00" for -1200. The formatter receives a
 * decimal string (Intl accepts those exactly), so amounts near
 * Number.MAX_SAFE_INTEGER keep every digit.
 */
export function formatMoney(minor: number, currency: string = DEFAULT_CURRENCY): string {
  return formatterFor(currency).format(minorToDecimalString(minor, currency) as Intl.StringNumericLiteral);
}

const GROUPED_OR_PLAIN_INTEGER = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * Turns what a person typed ("1,234.5", "12", "¥0.50") into minor units, or
 * null when it is not a valid non-negative amount of this currency. Commas are
 * only accepted as thousands separators, so "1,2" is rejected rather than
 * guessed at.
 */
export function parseMoney(input: string, currency: string = DEFAULT_CURRENCY): number | null {
  let text = input.trim();
  const symbol = currencySymbol(currency);
  // Chinese input methods type the fullwidth yen/yuan sign U+FFE5.
  if (text.startsWith(symbol)) text = text.slice(symbol.length).trim();
  else if (symbol === "¥" && text.startsWith("\uFFE5")) text = text.slice(1).trim();
  else if (text.toUpperCase().startsWith(currency.toUpperCase())) text = text.slice(currency.length).trim();
  if (text === "") return null;

  const dot = text.indexOf(".");
  const wholePart = dot === -1 ? text : text.slice(0, dot);
  const fractionPart = dot === -1 ? "" : text.slice(dot + 1);
  if (dot !== -1 && !/^\d+$/.test(fractionPart)) return null;
  if (wholePart === "" && fractionPart === "") return null;
  if (wholePart !== "" && !GROUPED_OR_PLAIN_INTEGER.test(wholePart)) return null;

  const digits = currencyDigits(currency);
  if (fractionPart.length > digits) return null;

  const minorDigits = (wholePart.replaceAll(",", "") || "0") + fractionPart.padEnd(digits, "0");
  const value = BigInt(minorDigits);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(value);
}
