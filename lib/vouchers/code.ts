/**
 * Redemption codes (SPEC 5). Computing power codes are 16 digits, cash and
 * discount codes 20 Crockford base-32 characters; in both the last character
 * is a Luhn mod N check character, so typos are caught without a database
 * round trip. Codes are only ever stored as a keyed hash plus the last 4.
 */
import type { VoucherKind } from "./kinds";

export type CodeFormat = "digits16" | "base32x20";

export const CODE_FORMAT_OF_KIND: Record<VoucherKind, CodeFormat> = {
  compute: "digits16",
  cash: "base32x20",
  discount: "base32x20",
};

export const DIGITS_ALPHABET = "0123456789";
/** Crockford base 32: no I, L, O (read as 1, 1, 0) and no U. */
export const BASE32_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const CODE_LENGTH: Record<CodeFormat, number> = { digits16: 16, base32x20: 20 };

const ALPHABET_OF: Record<CodeFormat, string> = { digits16: DIGITS_ALPHABET, base32x20: BASE32_ALPHABET };

// ASCII hyphen-minus, the U+2010..U+2015 hyphens and dashes, minus sign, small and fullwidth hyphen-minus.
const DASHES = /[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/gu;
const WHITESPACE = /\s/gu;
// Chinese input methods often produce fullwidth forms; map them to ASCII first.
const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/gu;
const CROCKFORD_ALIASES: Record<string, string> = { O: "0", I: "1", L: "1" };

/**
 * Canonical form of what a person typed: no whitespace or dashes, upper case,
 * and Crockford's look-alikes folded (O→0, I→1, L→1). Only ASCII letters are
 * upper-cased so that the function stays idempotent on any Unicode input.
 */
export function normalizeCode(input: string): string {
  return input
    .replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(WHITESPACE, "")
    .replace(DASHES, "")
    .replace(/[a-z]/g, (c) => c.toUpperCase())
    .replace(/[OIL]/g, (c) => CROCKFORD_ALIASES[c] ?? c);
}

function valuesIn(text: string, alphabet: string): number[] | null {
  const values: number[] = [];
  for (const ch of text) {
    const v = alphabet.indexOf(ch);
    if (v === -1) return null;
    values.push(v);
  }
  return values;
}

/**
 * Luhn mod N sum over values read right to left, doubling every second one
 * starting with the first when `doubleFirst` (computing a check character) or
 * the second (validating a full code). For even N the doubling step is a
 * permutation, which is what makes every single-character substitution detectable.
 */
function luhnSum(values: readonly number[], n: number, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = values.length - 1; i >= 0; i--) {
    let addend = values[i] ?? 0;
    if (double) {
      addend *= 2;
      addend = Math.floor(addend / n) + (addend % n);
    }
    sum += addend;
    double = !double;
  }
  return sum % n;
}

/** Check character for `body` over `alphabet` (Luhn mod N with N = alphabet length). */
export function luhnCheckCharacter(body: string, alphabet: string): string {
  const values = valuesIn(body, alphabet);
  if (values === null) throw new RangeError("Code body has a character outside its alphabet");
  const n = alphabet.length;
  const check = (n - luhnSum(values, n, true)) % n;
  return alphabet.charAt(check);
}

/** True when the whole string (check character last) passes Luhn mod N over `alphabet`. */
export function luhnValid(code: string, alphabet: string): boolean {
  const values = valuesIn(code, alphabet);
  if (values === null || values.length < 2) return false;
  return luhnSum(values, alphabet.length, false) === 0;
}

export function luhnMod10Valid(digits: string): boolean {
  return luhnValid(digits, DIGITS_ALPHABET);
}

export function luhnMod32Valid(code: string): boolean {
  return luhnValid(code, BASE32_ALPHABET);
}

export function checkCharacter(body: string, format: CodeFormat): string {
  if (body.length !== CODE_LENGTH[format] - 1) {
    throw new RangeError(`A ${format} code body has ${CODE_LENGTH[format] - 1} characters`);
  }
  return luhnCheckCharacter(body, ALPHABET_OF[format]);
}

export type CodeParseFailure = "empty" | "length" | "alphabet" | "check";
export type ParsedCode = { ok: true; code: string; format: CodeFormat } | { ok: false; reason: CodeParseFailure };

/** Validates the format of a typed code without touching the database. Never throws. */
export function parseCode(input: string): ParsedCode {
  const code = normalizeCode(input);
  if (code === "") return { ok: false, reason: "empty" };
  // Count code points so an emoji reads as one wrong character, not two.
  const length = Array.from(code).length;
  let format: CodeFormat;
  if (length === CODE_LENGTH.digits16) format = "digits16";
  else if (length === CODE_LENGTH.base32x20) format = "base32x20";
  else return { ok: false, reason: "length" };
  const alphabet = ALPHABET_OF[format];
  if (valuesIn(code, alphabet) === null) return { ok: false, reason: "alphabet" };
  if (!luhnValid(code, alphabet)) return { ok: false, reason: "check" };
  return { ok: true, code, format };
}

/** The last 4 characters, stored beside the hash so people can recognise a code. */
export function codeLast4(normalized: string): string {
  return normalized.slice(-4);
}

/** Groups of 4 separated by a space: "ABCD EFGH JKMN PQRS TVWX". */
export function formatCodeForDisplay(normalized: string): string {
  return (normalized.match(/.{1,4}/gsu) ?? []).join(" ");
}
