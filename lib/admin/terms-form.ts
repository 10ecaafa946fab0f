/**
 * The terms and validity an admin gives a batch of codes or a granted voucher
 * (SPEC 3, 5, 8), read from the strings of a form. Pure: the zod schemas of the
 * admin actions call these, and the DAL checks the typed result again.
 *
 * Decisions: money is typed in the platform currency's units ("100",
 * "1,234.50" for CNY; "1,234" for JPY), parsed with its minor-unit digits; a percent discount is
 * typed as the share taken off ("20" = 20% off, stored as 8000 basis points
 * paid); fixed windows and the redemption deadline are calendar days of the
 * platform zone, both inclusive (the voucher is valid from the start of "Valid
 * from" to the end of "Valid until"), like the customer's date filters.
 */
import { isPublicId } from "../ids";
import { formatRange, parseMoney } from "../money";
import { normalizeProviderName, providerNameKey } from "../providers/name";
import { addDays, isCalendarDate, nextCalendarDay, startOfDayInZone } from "../time";
import { VOUCHER_KINDS, type VoucherKind } from "../vouchers/kinds";

export const MAX_ISSUE_QUANTITY = 100_000;
/** 100,000,000 minor units (¥1,000,000.00 in CNY) per voucher: a typo of a few zeros is refused instead of issued. */
export const MAX_FACE_VALUE = 100_000_000;
export const MAX_VALID_DAYS = 3_650;
export const MAX_PROVIDERS = 10;
export const MAX_NAME_LENGTH = 100;
const MAX_PROVIDER_LENGTH = 40;

export type DiscountTermsInput =
  | { type: "amount_off"; amountOff: number; minOrderAmount: number | null; productPublicId: string | null }
  | { type: "percent_off"; payBasisPoints: number; maxDiscount: number | null; productPublicId: string | null };

/** What a voucher gives, by kind (SPEC 3). */
export type TermsInput =
  | { kind: "cash"; faceValue: number }
  /** `providers`: references to catalogue providers, each a public id (`prv_…`, what the form sends) or a name (ignoring case). */
  | { kind: "compute"; faceValue: number; providers: string[] }
  | { kind: "discount"; discount: DiscountTermsInput };

/** A fixed window, or a number of days from redemption (batches) or from the grant (direct grants). */
export type ValidityInput = { type: "fixed"; effectiveAt: Date; expiresAt: Date } | { type: "days"; days: number };

/** The string fields of the terms part of the Issue and Grant forms; names are the inputs' names. */
export interface TermsForm {
  kind?: string;
  faceValue?: string;
  discountType?: string;
  amountOff?: string;
  minOrderAmount?: string;
  percentOff?: string;
  maxDiscount?: string;
  scopeProduct?: string;
  providers?: string;
  validity?: string;
  validFrom?: string;
  validUntil?: string;
  validDays?: string;
}

export type TermsField = keyof TermsForm;
export type FieldIssue<F extends string = string> = { field: F; message: string };
export type Parsed<T, F extends string = string> = { ok: true; value: T } | { ok: false; issues: FieldIssue<F>[] };

const blank = (s: string | undefined) => s === undefined || s.trim() === "";

/** A positive amount of `currency` up to `max` minor units, or an issue for `field`. */
function amount(raw: string | undefined, field: string, label: string, currency: string, issues: FieldIssue[], max = MAX_FACE_VALUE): number | null {
  const minor = parseMoney(raw ?? "", currency);
  if (minor === null || minor <= 0 || minor > max) {
    issues.push({ field, message: `Enter ${label} ${formatRange(1, max, currency)}.` });
    return null;
  }
  return minor;
}

/** An optional amount: blank is null, anything else must be a valid positive amount. */
function optionalAmount(raw: string | undefined, field: string, label: string, currency: string, issues: FieldIssue[]): number | null {
  return blank(raw) ? null : amount(raw, field, label, currency, issues);
}

/**
 * "20" or "12.5" (percent taken off) → basis points the customer pays (8000,
 * 8750), or null. At most two decimals, between 0.01 and 99.99: 100% off is a
 * free order, which is a cash voucher's job, not a discount's.
 */
export function payBasisPointsOf(percentOff: string): number | null {
  const text = percentOff.trim().replace(/%$/, "").trim();
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const off = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (off < 1 || off > 9_999) return null;
  return 10_000 - off;
}

/**
 * The providers field of the Issue and Grant forms, comma-separated: the form
 * sends the public ids of the providers ticked in the list; a name typed by a
 * script works too ("MaxXIntel, muxi"), since the DAL resolves names ignoring
 * case. Trimmed, empty entries dropped, duplicates (ignoring case) removed.
 */
export function parseProviders(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[,，\n]/u)) {
    const ref = normalizeProviderName(part);
    const key = providerNameKey(ref);
    if (ref === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(ref);
  }
  return out;
}

function parseKind(raw: string | undefined, issues: FieldIssue[]): VoucherKind | null {
  if ((VOUCHER_KINDS as readonly string[]).includes(raw ?? "")) return raw as VoucherKind;
  issues.push({ field: "kind", message: "Choose a kind." });
  return null;
}

function parseScope(raw: string | undefined, issues: FieldIssue[]): string | null {
  if (blank(raw)) return null;
  if (isPublicId("prd", raw!.trim())) return raw!.trim();
  issues.push({ field: "scopeProduct", message: "Choose a product from the list, or Any product." });
  return null;
}

function parseDiscount(form: TermsForm, currency: string, issues: FieldIssue[]): DiscountTermsInput | null {
  const productPublicId = parseScope(form.scopeProduct, issues);
  const before = issues.length;
  if (form.discountType === "amount_off") {
    const amountOff = amount(form.amountOff, "amountOff", "the amount off", currency, issues);
    const minOrderAmount = blank(form.minOrderAmount) ? null : parseMoney(form.minOrderAmount ?? "", currency);
    if (!blank(form.minOrderAmount) && minOrderAmount === null) {
      issues.push({ field: "minOrderAmount", message: "Enter a minimum order amount, or leave it empty for none." });
    }
    if (amountOff !== null && minOrderAmount !== null && minOrderAmount > 0 && minOrderAmount < amountOff) {
      issues.push({ field: "minOrderAmount", message: "The minimum order must be at least the amount off." });
    }
    if (issues.length > before || amountOff === null) return null;
    return { type: "amount_off", amountOff, minOrderAmount: minOrderAmount && minOrderAmount > 0 ? minOrderAmount : null, productPublicId };
  }
  if (form.discountType === "percent_off") {
    const payBasisPoints = payBasisPointsOf(form.percentOff ?? "");
    if (payBasisPoints === null) issues.push({ field: "percentOff", message: "Enter the percent off, from 0.01 to 99.99." });
    const maxDiscount = optionalAmount(form.maxDiscount, "maxDiscount", "a maximum discount", currency, issues);
    if (issues.length > before || payBasisPoints === null) return null;
    return { type: "percent_off", payBasisPoints, maxDiscount, productPublicId };
  }
  issues.push({ field: "discountType", message: "Choose amount off or percent off." });
  return null;
}

/** The terms of the form's kind, amounts in `currency`; fields of other kinds are ignored (the form hides them). */
export function parseTerms(form: TermsForm, currency: string): Parsed<TermsInput, TermsField> {
  const issues: FieldIssue[] = [];
  const kind = parseKind(form.kind, issues);
  let terms: TermsInput | null = null;
  switch (kind) {
    case null:
      break;
    case "cash": {
      const faceValue = amount(form.faceValue, "faceValue", "a face value", currency, issues);
      if (faceValue !== null) terms = { kind, faceValue };
      break;
    }
    case "compute": {
      const faceValue = amount(form.faceValue, "faceValue", "a face value", currency, issues);
      const providers = parseProviders(form.providers ?? "");
      if (providers.length === 0) issues.push({ field: "providers", message: "Choose at least one compute provider." });
      else if (providers.length > MAX_PROVIDERS) issues.push({ field: "providers", message: `Choose at most ${MAX_PROVIDERS} providers.` });
      else if (providers.some((p) => p.length > MAX_PROVIDER_LENGTH)) {
        issues.push({ field: "providers", message: `A provider name has at most ${MAX_PROVIDER_LENGTH} characters.` });
      }
      if (faceValue !== null && issues.length === 0) terms = { kind, faceValue, providers };
      break;
    }
    case "discount": {
      const discount = parseDiscount(form, currency, issues);
      if (discount) terms = { kind, discount };
      break;
    }
    default:
      kind satisfies never;
  }
  return terms && issues.length === 0 ? { ok: true, value: terms } : { ok: false, issues: issues as FieldIssue<TermsField>[] };
}

/** The first instant after the calendar day `day` of the zone: the exclusive end of an inclusive last day. */
export function endOfDayInZone(day: string, timeZone: string): Date {
  return startOfDayInZone(nextCalendarDay(day), timeZone);
}

const isDay = (s: string | undefined): s is string => typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && isCalendarDate(s) && s >= "2000-01-01" && s <= "9998-12-31";

/**
 * Validity from the form: "fixed" (Valid from and Valid until, inclusive days
 * of the zone, ending after `now`) or "days" (Valid days, 1 to 3,650).
 */
export function parseValidity(form: TermsForm, now: Date, timeZone: string): Parsed<ValidityInput, TermsField> {
  if (form.validity === "days") {
    const text = (form.validDays ?? "").trim();
    const days = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!isValidDayCount(days)) {
      return { ok: false, issues: [{ field: "validDays", message: `Enter a whole number of days from 1 to ${MAX_VALID_DAYS.toLocaleString("en-US")}.` }] };
    }
    return { ok: true, value: { type: "days", days } };
  }
  if (form.validity === "fixed") {
    const issues: FieldIssue<TermsField>[] = [];
    if (!isDay(form.validFrom)) issues.push({ field: "validFrom", message: "Enter the first valid day." });
    if (!isDay(form.validUntil)) issues.push({ field: "validUntil", message: "Enter the last valid day." });
    if (issues.length > 0) return { ok: false, issues };
    const from = form.validFrom as string;
    const until = form.validUntil as string;
    if (until < from) return { ok: false, issues: [{ field: "validUntil", message: "The last valid day must be on or after the first." }] };
    const effectiveAt = startOfDayInZone(from, timeZone);
    const expiresAt = endOfDayInZone(until, timeZone);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, issues: [{ field: "validUntil", message: "This window has already ended." }] };
    return { ok: true, value: { type: "fixed", effectiveAt, expiresAt } };
  }
  return { ok: false, issues: [{ field: "validity", message: "Choose a fixed window or a number of days." }] };
}

/**
 * The redemption deadline: blank for none, else an inclusive day of the zone
 * that has not passed. Codes are redeemable until the end of that day.
 */
export function parseRedeemBy(raw: string | undefined, now: Date, timeZone: string): Parsed<Date | null, "redeemBy"> {
  if (blank(raw)) return { ok: true, value: null };
  if (!isDay(raw?.trim())) return { ok: false, issues: [{ field: "redeemBy", message: "Enter a day, or leave it empty for no deadline." }] };
  const deadline = endOfDayInZone(raw!.trim(), timeZone);
  if (deadline.getTime() <= now.getTime()) return { ok: false, issues: [{ field: "redeemBy", message: "The redemption deadline has already passed." }] };
  return { ok: true, value: deadline };
}

/** Why a deadline can't go with a validity: a code redeemed after a fixed window's end would give an already expired voucher. */
export const DEADLINE_AFTER_WINDOW = "The redemption deadline can't be after the last valid day: codes redeemed later would give expired vouchers.";

/**
 * The redemption deadline must not fall after the end of a fixed window (it may
 * be its last day: codes then redeem until the window ends). Days from
 * redemption have no end of their own, so any deadline goes with them.
 */
export function checkDeadlineInWindow(validity: ValidityInput, redeemBy: Date | null): Parsed<Date | null, "redeemBy"> {
  if (redeemBy !== null && validity.type === "fixed" && redeemBy.getTime() > validity.expiresAt.getTime()) {
    return { ok: false, issues: [{ field: "redeemBy", message: DEADLINE_AFTER_WINDOW }] };
  }
  return { ok: true, value: redeemBy };
}

/** Whether "valid for `days` days" is allowed: a whole number from 1 to MAX_VALID_DAYS (ten years). */
export function isValidDayCount(days: number): boolean {
  return Number.isInteger(days) && days >= 1 && days <= MAX_VALID_DAYS;
}

/** The window of a voucher created at `now` from `validity`: a grant's "days" count from the grant. */
export function windowAt(validity: ValidityInput, now: Date): { effectiveAt: Date; expiresAt: Date } {
  if (validity.type === "fixed") return { effectiveAt: validity.effectiveAt, expiresAt: validity.expiresAt };
  return { effectiveAt: now, expiresAt: addDays(now, validity.days) };
}
