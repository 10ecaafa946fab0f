/**
 * The words of every failure (lib/failures.ts): the one module that turns a
 * failure code and its values into a key of the catalogues' `failures`
 * namespace and that message's values, so the sentence people read comes from
 * messages/<locale>.json and nowhere else. Server code calls it through
 * `messageOf` (lib/dal/errors.ts), which passes the platform currency and zone
 * and the request's locale; the Redeem dialog and the reason dialog call
 * `redeemFailureMessage` and `reasonMessage` with their client translator
 * (which holds only `failures.codeFormat` and `failures.reason`).
 * Pure: amounts and dates are formatted with the currency, zone and locale
 * passed in, then handed to the message as strings.
 */
import type { useTranslations } from "next-intl";
import { toldPlanFailure, type Failure, type ToldPayFailure, type ToldPlanFailure } from "./failures";
import { formatMoney } from "./money";
import type { PlanFailure } from "./orders/plan";
import type { RefundFailure } from "./orders/refund";
import type { PlanChange } from "./orders/shown-plan";
import { formatDateTime } from "./time";
import type { RedeemFailure } from "./vouchers/redeem";

/** next-intl's translator for the `failures` namespace (`translatorFor(locale, "failures")`, or `useTranslations("failures")`). */
export type FailureTranslator = ReturnType<typeof useTranslations<"failures">>;

/** What a sentence needs besides the failure: how money and time are written, and in which language. */
export interface MessageFormat {
  currency: string;
  timeZone: string;
  /** The reader's locale, for money ("en" when absent). */
  locale?: string;
  /**
   * Puts a sentence a rule or schema wrote (in English, lib/validation-messages.ts)
   * into the reader's language; identity when absent.
   */
  text?: (english: string) => string;
}

type Money = (minor: number) => string;

// ---------------------------------------------------------------- redemption (SPEC 5)

/** The message a customer sees for each failure to check or redeem a code. */
export function redeemFailureMessage(failure: RedeemFailure, t: FailureTranslator): string {
  switch (failure.code) {
    case "format":
      return t(`codeFormat.${failure.reason}`);
    case "invalid":
      // One message for unknown, revoked and voided, so guessing learns nothing more.
      return failure.reason === "deadline_passed" || failure.reason === "window_ended" ? t(`redeem.${failure.reason}`) : t("redeem.unknown");
    case "already_redeemed":
      return t(failure.byCaller ? "redeem.alreadyRedeemedByCaller" : "redeem.alreadyRedeemed");
    case "wrong_kind":
      return t("redeem.wrongKind", { kind: failure.kind });
    case "rate_limited":
      return t("redeem.rateLimited", { minutes: failure.retryAfterMinutes });
  }
}

// ---------------------------------------------------------------- payment plans (SPEC 3, 6)

/** "A or B" in the reader's language; English keeps its plain "A or B or C". */
function orList(names: string[], locale: string): string {
  if (locale === "en") return names.join(" or ");
  return new Intl.ListFormat(locale, { type: "disjunction" }).format(names);
}

/**
 * One customer-facing sentence per planner failure. Failures carry provider ids;
 * the caller passes the display names of the providers (id → name).
 */
export function planFailureMessage(
  f: PlanFailure,
  formatMoney: Money,
  providerNames: ReadonlyMap<number, string>,
  t: FailureTranslator,
  locale = "en",
): string {
  return toldPlanFailureMessage(toldPlanFailure(f, providerNames), formatMoney, t, locale);
}

function toldPlanFailureMessage(f: ToldPlanFailure, formatMoney: Money, t: FailureTranslator, locale: string): string {
  switch (f.reason) {
    case "unknown_voucher":
      return t("plan.unknown_voucher");
    case "voucher_not_usable": {
      const status = f.status === "used" && f.kind === "discount" ? "discountUsed" : f.status;
      return t("plan.voucher_not_usable", { id: f.publicId, status });
    }
    case "wrong_kind":
      return f.expected === "discount"
        ? t("plan.wrongKindNotDiscount", { id: f.publicId, kind: f.kind })
        : t("plan.wrongKindIsDiscount", { id: f.publicId });
    case "discount_not_applicable":
      if (f.why === "product") return t("plan.discountProduct", { id: f.publicId });
      if (f.why === "min_order" && f.minOrderAmount !== null) {
        return t("plan.discountMinOrder", { id: f.publicId, amount: formatMoney(f.minOrderAmount) });
      }
      return t("plan.discountNothing", { id: f.publicId });
    case "discount_excludes_vouchers":
      return t("plan.discount_excludes_vouchers");
    case "provider_mismatch": {
      // Sorted, so the sentence doesn't depend on the order the ids were stored in.
      const names = f.providers.map((name) => name ?? t("plan.unnamedProvider")).sort();
      return names.length === 0
        ? t("plan.providerNone", { id: f.publicId })
        : t("plan.providerOnly", { id: f.publicId, providers: orList(names, locale) });
    }
    case "insufficient_funds":
      return t("plan.insufficient_funds", { amount: formatMoney(f.shortBy) });
  }
}

/** One customer-facing sentence per change of a shown plan. */
function planChangeSentence(change: PlanChange, formatMoney: Money, t: FailureTranslator): string {
  const from = formatMoney(change.shown);
  const to = formatMoney(change.now);
  switch (change.what) {
    case "amount":
      return t("planChanged.amount", { from, to });
    case "discount":
      if (change.now === 0) return t("planChanged.discountGone", { voucher: change.voucher, from });
      if (change.shown === 0) return t("planChanged.discountNew", { voucher: change.voucher, to });
      return t("planChanged.discountNow", { voucher: change.voucher, from, to });
    case "voucher":
      if (change.now === 0) return t("planChanged.voucherGone", { voucher: change.voucher, from });
      if (change.shown === 0) return t("planChanged.voucherNew", { voucher: change.voucher, to });
      return t("planChanged.voucherNow", { voucher: change.voucher, from, to });
    case "cash":
      return t("planChanged.cash", { from, to });
  }
}

/** The message of a plan that no longer holds: what changed, and what to do. */
export function planChangedMessage(changes: readonly PlanChange[], formatMoney: Money, t: FailureTranslator, locale = "en"): string {
  // Whole sentences side by side: a space between English ones, none between Chinese ones.
  const changed = changes.map((c) => planChangeSentence(c, formatMoney, t)).join(locale === "en" ? " " : "");
  return t("planChanged.message", { changes: changed });
}

function payFailureMessage(failure: ToldPayFailure, formatMoney: Money, t: FailureTranslator, locale: string): string {
  return failure.reason === "plan_changed"
    ? planChangedMessage(failure.changes, formatMoney, t, locale)
    : toldPlanFailureMessage(failure, formatMoney, t, locale);
}

// ---------------------------------------------------------------- refunds (SPEC 6)

export function refundFailureMessage(f: RefundFailure, formatMoney: Money, t: FailureTranslator): string {
  switch (f.code) {
    case "nothing_to_refund":
    case "invalid_amount":
      return t(`refund.${f.code}`);
    case "exceeds_refundable":
      return t("refund.exceeds_refundable", { amount: formatMoney(f.refundable) });
  }
}

// ---------------------------------------------------------------- refusals of the data access layer and actions

/** What can be wrong with an admin's reason (lib/admin/reason.ts). */
export type ReasonProblem = { reason: "reason_short"; min: number } | { reason: "reason_long"; max: number };

/** The words for a reason that breaks the rule: the forms' field errors and the DAL's refusals alike. */
export function reasonMessage(p: ReasonProblem, t: FailureTranslator): string {
  return p.reason === "reason_short" ? t("reason.reason_short", { min: p.min }) : t("reason.reason_long", { max: p.max });
}

function invalidInputMessage(f: Extract<Failure, { code: "invalid_input" }>, money: Money, format: Required<MessageFormat>, t: FailureTranslator): string {
  switch (f.reason) {
    case "rule":
      return format.text(f.text);
    case "filter":
      return f.text === null ? t("invalidInput.filter") : format.text(f.text);
    case "export_filter":
      // Each problem is "<parameter>: <sentence>"; the parameter is the URL's own name.
      return [
        t("invalidInput.filter"),
        ...f.problems.map((p) => {
          const at = p.indexOf(": ");
          return at < 0 ? format.text(p) : `${p.slice(0, at)}: ${format.text(p.slice(at + 2))}`;
        }),
      ].join("\n");
    case "quantity":
      // Written without grouping, as the order form's limit always was.
      return t("invalidInput.quantity", { max: String(f.max) });
    case "issue_quantity":
    case "too_many_providers":
    case "valid_days":
      return t(`invalidInput.${f.reason}`, { max: f.max });
    case "amount_range":
      return t("invalidInput.amount_range", { what: f.what, min: money(1), max: money(f.max) });
    case "reason_short":
    case "reason_long":
      return reasonMessage(f, t);
    case "code_format":
      return t(`codeFormat.${f.format}`);
    case "provider_id":
    case "provider_name":
      return t(`invalidInput.${f.reason}`, { ref: f.ref });
    case "voucher_choice":
      return toldPlanFailureMessage(f.failure, money, t, format.locale);
    case "refund":
      return refundFailureMessage(f.failure, money, t);
    default:
      return t(`invalidInput.${f.reason}`);
  }
}

function conflictMessage(f: Extract<Failure, { code: "conflict" }>, money: Money, timeZone: string, t: FailureTranslator): string {
  switch (f.reason) {
    case "code_redeemed":
      return f.voucherPublicId ? t("conflict.codeRedeemedInto", { voucher: f.voucherPublicId }) : t("conflict.codeRedeemed");
    case "provider_name_taken":
      return t("conflict.provider_name_taken", { name: f.name });
    case "debit_exceeds_balance":
      return t("conflict.debit_exceeds_balance", { balance: money(f.cashBalance), max: money(Math.max(f.cashBalance, 0)) });
    case "order_expired":
      return t("conflict.order_expired", { expiresAt: formatDateTime(f.expiresAt, timeZone) });
    case "product_off_sale":
      return t("conflict.product_off_sale", { product: f.productName });
    default:
      return t(`conflict.${f.reason}`);
  }
}

/**
 * The sentence people read for `failure`, in the language of `t` (next-intl's
 * translator for "failures"), with amounts in `format.currency` written for
 * `format.locale` and times in `format.timeZone`.
 */
export function failureMessage(failure: Failure, format: MessageFormat, t: FailureTranslator): string {
  const full: Required<MessageFormat> = { locale: "en", text: (s) => s, ...format };
  const money: Money = (minor) => formatMoney(minor, full.currency, full.locale);
  switch (failure.code) {
    case "unauthenticated":
      return t(`unauthenticated.${failure.reason}`);
    case "forbidden":
      return t(`forbidden.${failure.reason}`);
    case "not_found":
      return t(`notFound.${failure.reason}`);
    case "invalid_input":
      return invalidInputMessage(failure, money, full, t);
    case "conflict":
      return conflictMessage(failure, money, full.timeZone, t);
    case "payment_failed":
      return payFailureMessage(failure, money, t, full.locale);
    case "internal":
      return t(`internal.${failure.reason}`);
    default:
      return redeemFailureMessage(failure, t);
  }
}
