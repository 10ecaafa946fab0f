/**
 * Money is a JS `number` holding a safe integer of minor units (fen, cents);
 * the database stores it as `bigint` (SPEC 2). Nothing here uses float math on
 * amounts: formatting and parsing go through decimal strings.
 *
 * One currency per deployment: `PLATFORM_CURRENCY`, read on the server by
 * lib/config.ts `platformCurrency()` and handed to the browser by
 * components/currency.tsx. Every function here takes the currency, so nothing
 * formats or parses in a currency nobody chose; its minor-unit digits are what
 * Intl says (JPY 0, CNY and USD 2, KWD 3). Formatting takes the reader's locale
 * (en is written the en-US way); parsing accepts one plain way of typing amounts.
 */

/** The SPEC's default, used when `PLATFORM_CURRENCY` is unset. */
export const DEFAULT_CURRENCY = "CNY";

/** The Intl locale numbers are written in for a console locale ("en" → "en-US"). */
function numberLocale(locale: string): string {
  return locale === "en" ? "en-US" : locale;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** The formatter of a currency; throws a RangeError for a code that is not a currency. */
function formatterFor(currency: string, locale = "en"): Intl.NumberFormat {
  const key = `${currency} ${locale}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(numberLocale(locale), {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Whether `code` is an ISO 4217 currency this runtime knows ("CNY", "USD"; not "XYZ", not "usd"). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/** Number of minor-unit digits of a currency (2 for CNY, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  return formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** The symbol the formatter prints, e.g. "¥" for CNY, "KWD" where no narrow symbol exists. */
export function currencySymbol(currency: string): string {
  const part = formatterFor(currency)
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? currency;
}

/** Decimal string of a minor-unit integer, e.g. 123450 → "1234.50", -5 → "-0.05". */
export function minorToDecimalString(minor: number, currency: string): string {
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
 * "¥1,234.50" for 123450 CNY, "-¥12.00" for -1200, "¥1,234" for 1234 JPY,
 * "KWD 1.234" for 1234 KWD, in the reader's locale (default en). The formatter
 * receives a decimal string (Intl accepts those exactly), so amounts near
 * Number.MAX_SAFE_INTEGER keep every digit.
 */
export function formatMoney(minor: number, currency: string, locale = "en"): string {
  return formatterFor(currency, locale).format(minorToDecimalString(minor, currency) as Intl.StringNumericLiteral);
}

/** "between ¥0.01 and ¥1,000,000.00": a range of amounts, for validation messages. */
export function formatRange(min: number, max: number, currency: string): string {
  return `between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}`;
}

/** "10.00" for CNY, "10" for JPY, "10.000" for KWD: how to type `units` whole units, for examples in messages. */
export function exampleAmount(units: number, currency: string): string {
  return minorToDecimalString(units * 10 ** currencyDigits(currency), currency);
}

const GROUPED_OR_PLAIN_INTEGER = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * Turns what a person typed ("1,234.5", "12", "¥0.50", "USD 3") into minor
 * units of `currency`, or null when it is not a valid non-negative amount of it
 * (more decimals than the currency has included: "1.5" JPY, "1.234" CNY).
 * Commas are only accepted as thousands separators, so "1,2" is rejected rather
 * than guessed at.
 */
export function parseMoney(input: string, currency: string): number | null {
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
