/**
 * The words of every failure (lib/failures.ts): the one module that turns a
 * failure code and its values into the sentence people read, so a language
 * is added here and nowhere else. Server code calls it through
 * `messageOf` (lib/dal/errors.ts), which passes the platform currency and
 * zone; the Redeem dialog calls `redeemFailureMessage` for its format check.
 * Pure: amounts and dates are formatted with the currency and zone passed in.
 */
import { toldPlanFailure, type ConflictReason, type Failure, type InvalidInputReason, type NotFoundReason, type ToldPayFailure, type ToldPlanFailure } from "./failures";
import { formatMoney, formatRange } from "./money";
import type { PlanFailure } from "./orders/plan";
import type { RefundFailure } from "./orders/refund";
import type { PlanChange } from "./orders/shown-plan";
import { formatDateTime } from "./time";
import type { CodeParseFailure } from "./vouchers/code";
import { KIND_LABELS, KIND_SINGULAR, type VoucherStatus } from "./vouchers/kinds";
import type { InvalidReason, RedeemFailure } from "./vouchers/redeem";

/** What a sentence needs besides the failure: how money and time are written. */
export interface MessageFormat {
  currency: string;
  timeZone: string;
}

type Money = (minor: number) => string;

// ---------------------------------------------------------------- redemption (SPEC 5)

const FORMAT_MESSAGES: Record<CodeParseFailure, string> = {
  empty: "Enter a redemption code.",
  length:
    "The code format is incorrect: computing power codes have 16 digits, cash and discount codes 20 letters and digits.",
  alphabet: "The code format is incorrect: it contains characters that redemption codes never use.",
  check: "The code format is incorrect: a character seems mistyped. Check the code and try again.",
};

// One message for unknown, revoked and voided, so guessing learns nothing more.
const UNKNOWN_CODE = "This code is invalid. Check it, or ask whoever gave it to you for a new one.";

const INVALID_MESSAGES: Record<InvalidReason, string> = {
  unknown: UNKNOWN_CODE,
  revoked: UNKNOWN_CODE,
  batch_voided: UNKNOWN_CODE,
  deadline_passed: "This code is invalid: its redemption deadline has passed.",
  window_ended: "This code is invalid: the vouchers it gives have already expired.",
};

/** The message a customer sees for each failure to check or redeem a code. */
export function redeemFailureMessage(failure: RedeemFailure): string {
  switch (failure.code) {
    case "format":
      return FORMAT_MESSAGES[failure.reason];
    case "invalid":
      return INVALID_MESSAGES[failure.reason];
    case "already_redeemed":
      return failure.byCaller ? "This code has already been redeemed to your account." : "This code has already been redeemed.";
    case "wrong_kind":
      return `This is a ${KIND_SINGULAR[failure.kind]} code. Redeem it on the ${KIND_LABELS[failure.kind]} tab.`;
    case "rate_limited": {
      const n = failure.retryAfterMinutes;
      return `Too many attempts. Try again in ${n} ${n === 1 ? "minute" : "minutes"}.`;
    }
  }
}

// ---------------------------------------------------------------- payment plans (SPEC 3, 6)

const UNUSABLE_PHRASES: Record<Exclude<VoucherStatus, "available">, string> = {
  not_effective: "isn't effective yet",
  expired: "has expired",
  used: "has been used up",
  voided: "has been voided",
};

/**
 * One customer-facing sentence per planner failure. Failures carry provider ids;
 * the caller passes the display names of the providers (id → name).
 */
export function planFailureMessage(f: PlanFailure, formatMoney: Money, providerNames: ReadonlyMap<number, string>): string {
  return toldPlanFailureMessage(toldPlanFailure(f, providerNames), formatMoney);
}

function toldPlanFailureMessage(f: ToldPlanFailure, formatMoney: Money): string {
  switch (f.reason) {
    case "unknown_voucher":
      return "One of the chosen vouchers isn't on this account; refresh the page and choose again.";
    case "voucher_not_usable": {
      const phrase = f.status === "used" && f.kind === "discount" ? "has already been used" : UNUSABLE_PHRASES[f.status];
      return `Voucher ${f.publicId} ${phrase}, so it can't pay for this order.`;
    }
    case "wrong_kind":
      return f.expected === "discount"
        ? `Voucher ${f.publicId} is a ${KIND_SINGULAR[f.kind]}, not a discount voucher.`
        : `Voucher ${f.publicId} is a discount voucher; choose it as the discount instead.`;
    case "discount_not_applicable":
      if (f.why === "product") return `Discount voucher ${f.publicId} only applies to another product.`;
      if (f.why === "min_order" && f.minOrderAmount !== null) {
        return `Discount voucher ${f.publicId} needs an order of ${formatMoney(f.minOrderAmount)} or more.`;
      }
      return `Discount voucher ${f.publicId} takes nothing off this order.`;
    case "discount_excludes_vouchers":
      return "A discount voucher can't be combined with cash or computing power vouchers; choose one or the other.";
    case "provider_mismatch": {
      // Sorted, so the sentence doesn't depend on the order the ids were stored in.
      const names = f.providers.map((name) => name ?? "an unnamed provider").sort();
      return names.length === 0
        ? `Computing power voucher ${f.publicId} can't pay for anything in this order.`
        : `Computing power voucher ${f.publicId} only pays for ${names.join(" or ")} products, and this order has none.`;
    }
    case "insufficient_funds":
      return `Your cash balance is ${formatMoney(f.shortBy)} short for this order; top up or choose other vouchers.`;
  }
}

/** One customer-facing sentence per change of a shown plan. */
function planChangeSentence(change: PlanChange, formatMoney: Money): string {
  const from = formatMoney(change.shown);
  const to = formatMoney(change.now);
  switch (change.what) {
    case "amount":
      return `The order amount is now ${to}, not ${from}.`;
    case "discount":
      if (change.now === 0) return `Discount voucher ${change.voucher} no longer takes ${from} off.`;
      if (change.shown === 0) return `Discount voucher ${change.voucher} would now take ${to} off.`;
      return `Discount voucher ${change.voucher} now takes ${to} off, not ${from}.`;
    case "voucher":
      if (change.now === 0) return `Voucher ${change.voucher} can no longer pay ${from}.`;
      if (change.shown === 0) return `Voucher ${change.voucher} would now pay ${to}.`;
      return `Voucher ${change.voucher} can now pay ${to}, not ${from}.`;
    case "cash":
      return `The cash balance would pay ${to}, not ${from}.`;
  }
}

/** The message of a plan that no longer holds: what changed, and what to do. */
export function planChangedMessage(changes: readonly PlanChange[], formatMoney: Money): string {
  const what = changes.map((c) => planChangeSentence(c, formatMoney)).join(" ");
  return `The payment plan changed since it was shown, so nothing was charged. ${what} Check the new plan and press Pay to confirm it.`;
}

function payFailureMessage(failure: ToldPayFailure, formatMoney: Money): string {
  return failure.reason === "plan_changed" ? planChangedMessage(failure.changes, formatMoney) : toldPlanFailureMessage(failure, formatMoney);
}

// ---------------------------------------------------------------- refunds (SPEC 6)

export function refundFailureMessage(f: RefundFailure, formatMoney: Money): string {
  switch (f.code) {
    case "nothing_to_refund":
      return "Nothing of this order is left to refund.";
    case "invalid_amount":
      return "Enter a refund amount greater than zero.";
    case "exceeds_refundable":
      return `At most ${formatMoney(f.refundable)} of this order can still be refunded.`;
  }
}

// ---------------------------------------------------------------- refusals of the data access layer and actions

const UNAUTHENTICATED: Record<Extract<Failure, { code: "unauthenticated" }>["reason"], string> = {
  signed_out: "Sign in to continue.",
  session_ended: "Your session has ended. Sign in again.",
  export_signed_out: "Sign in to export your usage history.",
};

const FORBIDDEN: Record<Extract<Failure, { code: "forbidden" }>["reason"], string> = {
  no_account: "This user has no billing account.",
  admins_only: "Administrators only.",
  export_no_account: "This user has no billing account, so it has no usage history.",
};

const NOT_FOUND: Record<NotFoundReason, string> = {
  account: "Account not found.",
  billing_account: "Billing account not found.",
  batch: "Batch not found.",
  code: "No code matches. Check it: it was never issued, or it was typed wrong.",
  customer_email: "No customer account has this email.",
  order: "Order not found.",
  product: "Product not found.",
  product_for_sale: "This product is not for sale.",
  provider: "Provider not found.",
  route: "Not found.",
  voucher: "Voucher not found.",
};

const INVALID_INPUT: Record<InvalidInputReason, string> = {
  amount_off: "The amount off is not valid.",
  batch_name: "The batch needs a name of at most 100 characters.",
  deadline_passed: "The redemption deadline has already passed.",
  face_value: "The face value is not valid.",
  fields: "Check the highlighted fields.",
  max_discount: "The maximum discount is not valid.",
  min_order: "The minimum order is not valid.",
  no_providers: "Choose one or more compute providers.",
  order_too_large: "This order is too large.",
  page_link: "This page link is not valid.",
  percent_off: "The percent off is not valid.",
  product_name: "A product needs a name of at most 100 characters.",
  refund_key: "A refund needs a request key.",
  request: "Invalid request.",
  scope_product: "The product scope is not a product for sale.",
  unit_price: "The unit price is not valid.",
  window_ended: "The validity window has already ended.",
  window_inverted: "The validity window ends before it starts.",
};

const CONFLICT: Record<ConflictReason, string> = {
  batch_issued: "This batch was already issued; its codes were shown once. Find it in the list of batches.",
  batch_voided: "This batch is already voided.",
  code_changed: "This code was redeemed or revoked a moment ago. Look it up again.",
  code_revoked: "This code is already revoked.",
  order_cancelled: "This order was cancelled.",
  order_not_paid: "Only a paid order can be refunded.",
  order_refunded: "This order is already fully refunded.",
  order_request_used: "This request was already used for another order. Reload the page and try again.",
  product_created: "This product was already created. Find it in the catalog.",
  product_retired: "This product is already retired.",
  refund_key_used: "This refund request was already used for another amount.",
  request_key_used: "This request key was already used for a different request. Reload the page and try again.",
  request_used: "This request was already used. Reload the page and try again.",
  voucher_granted: "This voucher was already granted. Find it in the account's vouchers.",
  voucher_voided: "This voucher is already voided.",
};

const INTERNAL: Record<Extract<Failure, { code: "internal" }>["reason"], string> = {
  action: "Something went wrong on our side. Nothing was changed; try again.",
  quote: "The plan could not be computed. Try again.",
};

const count = (n: number) => n.toLocaleString("en-US");

/** What can be wrong with an admin's reason (lib/admin/reason.ts). */
export type ReasonProblem = { reason: "reason_short"; min: number } | { reason: "reason_long"; max: number };

/** The words for a reason that breaks the rule: the forms' field errors and the DAL's refusals alike. */
export function reasonMessage(p: ReasonProblem): string {
  return p.reason === "reason_short" ? `Give a reason (at least ${p.min} characters).` : `Keep the reason under ${p.max} characters.`;
}

function invalidInputMessage(f: Extract<Failure, { code: "invalid_input" }>, money: Money, currency: string): string {
  switch (f.reason) {
    case "cursor":
      return "This page link is not valid. Start again from the first page.";
    case "rule":
      return f.text;
    case "filter":
      return f.text ?? "The filter is not valid.";
    case "export_filter":
      return ["The filter is not valid.", ...f.problems].join("\n");
    case "quantity":
      return `Quantity must be a whole number from 1 to ${f.max}.`;
    case "issue_quantity":
      return `Quantity must be 1 to ${count(f.max)}.`;
    case "too_many_providers":
      return `Choose at most ${f.max} compute providers.`;
    case "valid_days":
      return `Valid days must be 1 to ${count(f.max)}.`;
    case "amount_range":
      return `${f.what === "top_up" ? "A top-up" : "The amount"} is ${formatRange(1, f.max, currency)}.`;
    case "reason_short":
    case "reason_long":
      return reasonMessage(f);
    case "code_format":
      return FORMAT_MESSAGES[f.format];
    case "provider_id":
      return `No provider has the ID ${f.ref}.`;
    case "provider_name":
      return `There is no provider named "${f.ref}". Add it on the Catalog page first, or choose one from the list.`;
    case "voucher_choice":
      return toldPlanFailureMessage(f.failure, money);
    case "refund":
      return refundFailureMessage(f.failure, money);
    default:
      return INVALID_INPUT[f.reason];
  }
}

function conflictMessage(f: Extract<Failure, { code: "conflict" }>, money: Money, timeZone: string): string {
  switch (f.reason) {
    case "code_redeemed":
      return `This code was already redeemed${f.voucherPublicId ? ` into voucher ${f.voucherPublicId}` : ""}: void the voucher instead.`;
    case "provider_name_taken":
      return `A provider named "${f.name}" already exists (names are compared ignoring case).`;
    case "debit_exceeds_balance":
      return `The cash balance is ${money(f.cashBalance)}; a debit can take at most ${money(Math.max(f.cashBalance, 0))} of it. Arrears come only from post-paid charges.`;
    case "order_expired":
      return `This order expired at ${formatDateTime(f.expiresAt, timeZone)} and can't be paid; start a new order.`;
    case "product_off_sale":
      return `${f.productName} is no longer for sale, so this order can't be paid.`;
    default:
      return CONFLICT[f.reason];
  }
}

/** The sentence people read for `failure`, with amounts in `format.currency` and times in `format.timeZone`. */
export function failureMessage(failure: Failure, format: MessageFormat): string {
  const money: Money = (minor) => formatMoney(minor, format.currency);
  switch (failure.code) {
    case "unauthenticated":
      return UNAUTHENTICATED[failure.reason];
    case "forbidden":
      return FORBIDDEN[failure.reason];
    case "not_found":
      return NOT_FOUND[failure.reason];
    case "invalid_input":
      return invalidInputMessage(failure, money, format.currency);
    case "conflict":
      return conflictMessage(failure, money, format.timeZone);
    case "payment_failed":
      return payFailureMessage(failure, money);
    case "internal":
      return INTERNAL[failure.reason];
    default:
      return redeemFailureMessage(failure);
  }
}
