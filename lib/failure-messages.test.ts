import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import type { Messages } from "@/lib/i18n/messages";
import { failureMessage, reasonMessage, type FailureTranslator } from "./failure-messages";
import type { ConflictReason, Failure, InvalidInputReason, NotFoundReason } from "./failures";
import type { CodeParseFailure } from "./vouchers/code";
import type { InvalidReason } from "./vouchers/redeem";
import type { VoucherStatus } from "./vouchers/kinds";

/** A translator that throws on a missing key or a missing value, instead of printing the key. */
const strict = (locale: "en" | "zh-CN", messages: Messages): FailureTranslator =>
  createTranslator({
    locale,
    messages,
    namespace: "failures",
    onError: (error) => {
      throw error;
    },
  }) as unknown as FailureTranslator;
const EN = strict("en", en);
const ZH = strict("zh-CN", zh as Messages);

const CNY = { currency: "CNY", timeZone: "Asia/Shanghai" };
const CNY_ZH = { ...CNY, locale: "zh-CN" };
const en_ = (f: Failure) => failureMessage(f, CNY, EN);
const zh_ = (f: Failure) => failureMessage(f, CNY_ZH, ZH);

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
    expect(en_(failure)).toBe(sentence);
  });

  it("tells a failed payment in the planner's words, naming providers by the names it carries", () => {
    const failure: Failure = { code: "payment_failed", orderPublicId: "ord_a", reason: "provider_mismatch", publicId: "vch_a", providers: ["Muxi", "MaxXIntel"] };
    expect(en_(failure)).toBe("Computing power voucher vch_a only pays for MaxXIntel or Muxi products, and this order has none.");
    expect(
      en_({ code: "payment_failed", orderPublicId: "ord_a", reason: "plan_changed", changes: [{ what: "cash", shown: 100, now: 500 }] }),
    ).toBe("The payment plan changed since it was shown, so nothing was charged. The cash balance would pay ¥5.00, not ¥1.00. Check the new plan and press Pay to confirm it.");
  });

  it("tells a rule's or a filter's own sentence through the text hook", () => {
    const text = (english: string) => `<${english}>`;
    expect(failureMessage({ code: "invalid_input", reason: "rule", text: "X." }, { ...CNY, text }, EN)).toBe("<X.>");
    expect(failureMessage({ code: "invalid_input", reason: "export_filter", problems: ["from: Y."] }, { ...CNY, text }, EN)).toBe(
      "The filter is not valid.\nfrom: <Y.>",
    );
  });
});

/** Every reason of every failure, listed here by type so a new one fails to compile until it is worded. */
const NOT_FOUND: Record<NotFoundReason, null> = {
  account: null, billing_account: null, batch: null, code: null, customer_email: null, event: null, notification: null, order: null,
  product: null, product_for_sale: null, provider: null, route: null, voucher: null,
};
const INVALID_INPUT: Record<InvalidInputReason, null> = {
  amount_off: null, batch_name: null, deadline_passed: null, face_value: null, fields: null, max_discount: null,
  min_order: null, no_providers: null, order_too_large: null, page_link: null, percent_off: null, product_name: null,
  refund_key: null, request: null, scope_product: null, unit_price: null, window_ended: null, window_inverted: null,
};
const CONFLICT: Record<ConflictReason, null> = {
  batch_issued: null, batch_voided: null, code_changed: null, code_revoked: null, order_cancelled: null, order_not_paid: null,
  order_refunded: null, order_request_used: null, product_created: null, product_retired: null, refund_key_used: null,
  request_key_used: null, request_used: null, voucher_granted: null, voucher_voided: null,
};
const FORMAT: Record<CodeParseFailure, null> = { empty: null, length: null, alphabet: null, check: null };
const INVALID: Record<InvalidReason, null> = { unknown: null, revoked: null, batch_voided: null, deadline_passed: null, window_ended: null };
const STATUSES: Record<Exclude<VoucherStatus, "available">, null> = { not_effective: null, expired: null, used: null, voided: null };
const keys = <K extends string>(r: Record<K, null>) => Object.keys(r) as K[];

const pay = (rest: object): Failure => ({ code: "payment_failed", orderPublicId: "ord_a", ...rest }) as Failure;

/** One failure of every code and reason, with the values its sentence needs. */
const EVERY: Failure[] = [
  { code: "unauthenticated", reason: "signed_out" },
  { code: "unauthenticated", reason: "session_ended" },
  { code: "unauthenticated", reason: "export_signed_out" },
  { code: "forbidden", reason: "no_account" },
  { code: "forbidden", reason: "admins_only" },
  { code: "forbidden", reason: "export_no_account" },
  ...keys(NOT_FOUND).map((reason): Failure => ({ code: "not_found", reason })),
  ...keys(INVALID_INPUT).map((reason): Failure => ({ code: "invalid_input", reason })),
  { code: "invalid_input", reason: "cursor" },
  { code: "invalid_input", reason: "filter", text: null },
  { code: "invalid_input", reason: "export_filter", problems: [] },
  { code: "invalid_input", reason: "quantity", max: 10_000 },
  { code: "invalid_input", reason: "issue_quantity", max: 100_000 },
  { code: "invalid_input", reason: "too_many_providers", max: 10 },
  { code: "invalid_input", reason: "valid_days", max: 3_650 },
  { code: "invalid_input", reason: "amount_range", what: "top_up", max: 100 },
  { code: "invalid_input", reason: "amount_range", what: "amount", max: 100 },
  { code: "invalid_input", reason: "reason_short", min: 3 },
  { code: "invalid_input", reason: "reason_long", max: 500 },
  ...keys(FORMAT).map((format): Failure => ({ code: "invalid_input", reason: "code_format", format })),
  { code: "invalid_input", reason: "provider_id", ref: "prv_x" },
  { code: "invalid_input", reason: "provider_name", ref: "Muxl" },
  { code: "invalid_input", reason: "voucher_choice", failure: { reason: "unknown_voucher" } },
  { code: "invalid_input", reason: "voucher_choice", failure: { reason: "wrong_kind", publicId: "vch_a", kind: "cash", expected: "discount" } },
  { code: "invalid_input", reason: "refund", failure: { code: "nothing_to_refund" } },
  { code: "invalid_input", reason: "refund", failure: { code: "invalid_amount" } },
  { code: "invalid_input", reason: "refund", failure: { code: "exceeds_refundable", refundable: 75 } },
  ...keys(CONFLICT).map((reason): Failure => ({ code: "conflict", reason })),
  { code: "conflict", reason: "code_redeemed", voucherPublicId: "vch_a" },
  { code: "conflict", reason: "code_redeemed", voucherPublicId: null },
  { code: "conflict", reason: "provider_name_taken", name: "Muxi" },
  { code: "conflict", reason: "debit_exceeds_balance", cashBalance: 500 },
  { code: "conflict", reason: "order_expired", expiresAt: new Date("2026-06-15T04:30:00Z") },
  { code: "conflict", reason: "product_off_sale", productName: "Muxi GPU hours" },
  pay({ reason: "unknown_voucher" }),
  ...keys(STATUSES).map((status) => pay({ reason: "voucher_not_usable", publicId: "vch_a", kind: "cash", status })),
  pay({ reason: "voucher_not_usable", publicId: "vch_a", kind: "discount", status: "used" }),
  pay({ reason: "wrong_kind", publicId: "vch_a", kind: "compute", expected: "discount" }),
  pay({ reason: "wrong_kind", publicId: "vch_a", kind: "discount", expected: "stored_value" }),
  pay({ reason: "discount_not_applicable", publicId: "vch_a", why: "product", minOrderAmount: null }),
  pay({ reason: "discount_not_applicable", publicId: "vch_a", why: "min_order", minOrderAmount: 20_000 }),
  pay({ reason: "discount_not_applicable", publicId: "vch_a", why: "nothing_off", minOrderAmount: null }),
  pay({ reason: "discount_excludes_vouchers" }),
  pay({ reason: "provider_mismatch", publicId: "vch_a", providers: [] }),
  pay({ reason: "provider_mismatch", publicId: "vch_a", providers: ["Muxi", null] }),
  pay({ reason: "insufficient_funds", shortBy: 1250 }),
  pay({
    reason: "plan_changed",
    changes: [
      { what: "amount", shown: 100, now: 200 },
      { what: "discount", voucher: "vch_d", shown: 100, now: 0 },
      { what: "discount", voucher: "vch_d", shown: 0, now: 100 },
      { what: "discount", voucher: "vch_d", shown: 100, now: 50 },
      { what: "voucher", voucher: "vch_a", shown: 100, now: 0 },
      { what: "voucher", voucher: "vch_a", shown: 0, now: 100 },
      { what: "voucher", voucher: "vch_a", shown: 100, now: 50 },
      { what: "cash", shown: 100, now: 500 },
    ],
  }),
  ...keys(INVALID).map((reason): Failure => ({ code: "invalid", reason })),
  { code: "already_redeemed", byCaller: true },
  { code: "already_redeemed", byCaller: false },
  { code: "wrong_kind", kind: "compute" },
  { code: "rate_limited", retryAfterMinutes: 1 },
  { code: "internal", reason: "action" },
  { code: "internal", reason: "quote" },
];

describe("failure messages in both languages", () => {
  it.each(EVERY)("%j has a sentence in en and in zh-CN", (failure) => {
    const english = en_(failure);
    const chinese = zh_(failure);
    expect(english).not.toMatch(/[{}]/);
    expect(chinese).not.toMatch(/[{}]/);
    expect(chinese).toMatch(/[\u4e00-\u9fff]/);
    expect(chinese).not.toBe(english);
  });

  it("reads in Chinese, with amounts, ids, names and dates as arguments", () => {
    expect(zh_({ code: "not_found", reason: "voucher" })).toBe("未找到代金券。");
    expect(zh_({ code: "rate_limited", retryAfterMinutes: 14 })).toBe("尝试次数过多，请 14 分钟后重试。");
    expect(zh_({ code: "wrong_kind", kind: "compute" })).toBe("这是算力券兑换码，请在「算力券」页签兑换。");
    expect(zh_({ code: "invalid_input", reason: "code_format", format: "empty" })).toBe("请输入兑换码。");
    expect(zh_({ code: "invalid_input", reason: "issue_quantity", max: 100_000 })).toBe("数量须为 1 到 100,000。");
    expect(zh_({ code: "invalid_input", reason: "amount_range", what: "top_up", max: 100_000_000 })).toBe("充值金额须在 ¥0.01 到 ¥1,000,000.00 之间。");
    expect(zh_({ code: "conflict", reason: "order_expired", expiresAt: new Date("2026-06-15T04:30:00Z") })).toBe(
      "该订单已于 2026-06-15 12:30 过期，无法支付，请重新下单。",
    );
    expect(zh_(pay({ reason: "voucher_not_usable", publicId: "vch_a", kind: "discount", status: "used" }))).toBe("代金券 vch_a 已使用，无法支付此订单。");
    expect(zh_(pay({ reason: "voucher_not_usable", publicId: "vch_a", kind: "cash", status: "used" }))).toBe("代金券 vch_a 已用完，无法支付此订单。");
    expect(zh_(pay({ reason: "insufficient_funds", shortBy: 1250 }))).toBe("现金余额不足以支付此订单，还差 ¥12.50；请充值或选择其他代金券。");
    expect(zh_(pay({ reason: "provider_mismatch", publicId: "vch_a", providers: ["Muxi", "MaxXIntel"] }))).toBe(
      "算力券 vch_a 仅可支付 MaxXIntel或Muxi 的产品，此订单中没有这类产品。",
    );
    expect(zh_(pay({ reason: "plan_changed", changes: [{ what: "cash", shown: 100, now: 500 }] }))).toBe(
      "支付方案在展示后发生了变化，本次未扣款。现金余额将支付 ¥5.00，而非 ¥1.00。请核对新方案，然后点击“支付”确认。",
    );
    expect(reasonMessage({ reason: "reason_short", min: 3 }, ZH)).toBe("请填写原因（至少 3 个字）。");
  });
});
