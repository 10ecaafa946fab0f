/**
 * CSV writing for downloads that people open in spreadsheets (RFC 4180):
 * fields separated by commas, records ended by CRLF, a field holding a quote,
 * comma, CR or LF wrapped in double quotes with its quotes doubled.
 *
 * Text cells are also guarded against formula injection (CWE-1236): Excel,
 * LibreOffice and Google Sheets evaluate a cell starting with = + - @ (and
 * treat a leading TAB or CR the same way), so a failure reason or any other
 * text that reaches a cell could run a formula on the reader's machine. Such a
 * cell gets a leading apostrophe, which spreadsheets show as text.
 */

/**
 * A decimal numeral the caller vouches for, such as money from
 * `minorToDecimalString` ("-12.50" for arrears): written as is, so a negative
 * amount stays a number in the spreadsheet instead of becoming text.
 */
export interface CsvDecimal {
  readonly decimal: string;
}

/** A cell: text (guarded), a finite number or a checked decimal (written as is), or empty. */
export type CsvValue = string | number | CsvDecimal | null | undefined;

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** Marks a decimal numeral as a number cell; refuses anything else, so no text can slip past the guard this way. */
export function csvDecimal(text: string): CsvDecimal {
  if (!DECIMAL.test(text)) throw new RangeError(`Not a decimal numeral: ${JSON.stringify(text)}`);
  return { decimal: text };
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The apostrophe-prefixed form of text a spreadsheet would read as a formula; other text unchanged. */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, guarded and quoted as needed. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") {
    // A number is data, never a formula: -5 stays numeric. NaN or Infinity is a bug upstream.
    if (!Number.isFinite(value)) throw new RangeError(`CSV numbers must be finite, got ${String(value)}`);
    text = String(value);
  } else if (typeof value === "string") {
    text = neutralizeFormula(value);
  } else {
    // Checked again here: the type alone can be forged with a cast or a plain object.
    text = csvDecimal(value.decimal).decimal;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/**
 * Byte order mark that makes Excel read a download as UTF-8 (it guesses a
 * legacy code page otherwise and garbles non-ASCII text); other readers skip it.
 */
export const UTF8_BOM = "\uFEFF";
