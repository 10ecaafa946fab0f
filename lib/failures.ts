/**
 * Every expected failure, as data: a stable `code` that clients branch on (and
 * that picks the HTTP status), and, where one code has several causes, a
 * `reason` with the values its sentence needs. No text here: the words are
 * chosen in one place, lib/failure-messages.ts, so a failure can be told in
 * another language, logged, or tested without matching sentences. A failure
 * goes to the browser whole, so it holds public ids only. Pure.
 */
import type { PayFailure } from "./orders/shown-plan";
import type { PlanFailure } from "./orders/plan";
import type { RefundFailure } from "./orders/refund";
import type { CodeParseFailure } from "./vouchers/code";
import type { RedeemFailure } from "./vouchers/redeem";

/** Refusals with nothing to fill in, by code. */
type Plain<C extends string, R extends string> = { code: C; reason: R };

export type NotFoundReason =
  | "account"
  | "billing_account"
  | "batch"
  | "code"
  | "customer_email"
  | "event"
  | "notification"
  | "order"
  | "product"
  | "product_for_sale"
  | "provider"
  | "route"
  | "voucher";

export type InvalidInputReason =
  | "amount_off"
  | "batch_name"
  | "deadline_passed"
  | "face_value"
  | "fields"
  | "max_discount"
  | "min_order"
  | "no_providers"
  | "order_too_large"
  | "page_link"
  | "percent_off"
  | "product_name"
  | "refund_key"
  | "request"
  | "scope_product"
  | "unit_price"
  | "window_ended"
  | "window_inverted";

export type ConflictReason =
  | "batch_issued"
  | "batch_voided"
  | "code_changed"
  | "code_revoked"
  | "order_cancelled"
  | "order_not_paid"
  | "order_refunded"
  | "order_request_used"
  | "product_created"
  | "product_retired"
  | "refund_key_used"
  | "request_key_used"
  | "request_used"
  | "voucher_granted"
  | "voucher_voided";

/** Each member of a union without the keys `K`. */
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A planner failure as it leaves the server: public ids only (the planner's
 * carries the database ids of vouchers and providers), and providers by their
 * catalogue names (null for one without a name).
 */
export type ToldPlanFailure =
  | Without<Exclude<PlanFailure, { reason: "provider_mismatch" }>, "voucherId">
  | { reason: "provider_mismatch"; publicId: string; providers: Array<string | null> };

/** What a payment's failure says: the planner's reason, or the changes of a plan that no longer holds. */
export type ToldPayFailure = ToldPlanFailure | Extract<PayFailure, { reason: "plan_changed" }>;

/** A payment that did not go ahead and was recorded as failed on its order, which it names. */
export type PaymentFailure = { code: "payment_failed"; orderPublicId: string } & ToldPayFailure;

/** The planner's failure as it may leave the server, the providers named by `providerNames` (id → name). */
export function toldPlanFailure(f: PlanFailure, providerNames: ReadonlyMap<number, string>): ToldPlanFailure {
  switch (f.reason) {
    case "provider_mismatch":
      return { reason: f.reason, publicId: f.publicId, providers: f.providerIds.map((id) => providerNames.get(id) ?? null) };
    case "unknown_voucher":
      return { reason: f.reason };
    case "voucher_not_usable":
      return { reason: f.reason, publicId: f.publicId, kind: f.kind, status: f.status };
    case "wrong_kind":
      return { reason: f.reason, publicId: f.publicId, kind: f.kind, expected: f.expected };
    case "discount_not_applicable":
      return { reason: f.reason, publicId: f.publicId, why: f.why, minOrderAmount: f.minOrderAmount };
    case "discount_excludes_vouchers":
    case "insufficient_funds":
      return f;
  }
}

export type Failure =
  | Plain<"unauthenticated", "signed_out" | "session_ended" | "export_signed_out">
  | Plain<"forbidden", "no_account" | "admins_only" | "export_no_account">
  | Plain<"not_found", NotFoundReason>
  | Plain<"invalid_input", InvalidInputReason>
  /** The first cursor of a list that does not decode (or is not the caller's): start again. */
  | { code: "invalid_input"; reason: "cursor" }
  /** A value a pure rule or schema refused, told in that rule's own words (as its field errors are). */
  | { code: "invalid_input"; reason: "rule"; text: string }
  | { code: "invalid_input"; reason: "filter"; text: string | null }
  | { code: "invalid_input"; reason: "export_filter"; problems: string[] }
  | { code: "invalid_input"; reason: "quantity"; max: number }
  | { code: "invalid_input"; reason: "issue_quantity"; max: number }
  | { code: "invalid_input"; reason: "too_many_providers"; max: number }
  | { code: "invalid_input"; reason: "valid_days"; max: number }
  | { code: "invalid_input"; reason: "amount_range"; what: "top_up" | "amount"; max: number }
  | { code: "invalid_input"; reason: "reason_short"; min: number }
  | { code: "invalid_input"; reason: "reason_long"; max: number }
  | { code: "invalid_input"; reason: "code_format"; format: CodeParseFailure }
  | { code: "invalid_input"; reason: "provider_id"; ref: string }
  | { code: "invalid_input"; reason: "provider_name"; ref: string }
  /** A voucher the shown plan names that is not the account's, or not of the kind it is used as. */
  | { code: "invalid_input"; reason: "voucher_choice"; failure: Extract<ToldPlanFailure, { reason: "unknown_voucher" | "wrong_kind" }> }
  | { code: "invalid_input"; reason: "refund"; failure: RefundFailure }
  | Plain<"conflict", ConflictReason>
  | { code: "conflict"; reason: "code_redeemed"; voucherPublicId: string | null }
  | { code: "conflict"; reason: "provider_name_taken"; name: string }
  | { code: "conflict"; reason: "debit_exceeds_balance"; cashBalance: number }
  | { code: "conflict"; reason: "order_expired"; expiresAt: Date }
  | { code: "conflict"; reason: "product_off_sale"; productName: string }
  | PaymentFailure
  | RedeemFailure
  | Plain<"internal", "action" | "quote">;

export type FailureCode = Failure["code"];

/** The failures the data access layer throws (as DalError): refusals of who, what and when. */
export type DalFailure = Extract<Failure, { code: "unauthenticated" | "forbidden" | "not_found" | "invalid_input" | "conflict" }>;

/** The HTTP status of each failure code, for route handlers: the one table they answer from. */
export const HTTP_STATUS_OF: Record<FailureCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  payment_failed: 402,
  format: 400,
  invalid: 400,
  already_redeemed: 409,
  wrong_kind: 400,
  rate_limited: 429,
  internal: 500,
};
