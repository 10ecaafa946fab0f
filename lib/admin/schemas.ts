/**
 * Input schemas of the admin actions (SPEC 8). Only ids, strings and amounts
 * typed by the admin come in; every id is looked up again by the DAL, prices
 * come from the catalog. Field errors are keyed by the form inputs' names.
 * Schemas that read an amount take the platform currency (lib/config.ts
 * `platformCurrency()`): it decides the minor-unit digits and the messages.
 */
import { z } from "zod";
import { publicIdSchema } from "../ids";
import { exampleAmount, formatRange, parseMoney } from "../money";
import { MAX_TOP_UP } from "../orders/request";
import { parseProviderName } from "../providers/name";
import {
  checkDeadlineInWindow,
  MAX_FACE_VALUE,
  MAX_ISSUE_QUANTITY,
  MAX_NAME_LENGTH,
  parseRedeemBy,
  parseTerms,
  parseValidity,
  type FieldIssue,
  type Parsed,
  type TermsForm,
} from "./terms-form";
import { parseReason, REASON_TOO_SHORT } from "./reason";

/** Adds the issues of a failed parse to the zod context, each under its own field. */
function report(ctx: z.RefinementCtx, issues: FieldIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: "custom", message: issue.message, path: [issue.field] });
}

function valueOr<T>(parsed: Parsed<T>, issues: FieldIssue[]): T | undefined {
  if (parsed.ok) return parsed.value;
  issues.push(...parsed.issues);
  return undefined;
}

const text = z.string().max(2_000, "This is too long.").optional();

export const reasonSchema = z
  .string({ error: REASON_TOO_SHORT })
  .transform((value, ctx) => {
    const parsed = parseReason(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.issues[0]!.message });
    return z.NEVER;
  });

/** A positive amount typed in `currency`, at most `max` minor units. */
export const amountSchema = (max: number, label: string, currency: string) =>
  z.string({ error: `Enter ${label}.` }).transform((value, ctx) => {
    const minor = parseMoney(value, currency);
    if (minor === null || minor <= 0 || minor > max) {
      ctx.addIssue({ code: "custom", message: `Enter ${label} ${formatRange(1, max, currency)}.` });
      return z.NEVER;
    }
    return minor;
  });

const termsShape = {
  kind: text,
  faceValue: text,
  discountType: text,
  amountOff: text,
  minOrderAmount: text,
  percentOff: text,
  maxDiscount: text,
  scopeProduct: text,
  providers: text,
  validity: text,
  validFrom: text,
  validUntil: text,
  validDays: text,
} satisfies Record<keyof TermsForm, typeof text>;

function parseName(raw: string | undefined, issues: FieldIssue[]): string | undefined {
  const name = (raw ?? "").trim().replace(/\s+/gu, " ");
  if (name.length === 0) issues.push({ field: "name", message: "Give the batch a name." });
  else if (name.length > MAX_NAME_LENGTH) issues.push({ field: "name", message: `Keep the name under ${MAX_NAME_LENGTH} characters.` });
  else return name;
  return undefined;
}

function parseQuantity(raw: string | undefined, issues: FieldIssue[]): number | undefined {
  const t = (raw ?? "").trim().replaceAll(",", "");
  const n = /^\d{1,6}$/.test(t) ? Number(t) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= MAX_ISSUE_QUANTITY) return n;
  issues.push({ field: "quantity", message: `Enter a quantity from 1 to ${MAX_ISSUE_QUANTITY.toLocaleString("en-US")}.` });
  return undefined;
}

/** One key per form: a double click or a retry of the same form has one effect. */
const requestKeySchema = z.uuid("Reload the page and try again.");

/** Issue vouchers: a batch of codes. `now` and the zone decide what "today" and "passed" mean; amounts are in `currency`. */
export function issueBatchSchema(now: Date, timeZone: string, currency: string) {
  return z.object({ ...termsShape, name: text, redeemBy: text, quantity: text, requestKey: requestKeySchema }).transform((form, ctx) => {
    const issues: FieldIssue[] = [];
    const name = parseName(form.name, issues);
    const terms = valueOr(parseTerms(form, currency), issues);
    const validity = valueOr(parseValidity(form, now, timeZone), issues);
    let redeemBy = valueOr(parseRedeemBy(form.redeemBy, now, timeZone), issues);
    if (validity && redeemBy) redeemBy = valueOr(checkDeadlineInWindow(validity, redeemBy), issues);
    const quantity = parseQuantity(form.quantity, issues);
    if (issues.length > 0 || !name || !terms || !validity || redeemBy === undefined || !quantity) {
      report(ctx, issues);
      return z.NEVER;
    }
    return { name, terms, validity, redeemBy, quantity, requestKey: form.requestKey };
  });
}

/** Grant a voucher straight to the account of a customer, found by email; "days" count from the grant; amounts are in `currency`. */
export function grantVoucherSchema(now: Date, timeZone: string, currency: string) {
  return z.object({ ...termsShape, accountEmail: text, reason: text, requestKey: requestKeySchema }).transform((form, ctx) => {
    const issues: FieldIssue[] = [];
    const email = (form.accountEmail ?? "").trim().toLowerCase();
    if (!z.email().safeParse(email).success) issues.push({ field: "accountEmail", message: "Enter the email of a customer." });
    const terms = valueOr(parseTerms(form, currency), issues);
    const validity = valueOr(parseValidity(form, now, timeZone), issues);
    const reason = valueOr(parseReason(form.reason), issues);
    if (issues.length > 0 || !terms || !validity || !reason) {
      report(ctx, issues);
      return z.NEVER;
    }
    return { accountEmail: email, terms, validity, reason, requestKey: form.requestKey };
  });
}

export const voidVoucherSchema = z.object({ voucherPublicId: publicIdSchema("vch"), reason: reasonSchema });

export const voidBatchSchema = z.object({ batchPublicId: publicIdSchema("bat"), reason: reasonSchema });

/** A code as typed; its format is checked by the DAL (and a typo is a clear "format" error there). */
export const codeSchema = z.string({ error: "Enter a code." }).trim().min(1, "Enter a code.").max(100, "A code has at most 20 characters.");

export const findCodeSchema = z.object({ code: codeSchema });
export const revokeCodeSchema = z.object({ code: codeSchema, reason: reasonSchema });

const MAX_UNIT_PRICE = MAX_FACE_VALUE;

const productName = z
  .string({ error: "Give the product a name." })
  .transform((s) => s.trim().replace(/\s+/gu, " "))
  .pipe(z.string().min(1, "Give the product a name.").max(MAX_NAME_LENGTH, `Keep the name under ${MAX_NAME_LENGTH} characters.`));

/**
 * The product's compute provider: a provider's public id (the form's list) or its
 * name (ignoring case); the DAL resolves it against the catalogue and refuses an
 * unknown one. Blank means "no compute provider": any-provider products can't be
 * paid with computing power vouchers.
 */
const providerField = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim().replace(/\s+/gu, " "))
  .pipe(z.string().max(40, "A provider name has at most 40 characters."))
  .transform((s) => (s === "" ? null : s));

/** The unit price may be 0 (a free product); never negative. */
const unitPriceSchema = (currency: string) =>
  z.string({ error: "Enter a unit price." }).transform((value, ctx) => {
    const minor = parseMoney(value, currency);
    if (minor === null || minor > MAX_UNIT_PRICE) {
      ctx.addIssue({ code: "custom", message: `Enter a unit price ${formatRange(0, MAX_UNIT_PRICE, currency)}.` });
      return z.NEVER;
    }
    return minor;
  });

const productFields = (currency: string) => ({ name: productName, unitPrice: unitPriceSchema(currency), provider: providerField });

/** Create product: one request key per form, so a double submit makes one product. */
export const createProductSchema = (currency: string) => z.object({ ...productFields(currency), requestKey: requestKeySchema });

export const updateProductSchema = (currency: string) => z.object({ ...productFields(currency), productPublicId: publicIdSchema("prd") });

export const retireProductSchema = z.object({ productPublicId: publicIdSchema("prd") });

/** A provider name in its normal form (lib/providers/name.ts), or the reason it can't be one. */
const providerName = z.string({ error: "Give the provider a name." }).transform((value, ctx) => {
  const parsed = parseProviderName(value);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.message });
  return z.NEVER;
});

/** Add a provider to the catalogue: a name free ignoring case, a reason for the audit log, the form's key. */
export const createProviderSchema = z.object({ name: providerName, reason: reasonSchema, requestKey: requestKeySchema });

/** Rename a provider: everything that holds its id shows the new name. */
export const renameProviderSchema = z.object({ providerPublicId: publicIdSchema("prv"), name: providerName, reason: reasonSchema });

/** The largest single charge or adjustment typed in the console, in minor units (¥1,000,000.00 in CNY), like a top-up (lib/dal/cash.ts). A refund is capped by its order instead. */
export const MAX_ADMIN_AMOUNT = MAX_TOP_UP;

/** Refund: full, or a partial amount in `currency` (positive; what the order can still refund is checked by the DAL). */
export const refundOrderSchema = (currency: string) =>
  z
    .object({
      orderPublicId: publicIdSchema("ord"),
      mode: z.enum(["full", "partial"], { error: "Choose a full or a partial refund." }),
      amount: z.string().optional(),
      reason: reasonSchema,
      refundKey: z.uuid("Reload the page and try again."),
    })
    .transform((form, ctx) => {
      if (form.mode === "full") return { orderPublicId: form.orderPublicId, amount: "full" as const, reason: form.reason, refundKey: form.refundKey };
      // No fixed cap: what an order can still refund is the cap, and only the DAL knows it.
      const minor = parseMoney(form.amount ?? "", currency);
      if (minor === null || minor <= 0) {
        ctx.addIssue({ code: "custom", path: ["amount"], message: `Enter the amount to refund, e.g. ${exampleAmount(10, currency)}.` });
        return z.NEVER;
      }
      return { orderPublicId: form.orderPublicId, amount: minor, reason: form.reason, refundKey: form.refundKey };
    });

/** A post-paid usage charge in `currency`. */
export const chargeUsageSchema = (currency: string) =>
  z.object({
    accountPublicId: publicIdSchema("acc"),
    amount: amountSchema(MAX_ADMIN_AMOUNT, "the amount to charge", currency),
    reason: reasonSchema,
    requestKey: z.uuid("Reload the page and try again."),
  });

/** Credit adds to the cash balance, debit takes from it (never below zero: the DAL refuses that). Amounts in `currency`. */
export const adjustCashSchema = (currency: string) =>
  z
    .object({
      accountPublicId: publicIdSchema("acc"),
      direction: z.enum(["credit", "debit"], { error: "Choose credit or debit." }),
      amount: amountSchema(MAX_ADMIN_AMOUNT, "the amount", currency),
      reason: reasonSchema,
      requestKey: z.uuid("Reload the page and try again."),
    })
    .transform((form) => ({
      accountPublicId: form.accountPublicId,
      amount: form.direction === "credit" ? form.amount : -form.amount,
      reason: form.reason,
      requestKey: form.requestKey,
    }));
