import { describe, expect, it } from "vitest";
import { failureMessage } from "./failure-messages";
import type { Failure } from "./failures";

const CNY = { currency: "CNY", timeZone: "Asia/Shanghai" };

/** Every failure of the DAL, actions and route handlers, with the sentence it has always had. */
const SENTENCES: Array<[Failure, string]> = [
  [{ code: "unauthenticated", reason: "signed_out" }, "Sign in to continue."],
  [{ code: "unauthenticated", reason: "session_ended" }, "Your session has ended. Sign in again."],
  [{ code: "unauthenticated", reason: "export_signed_out" }, "Sign in to export your usage history."],
  [{ code: "forbidden", reason: "no_account" }, "This user has no billing account."],
  [{ code: "forbidden", reason: "admins_only" }, "Administrators only."],
  [{ code: "forbidden", reason: "export_no_account" }, "This user has no billing account, so it has no usage history."],
  [{ code: "not_found", reason: "account" }, "Account not found."],
  [{ code: "not_found", reason: "billing_account" }, "Billing account not found."],
  [{ code: "not_found", reason: "batch" }, "Batch not found."],
  [{ code: "not_found", reason: "code" }, "No code matches. Check it: it was never issued, or it was typed wrong."],
  [{ code: "not_found", reason: "customer_email" }, "No customer account has this email."],
  [{ code: "not_found", reason: "order" }, "Order not found."],
  [{ code: "not_found", reason: "product" }, "Product not found."],
  [{ code: "not_found", reason: "product_for_sale" }, "This product is not for sale."],
  [{ code: "not_found", reason: "provider" }, "Provider not found."],
  [{ code: "not_found", reason: "voucher" }, "Voucher not found."],
  [{ code: "invalid_input", reason: "fields" }, "Check the highlighted fields."],
  [{ code: "invalid_input", reason: "request" }, "Invalid request."],
  [{ code: "invalid_input", reason: "product_name" }, "A product needs a name of at most 100 characters."],
  [{ code: "invalid_input", reason: "unit_price" }, "The unit price is not valid."],
  [{ code: "invalid_input", reason: "issue_quantity", max: 100_000 }, "Quantity must be 1 to 100,000."],
  [{ code: "invalid_input", reason: "batch_name" }, "The batch needs a name of at most 100 characters."],
  [{ code: "invalid_input", reason: "deadline_passed" }, "The redemption deadline has already passed."],
  [{ code: "invalid_input", reason: "code_format", format: "check" }, "The code format is incorrect: a character seems mistyped. Check the code and try again."],
  [{ code: "invalid_input", reason: "face_value" }, "The face value is not valid."],
  [{ code: "invalid_input", reason: "too_many_providers", max: 10 }, "Choose at most 10 compute providers."],
  [{ code: "invalid_input", reason: "no_providers" }, "Choose one or more compute providers."],
  [{ code: "invalid_input", reason: "scope_product" }, "The product scope is not a product for sale."],
  [{ code: "invalid_input", reason: "amount_off" }, "The amount off is not valid."],
  [{ code: "invalid_input", reason: "min_order" }, "The minimum order is not valid."],
  [{ code: "invalid_input", reason: "percent_off" }, "The percent off is not valid."],
  [{ code: "invalid_input", reason: "max_discount" }, "The maximum discount is not valid."],
  [{ code: "invalid_input", reason: "valid_days", max: 3_650 }, "Valid days must be 1 to 3,650."],
  [{ code: "invalid_input", reason: "window_inverted" }, "The validity window ends before it starts."],
  [{ code: "invalid_input", reason: "window_ended" }, "The validity window has already ended."],
  [{ code: "invalid_input", reason: "page_link" }, "This page link is not valid."],
  [{ code: "invalid_input", reason: "cursor" }, "This page link is not valid. Start again from the first page."],
  [{ code: "invalid_input", reason: "provider_id", ref: "prv_x" }, "No provider has the ID prv_x."],
  [
    { code: "invalid_input", reason: "provider_name", ref: "Muxl" },
    'There is no provider named "Muxl". Add it on the Catalog page first, or choose one from the list.',
  ],
  [{ code: "invalid_input", reason: "rule", text: "A provider name can't contain a comma." }, "A provider name can't contain a comma."],
  [{ code: "invalid_input", reason: "filter", text: null }, "The filter is not valid."],
  [{ code: "invalid_input", reason: "filter", text: "From must be on or before To." }, "From must be on or before To."],
  [{ code: "invalid_input", reason: "export_filter", problems: ["from: bad", "to: bad"] }, "The filter is not valid.\nfrom: bad\nto: bad"],
  [{ code: "invalid_input", reason: "refund_key" }, "A refund needs a request key."],
  [{ code: "invalid_input", reason: "refund", failure: { code: "exceeds_refundable", refundable: 75 } }, "At most ¥0.75 of this order can still be refunded."],
  [{ code: "invalid_input", reason: "amount_range", what: "top_up", max: 100_000_000 }, "A top-up is between ¥0.01 and ¥1,000,000.00."],
  [{ code: "invalid_input", reason: "amount_range", what: "amount", max: 100_000_000 }, "The amount is between ¥0.01 and ¥1,000,000.00."],
  [{ code: "invalid_input", reason: "reason_short", min: 3 }, "Give a reason (at least 3 characters)."],
  [{ code: "invalid_input", reason: "reason_long", max: 500 }, "Keep the reason under 500 characters."],
  [{ code: "invalid_input", reason: "quantity", max: 10_000 }, "Quantity must be a whole number from 1 to 10000."],
  [{ code: "invalid_input", reason: "order_too_large" }, "This order is too large."],
  [
    { code: "invalid_input", reason: "voucher_choice", failure: { reason: "unknown_voucher" } },
    "One of the chosen vouchers isn't on this account; refresh the page and choose again.",
  ],
  [{ code: "conflict", reason: "product_created" }, "This product was already created. Find it in the catalog."],
  [{ code: "conflict", reason: "product_retired" }, "This product is already retired."],
  [{ code: "conflict", reason: "batch_issued" }, "This batch was already issued; its codes were shown once. Find it in the list of batches."],
  [{ code: "conflict", reason: "batch_voided" }, "This batch is already voided."],
  [{ code: "conflict", reason: "code_redeemed", voucherPublicId: "vch_a" }, "This code was already redeemed into voucher vch_a: void the voucher instead."],
  [{ code: "conflict", reason: "code_redeemed", voucherPublicId: null }, "This code was already redeemed: void the voucher instead."],
  [{ code: "conflict", reason: "code_revoked" }, "This code is already revoked."],
  [{ code: "conflict", reason: "code_changed" }, "This code was redeemed or revoked a moment ago. Look it up again."],
  [{ code: "conflict", reason: "voucher_voided" }, "This voucher is already voided."],
  [{ code: "conflict", reason: "voucher_granted" }, "This voucher was already granted. Find it in the account's vouchers."],
  [{ code: "conflict", reason: "provider_name_taken", name: "Muxi" }, 'A provider named "Muxi" already exists (names are compared ignoring case).'],
  [{ code: "conflict", reason: "request_used" }, "This request was already used. Reload the page and try again."],
  [{ code: "conflict", reason: "refund_key_used" }, "This refund request was already used for another amount."],
  [{ code: "conflict", reason: "order_refunded" }, "This order is already fully refunded."],
  [{ code: "conflict", reason: "order_not_paid" }, "Only a paid order can be refunded."],
  [
    { code: "conflict", reason: "debit_exceeds_balance", cashBalance: -500 },
    "The cash balance is -¥5.00; a debit can take at most ¥0.00 of it. Arrears come only from post-paid charges.",
  ],
  [{ code: "conflict", reason: "request_key_used" }, "This request key was already used for a different request. Reload the page and try again."],
  [
    { code: "conflict", reason: "order_expired", expiresAt: new Date("2026-06-15T04:30:00Z") },
    "This order expired at 2026-06-15 12:30 and can't be paid; start a new order.",
  ],
  [{ code: "conflict", reason: "product_off_sale", productName: "Muxi GPU hours" }, "Muxi GPU hours is no longer for sale, so this order can't be paid."],
  [{ code: "conflict", reason: "order_cancelled" }, "This order was cancelled."],
  [{ code: "conflict", reason: "order_request_used" }, "This request was already used for another order. Reload the page and try again."],
  [{ code: "internal", reason: "action" }, "Something went wrong on our side. Nothing was changed; try again."],
  [{ code: "internal", reason: "quote" }, "The plan could not be computed. Try again."],
  [{ code: "rate_limited", retryAfterMinutes: 2 }, "Too many attempts. Try again in 2 minutes."],
];

describe("failure messages", () => {
  it.each(SENTENCES)("%j reads as before", (failure, sentence) => {
    expect(failureMessage(failure, CNY)).toBe(sentence);
  });

  it("tells a failed payment in the planner's words, naming providers by the names it carries", () => {
    const failure: Failure = { code: "payment_failed", orderPublicId: "ord_a", reason: "provider_mismatch", publicId: "vch_a", providers: ["Muxi", "MaxXIntel"] };
    expect(failureMessage(failure, CNY)).toBe("Computing power voucher vch_a only pays for MaxXIntel or Muxi products, and this order has none.");
    expect(
      failureMessage({ code: "payment_failed", orderPublicId: "ord_a", reason: "plan_changed", changes: [{ what: "cash", shown: 100, now: 500 }] }, CNY),
    ).toBe("The payment plan changed since it was shown, so nothing was charged. The cash balance would pay ¥5.00, not ¥1.00. Check the new plan and press Pay to confirm it.");
  });
});
