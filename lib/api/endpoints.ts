/**
 * Every /api/v1 endpoint (docs/api.md): what it is, its scope, and the strict
 * zod schemas that validate its requests (lib/api/http.ts) and describe it in
 * the OpenAPI document (lib/api/openapi.ts). No data access here: the route
 * files under app/api/v1/ pair each spec with its handler.
 */
import { z } from "zod";
import { EVENT_PAYLOADS, EVENT_TYPES, EVENT_VERSION } from "@/lib/events/types";
import { publicIdSchema } from "@/lib/ids";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "@/lib/admin/reason";
import { MAX_QUANTITY, MAX_TOP_UP, shownPlanSchema } from "@/lib/orders/request";
import { ORDER_STATUSES } from "@/lib/orders/status";
import { USAGE_KINDS, USAGE_PAGE_SIZE, USAGE_STATUSES, USAGE_TYPES, usageFilterSchema } from "@/lib/usage/filter";
import { VOUCHER_KINDS, VOUCHER_STATUSES } from "@/lib/vouchers/kinds";
import { VOUCHER_PAGE_SIZE, voucherFilterSchema } from "@/lib/vouchers/list-filter";
import type { EndpointSpec } from "./spec";

/** An amount: an integer of minor units of `currency` (e.g. fen for CNY). */
const minor = z.number().int().meta({ description: "Integer amount in minor units of `currency`." });
const currency = z.string().length(3).meta({ description: "ISO 4217 code of the platform currency, e.g. CNY." });
const isoTime = z.string().meta({ description: "RFC 3339 timestamp (UTC)." });

const accountId = publicIdSchema("acc");
const orderId = publicIdSchema("ord");
const productId = publicIdSchema("prd");
const voucherId = publicIdSchema("vch");
const refundId = publicIdSchema("rfd");

/** What `billing_accounts.external_ref` may hold (its CHECK constraint). */
export const externalRefSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "An external reference is 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit.");

const quantity = z
  .number()
  .int("Quantity must be a whole number.")
  .min(1, "Quantity must be at least 1.")
  .max(MAX_QUANTITY, `Quantity can be at most ${MAX_QUANTITY}.`);

/**
 * The plan a quote returned, sent back to pay exactly it. Strict in shape; its
 * consistency rules (parts sum to the amount, a discount alone) are the order
 * page's own (shownPlanSchema), applied as they are.
 */
export const planSchema = z
  .strictObject({
    amount: minor.nonnegative(),
    discount: z.strictObject({ voucher: voucherId, amount: minor.nonnegative() }).nullable(),
    vouchers: z.array(z.strictObject({ voucher: voucherId, amount: minor.positive() })).max(100),
    cash: minor.nonnegative(),
  })
  .superRefine((value, ctx) => {
    const checked = shownPlanSchema.safeParse(value);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  })
  .meta({ id: "Plan", description: "How an order is paid: the discount, each stored-value voucher's part, and the cash balance's part." });

export const accountSchema = z
  .strictObject({
    id: accountId,
    name: z.string(),
    externalRef: z.string().nullable(),
    currency,
    cashBalance: minor.meta({ description: "max(cash balance, 0)." }),
    arrears: minor.meta({ description: "Unpaid post-paid charges: max(-cash balance, 0)." }),
  })
  .meta({ id: "Account" });

export const balancesSchema = z
  .strictObject({
    accountId,
    currency,
    cash: minor,
    arrears: minor,
    vouchers: z.strictObject({
      cash: minor.meta({ description: "Available cash vouchers' balance." }),
      compute: z.strictObject({
        total: minor,
        byProvider: z.array(z.strictObject({ provider: z.string().meta({ description: "A provider set, names joined: 'MaxXIntel, Muxi'." }), balance: minor })),
      }),
      discountAvailable: z.number().int().meta({ description: "Available discount vouchers." }),
    }),
  })
  .meta({ id: "Balances" });

export const quoteSchema = z
  .strictObject({
    accountId,
    currency,
    amount: minor,
    items: z.array(
      z.strictObject({ productId, productName: z.string(), provider: z.string().nullable(), unitPrice: minor, quantity: z.number().int(), amount: minor }),
    ),
    plan: planSchema.nullable(),
    planFailure: z.strictObject({ reason: z.string(), detail: z.string() }).nullable(),
  })
  .meta({ id: "Quote" });

export const orderSchema = z
  .strictObject({
    id: orderId,
    accountId,
    status: z.enum(ORDER_STATUSES),
    currency,
    amount: minor,
    discountAmount: minor,
    voucherAmount: minor,
    cashAmount: minor,
    refundedAmount: minor,
    invoiceable: minor,
    items: z.array(z.strictObject({ productId, productName: z.string(), quantity: z.number().int(), unitPrice: minor, amount: minor })),
    payments: z.array(z.strictObject({ source: z.string(), voucherId: voucherId.nullable(), amount: minor })),
    createdAt: isoTime,
    expiresAt: isoTime,
    paidAt: isoTime.nullable(),
  })
  .meta({ id: "Order" });

export const getAccount = {
  operationId: "getAccount",
  method: "GET",
  path: "/api/v1/accounts/{accountId}",
  scope: "read",
  summary: "Look up an account by its ID",
  params: z.strictObject({ accountId }),
  response: accountSchema,
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

export const findAccount = {
  operationId: "findAccount",
  method: "GET",
  path: "/api/v1/accounts",
  scope: "read",
  summary: "Look up an account by the platform's external reference",
  query: z.strictObject({ external_ref: externalRefSchema }),
  response: accountSchema,
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

export const getBalances = {
  operationId: "getBalances",
  method: "GET",
  path: "/api/v1/accounts/{accountId}/balances",
  scope: "read",
  summary: "An account's balances: cash, arrears, vouchers per kind and per provider",
  params: z.strictObject({ accountId }),
  response: balancesSchema,
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

export const createQuote = {
  operationId: "createQuote",
  method: "POST",
  path: "/api/v1/quotes",
  scope: "read",
  summary: "Quote an order: the plan that would pay it now",
  description: "Reads only. `items` holds exactly one item for now (an order is of one product). Send the returned `plan` with POST /api/v1/orders to pay exactly it.",
  body: z.strictObject({
    accountId,
    items: z.array(z.strictObject({ productId, quantity })).min(1).max(1, "An order is of one product for now."),
  }),
  response: quoteSchema,
  successStatus: 200,
  failures: ["not_found", "invalid_input"],
} as const satisfies EndpointSpec;

export const createOrder = {
  operationId: "createOrder",
  method: "POST",
  path: "/api/v1/orders",
  scope: "pay",
  summary: "Create an order and pay it",
  description:
    "Pays with the automatic plan, or with `plan` (what a quote returned), which must still hold to the minor unit; otherwise the payment fails (402) and nothing is paid. Send an Idempotency-Key to retry safely.",
  body: z.strictObject({ accountId, productId, quantity, plan: planSchema.optional() }),
  response: orderSchema,
  successStatus: 201,
  failures: ["not_found", "invalid_input", "conflict", "payment_failed"],
} as const satisfies EndpointSpec;

export const getOrder = {
  operationId: "getOrder",
  method: "GET",
  path: "/api/v1/orders/{orderId}",
  scope: "read",
  summary: "Get an order",
  params: z.strictObject({ orderId }),
  response: orderSchema,
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

const reason = z
  .string()
  .min(MIN_REASON_LENGTH, `Give a reason (at least ${MIN_REASON_LENGTH} characters).`)
  .max(MAX_REASON_LENGTH, `Keep the reason under ${MAX_REASON_LENGTH} characters.`)
  .meta({ description: "Why, for the audit log and the ledger (3 to 500 characters)." });

/** A positive amount of at most `max` minor units. */
const positiveAmount = (max: number) =>
  z
    .number()
    .int("An amount is a whole number of minor units.")
    .positive("An amount is more than 0.")
    .max(max, `An amount is at most ${max} minor units.`)
    .meta({ description: `Integer amount in minor units of the platform currency, 1 to ${max}.` });

export const refundSchema = z
  .strictObject({
    id: refundId,
    orderId,
    accountId,
    currency,
    amount: minor,
    reason: z.string(),
    createdAt: isoTime,
    order: orderSchema.meta({ description: "The order after the refund." }),
  })
  .meta({ id: "Refund" });

export const cashMovementSchema = z
  .strictObject({
    accountId,
    type: z.enum(["charge", "top_up"]),
    currency,
    amount: minor,
    reason: z.string(),
    cashBalance: minor.meta({ description: "max(cash balance, 0) after the movement." }),
    arrears: minor.meta({ description: "max(-cash balance, 0) after the movement." }),
  })
  .meta({ id: "CashMovement" });

export const createRefund = {
  operationId: "createRefund",
  method: "POST",
  path: "/api/v1/orders/{orderId}/refunds",
  scope: "refund",
  summary: "Refund a paid order, in full or in part",
  description:
    "Returns money in reverse order of payment: the cash balance, then cash vouchers, then computing power vouchers, each to the voucher that paid it; the discount is never returned. Leave `amount` out to refund everything still refundable. Send an Idempotency-Key to retry safely.",
  params: z.strictObject({ orderId }),
  body: z.strictObject({ amount: positiveAmount(MAX_TOP_UP).optional(), reason }),
  response: refundSchema,
  successStatus: 201,
  failures: ["not_found", "invalid_input", "conflict"],
} as const satisfies EndpointSpec;

export const createCharge = {
  operationId: "createCharge",
  method: "POST",
  path: "/api/v1/accounts/{accountId}/charges",
  scope: "charge",
  summary: "Post a post-paid usage charge to an account's cash balance",
  description:
    "Deducts `amount` from the cash balance, which may go below zero (arrears, which vouchers never pay; a top-up clears them first). Recorded in the usage history and the audit log. Send an Idempotency-Key to retry safely.",
  params: z.strictObject({ accountId }),
  body: z.strictObject({ amount: positiveAmount(MAX_TOP_UP), reason }),
  response: cashMovementSchema,
  successStatus: 201,
  failures: ["not_found", "invalid_input"],
} as const satisfies EndpointSpec;

export const createTopUp = {
  operationId: "createTopUp",
  method: "POST",
  path: "/api/v1/accounts/{accountId}/top-ups",
  scope: "charge",
  summary: "Top up an account's cash balance",
  description:
    "Adds `amount` to the cash balance, clearing arrears first: money the platform has received for the account. Recorded in the audit log. Send an Idempotency-Key to retry safely.",
  params: z.strictObject({ accountId }),
  body: z.strictObject({ amount: positiveAmount(MAX_TOP_UP), reason: reason.optional() }),
  response: cashMovementSchema,
  successStatus: 201,
  failures: ["not_found", "invalid_input"],
} as const satisfies EndpointSpec;

// ---------------------------------------------------------------- lists: vouchers and usage history

/** The most items one page of a list holds. */
export const MAX_LIST_LIMIT = 100;
const LIMIT_MESSAGE = `A limit is a whole number from 1 to ${MAX_LIST_LIMIT}.`;

const listLimit = (fallback: number) =>
  z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int(LIMIT_MESSAGE)
    .min(1, LIMIT_MESSAGE)
    .max(MAX_LIST_LIMIT, LIMIT_MESSAGE)
    .optional()
    .meta({ description: `Items per page, 1 to ${MAX_LIST_LIMIT}; default ${fallback}.` });

// Any string: one that is not a cursor of these filters is a 400 (reason `cursor`), not a field to fix.
const listCursor = z
  .string()
  .optional()
  .meta({ description: "The previous page's `nextCursor`, sent with the same filters; one given out for other filters or another account is refused (400, reason `cursor`)." });

const nextCursor = z.string().nullable().meta({ description: "Send as `cursor`, with the same filters, for the next page; null on the last page." });

const scopeProduct = productId.nullable().meta({ description: "The only product it applies to, or null for any." });

export const discountTermsSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("amount_off"), amountOff: minor, minOrderAmount: minor.nullable(), productId: scopeProduct }),
    z.strictObject({
      type: z.literal("percent_off"),
      payBasisPoints: z.number().int().meta({ description: "The share of the price paid, in basis points: 8000 is 20% off." }),
      maxDiscount: minor.nullable(),
      productId: scopeProduct,
    }),
  ])
  .meta({ id: "DiscountTerms" });

export const voucherSchema = z
  .strictObject({
    id: voucherId,
    kind: z.enum(VOUCHER_KINDS),
    status: z.enum(VOUCHER_STATUSES).meta({ description: "Derived at the time of the request (SPEC 4)." }),
    currency,
    faceValue: minor.nullable().meta({ description: "Cash and computing power vouchers; null for discounts." }),
    balance: minor.nullable().meta({ description: "Cash and computing power vouchers; null for discounts." }),
    terms: discountTermsSchema.nullable().meta({ description: "Discount vouchers; null for the others." }),
    providers: z.array(z.string()).nullable().meta({ description: "Computing power vouchers: the providers' names; null for the others." }),
    effectiveAt: isoTime,
    expiresAt: isoTime,
    voidedAt: isoTime.nullable(),
  })
  .meta({ id: "Voucher" });

export const usageRecordSchema = z
  .strictObject({
    createdAt: isoTime,
    voucherId: voucherId.nullable().meta({ description: "Null for a record of the cash balance." }),
    orderId: orderId.nullable().meta({ description: "Null for a post-paid charge, which belongs to no order." }),
    kind: z.enum(USAGE_KINDS),
    type: z.enum(USAGE_TYPES),
    status: z.enum(USAGE_STATUSES),
    currency,
    amount: minor.meta({ description: "Never negative: `type` says which way the money went." }),
    balanceAfter: minor.nullable().meta({ description: "The voucher's or cash balance's balance after it; null on failures and for discount vouchers." }),
    failure: z
      .strictObject({
        reason: z.string().nullable().meta({ description: "Why the payment failed (`insufficient_funds`, `voucher_not_usable`, `plan_changed`, …); null for records older than these codes." }),
        detail: z.string().meta({ description: "An English sentence about it." }),
      })
      .nullable()
      .meta({ description: "On failed records only." }),
  })
  .meta({ id: "UsageRecord" });

export const listVouchers = {
  operationId: "listVouchers",
  method: "GET",
  path: "/api/v1/accounts/{accountId}/vouchers",
  scope: "read",
  summary: "An account's vouchers of one kind, as its Billing Center tab lists them",
  description:
    "In deduction order (soonest expiry, smallest balance, oldest), with the tab's filters. Keyset pages: send " +
    "`nextCursor` back as `cursor` with the same filters.",
  params: z.strictObject({ accountId }),
  // The tab's own filter schema (its rules and messages), its fields described for the document.
  query: voucherFilterSchema
    .safeExtend({
      kind: z.enum(VOUCHER_KINDS).meta({ description: "The tab: `cash`, `discount` or `compute`." }),
      status: voucherFilterSchema.shape.status.meta({ description: "Only vouchers in this status now." }),
      expiresFrom: voucherFilterSchema.shape.expiresFrom.meta({ description: "YYYY-MM-DD: expiring on this day of the platform time zone or later." }),
      expiresTo: voucherFilterSchema.shape.expiresTo.meta({ description: "YYYY-MM-DD: expiring on this day of the platform time zone or earlier." }),
      cursor: listCursor,
      limit: listLimit(VOUCHER_PAGE_SIZE),
    })
    .strict(),
  response: z.strictObject({ items: z.array(voucherSchema), nextCursor }),
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

export const listUsage = {
  operationId: "listUsage",
  method: "GET",
  path: "/api/v1/accounts/{accountId}/usage",
  scope: "read",
  summary: "An account's usage history, as its usage page lists it",
  description: "Newest first, with the page's filters. Keyset pages: send `nextCursor` back as `cursor` with the same filters.",
  params: z.strictObject({ accountId }),
  // The page's own filter schema (its rules and messages), its fields described for the document.
  query: usageFilterSchema.safeExtend({
    voucherId: usageFilterSchema.shape.voucherId.meta({ description: "A Voucher ID (`vch_…`), matched exactly; another account's matches nothing." }),
    from: usageFilterSchema.shape.from.meta({ description: "YYYY-MM-DD: recorded on this day of the platform time zone or later." }),
    to: usageFilterSchema.shape.to.meta({ description: "YYYY-MM-DD: recorded on this day of the platform time zone or earlier." }),
    status: usageFilterSchema.shape.status.meta({ description: "`success` or `failure`." }),
    kind: usageFilterSchema.shape.kind.meta({ description: "What the record moved: a voucher of a kind, or `cash_balance`." }),
    cursor: listCursor,
    limit: listLimit(USAGE_PAGE_SIZE),
  }),
  response: z.strictObject({ items: z.array(usageRecordSchema), nextCursor }),
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

// ---------------------------------------------------------------- events (docs/events.md)

const eventId = publicIdSchema("evt");
export const EVENT_PAGE_SIZE = 50;

/** One event: the same envelope for every type, its payload by type (version 1). */
export const eventSchema = z
  .discriminatedUnion(
    "type",
    EVENT_TYPES.map((type) =>
      z.strictObject({
        id: eventId,
        type: z.literal(type),
        accountId: accountId.nullable().meta({ description: "The account it concerns; null for none (a revoked code)." }),
        version: z.literal(EVENT_VERSION),
        createdAt: isoTime,
        payload: EVENT_PAYLOADS[type],
      }),
    ) as unknown as readonly [z.ZodObject, ...z.ZodObject[]],
  )
  .meta({ id: "Event", description: "An event of the outbox: what changed, for which account, when, with its versioned payload." });

export const listEvents = {
  operationId: "listEvents",
  method: "GET",
  path: "/api/v1/events",
  scope: "read",
  summary: "Events, oldest first: what changed, for a feed or a sync",
  description:
    "Every event the console recorded, in the order it committed them, optionally of one account or one type. To follow the feed, keep the last `id` you processed and send it as `after`: the next call returns what came since.",
  query: z.strictObject({
    accountId: accountId.optional().meta({ description: "Only this account's events." }),
    type: z.enum(EVENT_TYPES).optional().meta({ description: "Only events of this type." }),
    after: eventId.optional().meta({ description: "Only events recorded after this one (its `id`)." }),
    limit: listLimit(EVENT_PAGE_SIZE),
  }),
  response: z.strictObject({
    items: z.array(eventSchema),
    hasMore: z.boolean().meta({ description: "More events follow the last one: call again with its `id` as `after`." }),
  }),
  successStatus: 200,
  failures: ["not_found"],
} as const satisfies EndpointSpec;

/** Every endpoint, in the document's order. */
export const ENDPOINTS: readonly EndpointSpec[] = [
  findAccount,
  getAccount,
  getBalances,
  listVouchers,
  listUsage,
  createCharge,
  createTopUp,
  createQuote,
  createOrder,
  getOrder,
  createRefund,
  listEvents,
];
