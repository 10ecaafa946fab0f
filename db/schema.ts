/**
 * The whole data model (SPEC 3 to 8). Money is `bigint` minor units read as JS
 * numbers (safe integers); times are `timestamptz`. The money rules are CHECK,
 * UNIQUE and FOREIGN KEY constraints here, so a bug in the code cannot break them:
 * the database refuses. Integration tests in `test/constraints.test.ts` try.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { PaymentFailure } from "../lib/failures";
import { STORED_ORDER_STATUSES } from "../lib/orders/status";
import { VOUCHER_KINDS } from "../lib/vouchers/kinds";
import { EVENT_TYPES } from "../lib/events/types";

const money = (name: string) => bigint(name, { mode: "number" });
const time = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
/**
 * Domain rows are stamped by their writer with the `now` it was given (time is an
 * input, so tests and seeds control it): no database default that would read the
 * wall clock behind a caller's back.
 */
const createdAt = () => time("created_at").notNull();
/** better-auth's own tables: the library stamps them itself. */
const authCreatedAt = () => time("created_at").notNull().defaultNow();
/** Public ids are a prefix and lower-case Crockford base 32 (lib/ids.ts). */
const publicIdCheck = (table: string, column: AnyPgColumn, prefix: string) =>
  check(`${table}_public_id`, sql`${column} ~ ${sql.raw(`'^${prefix}_[0-9a-z]+$'`)}`);

export const voucherKind = pgEnum("voucher_kind", VOUCHER_KINDS);
export const userRole = pgEnum("user_role", ["customer", "admin"]);
export const eventType = pgEnum("event_type", EVENT_TYPES);
export const orderStatus = pgEnum("order_status", STORED_ORDER_STATUSES);
export const paymentStatus = pgEnum("payment_status", ["succeeded", "failed"]);
/** What a usage record is about: a voucher of a kind, or the account's cash balance. */
export const usageSource = pgEnum("usage_source", ["cash", "discount", "compute", "cash_balance"]);
export const usageType = pgEnum("usage_type", ["deduction", "refund"]);
export const usageStatus = pgEnum("usage_status", ["success", "failure"]);
export const cashMovementType = pgEnum("cash_movement_type", [
  "top_up",
  "charge",
  "payment",
  "refund",
  "adjustment_credit",
  "adjustment_debit",
]);

// ---------------------------------------------------------------- accounts

/** The billing account: owner of vouchers, orders and the cash balance. */
export const billingAccounts = pgTable(
  "billing_accounts",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    name: text("name").notNull(),
    // May go below zero only through post-paid charges (arrears, SPEC 6); the
    // ledger in cash_movements must always sum to it.
    cashBalance: money("cash_balance").notNull().default(sql`0`),
    /** The platform's own id for the account (docs/api.md), set by the platform; unique when set. */
    externalRef: text("external_ref").unique(),
    createdAt: createdAt(),
  },
  (t) => [
    publicIdCheck("billing_accounts", t.publicId, "acc"),
    check("billing_accounts_external_ref", sql`${t.externalRef} ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'`),
  ],
);

// ---------------------------------------------------------------- auth (better-auth)

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    role: userRole("role").notNull().default("customer"),
    billingAccountId: bigint("billing_account_id", { mode: "number" }).references(() => billingAccounts.id),
    /** The console language the user chose (lib/i18n/locale.ts); null until they choose one. */
    locale: text("locale"),
    createdAt: authCreatedAt(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // A customer always acts on one billing account; admins may have none.
    check("users_customer_has_account", sql`${t.role} = 'admin' OR ${t.billingAccountId} IS NOT NULL`),
    check("users_locale_known", sql`${t.locale} IS NULL OR ${t.locale} IN ('zh-CN', 'en')`),
    index("users_billing_account_idx").on(t.billingAccountId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: time("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: authCreatedAt(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** better-auth's credential rows ("account" in its vocabulary; not a billing account). */
export const authAccounts = pgTable(
  "auth_accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: time("access_token_expires_at"),
    refreshTokenExpiresAt: time("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: authCreatedAt(),
    updatedAt: time("updated_at").notNull().defaultNow(),
  },
  (t) => [index("auth_accounts_user_idx").on(t.userId)],
);

export const verifications = pgTable("verifications", {
  id: text("id").primaryKey(),
  identifier: text("identifier").notNull(),
  value: text("value").notNull(),
  expiresAt: time("expires_at").notNull(),
  createdAt: authCreatedAt(),
  updatedAt: time("updated_at").notNull().defaultNow(),
});

/** better-auth's sign-in rate limit, kept in the database so it holds across app servers. */
export const authRateLimits = pgTable("auth_rate_limits", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

// ---------------------------------------------------------------- catalog

/**
 * Compute providers (SPEC 3): a catalogue managed by admins, referenced by id from
 * products, order items, batches and vouchers, so a name typed in another case can
 * never make a second provider. Names are unique ignoring case; a provider may be
 * renamed, never deleted (a trigger refuses DELETE, see the providers_catalogue
 * migration), so the id arrays of batches and vouchers never point nowhere.
 */
export const providers = pgTable(
  "providers",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    publicIdCheck("providers", t.publicId, "prv"),
    uniqueIndex("providers_name_lower_key").on(sql`lower(${t.name})`),
    // The whitespace form of lib/providers/name.ts: trimmed, not blank, single spaces, at most 40 characters.
    check("providers_name_normal", sql`${t.name} ~ '^\\S+( \\S+)*$' AND char_length(${t.name}) <= 40`),
  ],
);

export const products = pgTable(
  "products",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    name: text("name").notNull(),
    unitPrice: money("unit_price").notNull(),
    /** The compute provider whose computing power vouchers may pay for it; null for any-provider products. */
    providerId: bigint("provider_id", { mode: "number" }).references(() => providers.id),
    retiredAt: time("retired_at"),
    createdAt: createdAt(),
  },
  (t) => [
    publicIdCheck("products", t.publicId, "prd"),
    check("products_unit_price_nonnegative", sql`${t.unitPrice} >= 0`),
  ],
);

// ---------------------------------------------------------------- vouchers

/**
 * Columns shared by batches (the terms a code will give) and vouchers (the terms
 * it gave). Face value for stored-value kinds; discount terms for discount ones.
 */
const termColumns = () => ({
  kind: voucherKind("kind").notNull(),
  faceValue: money("face_value"),
  amountOff: money("amount_off"),
  minOrderAmount: money("min_order_amount"),
  /** Share the customer pays, in basis points: 8000 = pay 80% = "20% off". */
  payBasisPoints: integer("pay_basis_points"),
  maxDiscount: money("max_discount"),
  scopeProductId: bigint("scope_product_id", { mode: "number" }).references(() => products.id),
  /**
   * Computing power only: the providers (providers.id) it pays for. An array can't
   * carry a foreign key, so a trigger refuses an id that is not a provider.
   */
  providerIds: bigint("provider_ids", { mode: "number" }).array(),
});

/** The CHECKs that keep the terms of a batch or voucher consistent with its kind. */
function termChecks(table: string, t: Record<keyof ReturnType<typeof termColumns>, AnyPgColumn>) {
  return [
    check(
      `${table}_stored_value_terms`,
      sql`${t.kind} = 'discount' OR (
        ${t.faceValue} IS NOT NULL AND ${t.faceValue} > 0
        AND ${t.amountOff} IS NULL AND ${t.minOrderAmount} IS NULL
        AND ${t.payBasisPoints} IS NULL AND ${t.maxDiscount} IS NULL AND ${t.scopeProductId} IS NULL)`,
    ),
    check(
      `${table}_discount_terms`,
      sql`${t.kind} <> 'discount' OR (
        ${t.faceValue} IS NULL AND ${t.providerIds} IS NULL
        AND ((${t.amountOff} IS NOT NULL AND ${t.amountOff} > 0 AND ${t.payBasisPoints} IS NULL AND ${t.maxDiscount} IS NULL)
          OR (${t.payBasisPoints} IS NOT NULL AND ${t.payBasisPoints} BETWEEN 1 AND 9999
              AND ${t.amountOff} IS NULL AND ${t.minOrderAmount} IS NULL))
        AND (${t.minOrderAmount} IS NULL OR ${t.minOrderAmount} >= 0)
        AND (${t.maxDiscount} IS NULL OR ${t.maxDiscount} > 0))`,
    ),
    check(
      `${table}_providers_only_compute`,
      sql`(${t.kind} = 'compute') = (${t.providerIds} IS NOT NULL AND cardinality(${t.providerIds}) > 0)`,
    ),
    check(`${table}_provider_ids_no_null`, sql`array_position(${t.providerIds}, NULL) IS NULL`),
  ];
}

export const voucherBatches = pgTable(
  "voucher_batches",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    name: text("name").notNull(),
    ...termColumns(),
    // Validity: either a fixed window or a number of days from redemption.
    effectiveAt: time("effective_at"),
    expiresAt: time("expires_at"),
    validDays: integer("valid_days"),
    // Codes redeem before this instant. Issue refuses one after a fixed window's end, and
    // redemption refuses a code once the window ended (also for batches issued before that rule).
    redeemBy: time("redeem_by"),
    quantity: integer("quantity").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    voidedAt: time("voided_at"),
    voidedBy: text("voided_by").references(() => users.id),
    voidReason: text("void_reason"),
  },
  (t) => [
    ...termChecks("voucher_batches", t),
    check(
      "voucher_batches_validity",
      sql`(${t.validDays} IS NULL AND ${t.effectiveAt} IS NOT NULL AND ${t.expiresAt} IS NOT NULL AND ${t.expiresAt} > ${t.effectiveAt})
        OR (${t.validDays} IS NOT NULL AND ${t.validDays} > 0 AND ${t.effectiveAt} IS NULL AND ${t.expiresAt} IS NULL)`,
    ),
    check("voucher_batches_quantity", sql`${t.quantity} >= 0`),
    check("voucher_batches_void_reason", sql`(${t.voidedAt} IS NULL) = (${t.voidReason} IS NULL)`),
    check("voucher_batches_voided_by", sql`(${t.voidedAt} IS NULL) = (${t.voidedBy} IS NULL)`),
    publicIdCheck("voucher_batches", t.publicId, "bat"),
  ],
);

/** One redemption code. Only its keyed hash is stored (SPEC 5), never the code. */
export const redemptionCodes = pgTable(
  "redemption_codes",
  {
    id: id(),
    batchId: bigint("batch_id", { mode: "number" })
      .notNull()
      .references(() => voucherBatches.id),
    codeHash: text("code_hash").notNull(),
    last4: text("last4").notNull(),
    revokedAt: time("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id),
    revokeReason: text("revoke_reason"),
    redeemedByAccountId: bigint("redeemed_by_account_id", { mode: "number" }).references(() => billingAccounts.id),
    redeemedAt: time("redeemed_at"),
  },
  (t) => [
    uniqueIndex("redemption_codes_code_hash_key").on(t.codeHash),
    index("redemption_codes_batch_idx").on(t.batchId),
    check("redemption_codes_hash_format", sql`${t.codeHash} ~ '^[0-9a-f]{64}$'`),
    check("redemption_codes_last4", sql`length(${t.last4}) = 4`),
    check("redemption_codes_redeemed_pair", sql`(${t.redeemedAt} IS NULL) = (${t.redeemedByAccountId} IS NULL)`),
  ],
);

export const vouchers = pgTable(
  "vouchers",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    batchId: bigint("batch_id", { mode: "number" }).references(() => voucherBatches.id),
    /** The code it was redeemed from; null for a direct grant. One voucher per code. */
    codeId: bigint("code_id", { mode: "number" })
      .references(() => redemptionCodes.id)
      .unique(),
    ...termColumns(),
    balance: money("balance"),
    effectiveAt: time("effective_at").notNull(),
    expiresAt: time("expires_at").notNull(),
    /** A discount voucher is single use: the time and order that consumed it. */
    consumedAt: time("consumed_at"),
    consumedOrderId: bigint("consumed_order_id", { mode: "number" }).references(() => orders.id),
    voidedAt: time("voided_at"),
    voidedBy: text("voided_by").references(() => users.id),
    voidReason: text("void_reason"),
    grantedBy: text("granted_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    ...termChecks("vouchers", t),
    check(
      "vouchers_balance_within_face_value",
      sql`(${t.kind} = 'discount' AND ${t.balance} IS NULL)
        OR (${t.kind} <> 'discount' AND ${t.balance} IS NOT NULL AND ${t.balance} >= 0 AND ${t.balance} <= ${t.faceValue})`,
    ),
    check("vouchers_validity", sql`${t.expiresAt} > ${t.effectiveAt}`),
    check("vouchers_consumed_only_discount", sql`${t.kind} = 'discount' OR (${t.consumedAt} IS NULL AND ${t.consumedOrderId} IS NULL)`),
    check("vouchers_consumed_pair", sql`(${t.consumedAt} IS NULL) = (${t.consumedOrderId} IS NULL)`),
    // SPEC 3: exactly one discount voucher per order.
    uniqueIndex("vouchers_one_discount_per_order").on(t.consumedOrderId),
    check("vouchers_void_reason", sql`(${t.voidedAt} IS NULL) = (${t.voidReason} IS NULL)`),
    check("vouchers_voided_by", sql`(${t.voidedAt} IS NULL) = (${t.voidedBy} IS NULL)`),
    publicIdCheck("vouchers", t.publicId, "vch"),
    // The expiry scheduler's scan (lib/dal/scheduler.ts): vouchers by expiry, across accounts.
    index("vouchers_expiry_scan_idx").on(t.expiresAt).where(sql`${t.voidedAt} IS NULL`),
    // The voucher list's keyset order (deduction order) up to the expiry; the balance is sorted
    // within one expiry (an incremental sort). It is left out of every index so that a payment's
    // balance update is a HOT update (no index touched; the table's fillfactor leaves room).
    index("vouchers_account_kind_expiry_idx").on(t.accountId, t.kind, t.expiresAt, t.createdAt, t.id),
    index("vouchers_batch_idx").on(t.batchId),
  ],
);

// ---------------------------------------------------------------- orders and payment

/**
 * A row of an order (item, payment, refund) references it with the account: the
 * pair (account_id, order_id) is the order's, so a row can't claim another account,
 * and a table distributed by account_id keeps its foreign keys (docs/scale-out.md).
 */
function orderOf(table: string, t: { accountId: AnyPgColumn; orderId: AnyPgColumn }) {
  return foreignKey({ name: `${table}_order_fk`, columns: [t.accountId, t.orderId], foreignColumns: [orders.accountId, orders.id] });
}

export const orders = pgTable(
  "orders",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    amount: money("amount").notNull(),
    status: orderStatus("status").notNull().default("pending"),
    // Filled when paid: amount = discount + vouchers + cash (checked below).
    discountAmount: money("discount_amount").notNull().default(sql`0`),
    voucherAmount: money("voucher_amount").notNull().default(sql`0`),
    cashAmount: money("cash_amount").notNull().default(sql`0`),
    refundedAmount: money("refunded_amount").notNull().default(sql`0`),
    /** The client's key for "place and pay this order": a retried or doubled request finds the same order. */
    requestKey: text("request_key"),
    createdAt: createdAt(),
    /** A pending order can be paid until then (SPEC 6: default 30 minutes after it was placed). */
    expiresAt: time("expires_at").notNull(),
    paidAt: time("paid_at"),
  },
  (t) => [
    check("orders_amount_nonnegative", sql`${t.amount} >= 0`),
    check(
      "orders_parts_nonnegative",
      sql`${t.discountAmount} >= 0 AND ${t.voucherAmount} >= 0 AND ${t.cashAmount} >= 0 AND ${t.refundedAmount} >= 0`,
    ),
    check(
      "orders_parts_sum",
      sql`${t.status} IN ('pending', 'cancelled')
        OR ${t.discountAmount} + ${t.voucherAmount} + ${t.cashAmount} = ${t.amount}`,
    ),
    // SPEC 3: a discount voucher excludes cash and computing power vouchers on the order.
    check("orders_discount_excludes_vouchers", sql`${t.discountAmount} = 0 OR ${t.voucherAmount} = 0`),
    check("orders_refund_within_paid", sql`${t.refundedAmount} <= ${t.voucherAmount} + ${t.cashAmount}`),
    check(
      "orders_refund_status",
      sql`CASE ${t.status}
        WHEN 'refunded' THEN ${t.refundedAmount} > 0 AND ${t.refundedAmount} = ${t.voucherAmount} + ${t.cashAmount}
        WHEN 'partially_refunded' THEN ${t.refundedAmount} > 0 AND ${t.refundedAmount} < ${t.voucherAmount} + ${t.cashAmount}
        ELSE ${t.refundedAmount} = 0 END`,
    ),
    check("orders_paid_at", sql`(${t.status} IN ('pending', 'cancelled')) = (${t.paidAt} IS NULL)`),
    check("orders_expires_after_created", sql`${t.expiresAt} > ${t.createdAt}`),
    // An order is paid before it expires, whatever the code that pays it.
    check("orders_paid_before_expiry", sql`${t.paidAt} IS NULL OR ${t.paidAt} < ${t.expiresAt}`),
    publicIdCheck("orders", t.publicId, "ord"),
    index("orders_account_created_idx").on(t.accountId, t.createdAt),
    uniqueIndex("orders_account_request_key").on(t.accountId, t.requestKey),
    // What the order's items, payments and refunds reference (docs/scale-out.md: keys carry the account).
    uniqueIndex("orders_account_id_key").on(t.accountId, t.id),
  ],
);

/** An order keeps the name, provider and unit price it was placed at (a renamed provider is still the same provider). */
export const orderItems = pgTable(
  "order_items",
  {
    id: id(),
    /** The order's account (docs/scale-out.md): filled from the order when a writer leaves it out. */
    accountId: bigint("account_id", { mode: "number" }).notNull(),
    orderId: bigint("order_id", { mode: "number" }).notNull(),
    productId: bigint("product_id", { mode: "number" })
      .notNull()
      .references(() => products.id),
    productName: text("product_name").notNull(),
    providerId: bigint("provider_id", { mode: "number" }).references(() => providers.id),
    unitPrice: money("unit_price").notNull(),
    quantity: integer("quantity").notNull(),
    amount: money("amount").notNull(),
  },
  (t) => [
    check("order_items_quantity_positive", sql`${t.quantity} > 0`),
    check("order_items_unit_price_nonnegative", sql`${t.unitPrice} >= 0`),
    check("order_items_amount", sql`${t.amount} = ${t.unitPrice} * ${t.quantity}`),
    index("order_items_order_idx").on(t.orderId),
    orderOf("order_items", t),
  ],
);

/** Every payment attempt. At most one succeeds per order (partial unique index). */
export const payments = pgTable(
  "payments",
  {
    id: id(),
    /** The order's account (docs/scale-out.md): filled from the order when a writer leaves it out. */
    accountId: bigint("account_id", { mode: "number" }).notNull(),
    orderId: bigint("order_id", { mode: "number" }).notNull(),
    status: paymentStatus("status").notNull(),
    amount: money("amount").notNull(),
    failureReason: text("failure_reason"),
    idempotencyKey: text("idempotency_key"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("payments_one_success_per_order").on(t.accountId, t.orderId).where(sql`${t.status} = 'succeeded'`),
    orderOf("payments", t),
    check("payments_amount_nonnegative", sql`${t.amount} >= 0`),
    check("payments_failure_reason", sql`(${t.status} = 'failed') = (${t.failureReason} IS NOT NULL)`),
  ],
);

export const refunds = pgTable(
  "refunds",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    /** The order's account (docs/scale-out.md): filled from the order when a writer leaves it out. */
    accountId: bigint("account_id", { mode: "number" }).notNull(),
    orderId: bigint("order_id", { mode: "number" }).notNull(),
    amount: money("amount").notNull(),
    reason: text("reason").notNull(),
    /** Makes a refund request idempotent: the same key on the same order refunds once. */
    refundKey: text("refund_key").notNull(),
    /** Who refunded: an admin, or a platform service's API key (docs/api.md). */
    createdBy: text("created_by").references(() => users.id),
    createdByApiKey: bigint("created_by_api_key_id", { mode: "number" }).references((): AnyPgColumn => apiKeys.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("refunds_order_key").on(t.accountId, t.orderId, t.refundKey),
    orderOf("refunds", t),
    check("refunds_one_creator", sql`num_nonnulls(${t.createdBy}, ${t.createdByApiKey}) <= 1`),
    check("refunds_amount_positive", sql`${t.amount} > 0`),
    publicIdCheck("refunds", t.publicId, "rfd"),
  ],
);

/**
 * Usage history (SPEC 7): one row per deduction, refund and failed attempt, on a
 * voucher or on the cash balance. Append-only.
 */
export const usageRecords = pgTable(
  "usage_records",
  {
    id: id(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    voucherId: bigint("voucher_id", { mode: "number" }).references(() => vouchers.id),
    orderId: bigint("order_id", { mode: "number" }).references(() => orders.id),
    refundId: bigint("refund_id", { mode: "number" }).references(() => refunds.id),
    source: usageSource("source").notNull(),
    type: usageType("type").notNull(),
    status: usageStatus("status").notNull(),
    amount: money("amount").notNull(),
    /** The voucher's (or cash balance's) balance after this record; null on failures. */
    balanceAfter: money("balance_after"),
    /** The failure's sentence in English when it was recorded (logs, exports of old rows). */
    failureReason: text("failure_reason"),
    /**
     * The failure itself (lib/failures.ts PaymentFailure, public ids only), so each
     * reader is told it in their language; null on successes and on rows recorded
     * before it existed, which show failure_reason.
     */
    failure: jsonb("failure").$type<PaymentFailure>(),
    createdAt: createdAt(),
  },
  (t) => [
    check("usage_records_amount_nonnegative", sql`${t.amount} >= 0`),
    check("usage_records_failure_reason", sql`(${t.status} = 'failure') = (${t.failureReason} IS NOT NULL)`),
    check("usage_records_failure_only_on_failures", sql`${t.status} = 'failure' OR ${t.failure} IS NULL`),
    check("usage_records_failure_no_balance", sql`${t.status} = 'success' OR ${t.balanceAfter} IS NULL`),
    check("usage_records_voucher_source", sql`(${t.source} = 'cash_balance') = (${t.voucherId} IS NULL)`),
    check("usage_records_refund_has_refund", sql`${t.type} <> 'refund' OR ${t.refundId} IS NOT NULL`),
    index("usage_records_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("usage_records_voucher_created_idx").on(t.voucherId, t.createdAt, t.id),
    // An order's allocation (order detail page) without reading the account's whole history.
    index("usage_records_order_idx").on(t.orderId),
  ],
);

/**
 * The successful usage records summed per account, UTC hour, source, attributed
 * provider and type (issue 18): what the overview's spend charts and the expiry
 * forecast read instead of the account's whole history. Written only by the
 * statement triggers on usage_records (db/migrations/0016_usage_hourly.sql), in the
 * writer's transaction, so it equals the records' sums at every commit
 * (test/invariants.ts checks it; lib/dal/insights/ledger.ts reads it).
 */
export const usageHourly = pgTable(
  "usage_hourly",
  {
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    /** The record's created_at truncated to its UTC hour. */
    hour: time("hour").notNull(),
    source: usageSource("source").notNull(),
    /** Computing power: the provider the record paid (the database function usage_provider, migration 0016); 0 for other sources and unattributed records. */
    providerId: bigint("provider_id", { mode: "number" }).notNull(),
    type: usageType("type").notNull(),
    amount: money("amount").notNull(),
    records: integer("records").notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.hour, t.source, t.providerId, t.type] })],
);

/**
 * A number that changes whenever a transaction that wrote an account's vouchers or
 * usage records commits (issue 18, docs/performance.md "The insights cache"): the
 * key under which the overview's insights and the statement page are kept in memory. Written only by the
 * deferred triggers of db/migrations/0017_account_versions.sql, from a sequence, so
 * a value never comes back for the same account, not even after a rollback.
 */
export const accountVersions = pgTable("account_versions", {
  accountId: bigint("account_id", { mode: "number" })
    .primaryKey()
    .references(() => billingAccounts.id),
  version: bigint("version", { mode: "number" }).notNull(),
});

/** The cash-balance ledger: the sum of signed amounts equals billing_accounts.cash_balance. */
export const cashMovements = pgTable(
  "cash_movements",
  {
    id: id(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    type: cashMovementType("type").notNull(),
    /** Always positive; the type gives the direction. */
    amount: money("amount").notNull(),
    balanceAfter: money("balance_after").notNull(),
    orderId: bigint("order_id", { mode: "number" }).references(() => orders.id),
    refundId: bigint("refund_id", { mode: "number" }).references(() => refunds.id),
    reason: text("reason"),
    /** Who moved it: an admin (or nobody, for a customer's own top-up), or a platform service's API key. */
    createdBy: text("created_by").references(() => users.id),
    createdByApiKey: bigint("created_by_api_key_id", { mode: "number" }).references((): AnyPgColumn => apiKeys.id),
    createdAt: createdAt(),
  },
  (t) => [
    check("cash_movements_amount_positive", sql`${t.amount} > 0`),
    check("cash_movements_one_creator", sql`num_nonnulls(${t.createdBy}, ${t.createdByApiKey}) <= 1`),
    check("cash_movements_payment_has_order", sql`${t.type} <> 'payment' OR ${t.orderId} IS NOT NULL`),
    check("cash_movements_refund_has_refund", sql`${t.type} <> 'refund' OR ${t.refundId} IS NOT NULL`),
    // Only a post-paid charge may leave the balance negative (arrears, SPEC 10). An admin debit
    // is held to that by its guarded UPDATE (db/cash-ledger.ts); it is no CHECK here because
    // debits into arrears written before that rule stay on the append-only ledger.
    check("cash_movements_no_arrears_from_payment", sql`${t.type} <> 'payment' OR ${t.balanceAfter} >= 0`),
    index("cash_movements_account_created_idx").on(t.accountId, t.createdAt),
  ],
);

// ---------------------------------------------------------------- platform

/** Fixed-window attempt counters (SPEC 5), one row per bucket key, shared by all app servers. */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    key: text("key").primaryKey(),
    windowStart: time("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    check("rate_limit_buckets_count", sql`${t.count} >= 0`),
    // Pruning finds the buckets whose window has passed (db/prune.ts).
    index("rate_limit_buckets_window_start_idx").on(t.windowStart),
  ],
);

/** Stored results of mutating requests, so a retried request has exactly one effect. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    response: jsonb("response"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    // Pruning finds the keys older than their retention (db/prune.ts).
    index("idempotency_keys_created_at_idx").on(t.createdAt),
  ],
);

export const apiScope = pgEnum("api_scope", ["read", "pay", "charge", "refund"]);

/**
 * Keys of the platform's own services for /api/v1 (docs/api.md). The secret is
 * shown once; only its keyed hash (HMAC-SHA256) and last 4 characters are kept.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    name: text("name").notNull(),
    scopes: apiScope("scopes").array().notNull(),
    secretHash: text("secret_hash").notNull().unique(),
    last4: text("last4").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: time("last_used_at"),
    revokedAt: time("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id),
  },
  (t) => [
    publicIdCheck("api_keys", t.publicId, "key"),
    check("api_keys_name", sql`char_length(${t.name}) BETWEEN 1 AND 80`),
    check("api_keys_scopes", sql`cardinality(${t.scopes}) >= 1`),
    check("api_keys_last4", sql`char_length(${t.last4}) = 4`),
    check("api_keys_revoked", sql`(${t.revokedAt} IS NULL) = (${t.revokedBy} IS NULL)`),
  ],
);

/** PostgreSQL's 64-bit transaction id, read as a decimal string. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * The outbox (docs/events.md): one row per event, written in the transaction of
 * the change it reports, so it commits or rolls back with it. Never updated;
 * readers page by id. `dedupe_key` makes a time-based event (found by a
 * scheduler, possibly twice) once only.
 */
export const events = pgTable(
  "events",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    type: eventType("type").notNull(),
    accountId: bigint("account_id", { mode: "number" }).references(() => billingAccounts.id),
    version: integer("version").notNull(),
    payload: jsonb("payload").notNull(),
    dedupeKey: text("dedupe_key").unique(),
    /**
     * The writing transaction: readers list only events of transactions older than
     * every one still running, in (txid, id) order, so an event committed late never
     * lands behind a reader's position (ids are taken at insert, not at commit).
     */
    txid: xid8("txid").notNull().default(sql`pg_current_xact_id()`),
    createdAt: createdAt(),
  },
  (t) => [
    publicIdCheck("events", t.publicId, "evt"),
    check("events_version", sql`${t.version} >= 1`),
    index("events_feed_idx").on(t.txid, t.id),
    index("events_account_feed_idx").on(t.accountId, t.txid, t.id),
  ],
);

// ---------------------------------------------------------------- delivery of events (docs/events.md)

/**
 * How far the dispatcher has read the outbox, in the feed's (txid, id) order:
 * one row per consumer ("dispatch"). The dispatcher locks it, fans the next
 * events out to webhook deliveries and notifications, and moves it, in one
 * transaction, so each event is fanned out once.
 */
export const outboxCursors = pgTable("outbox_cursors", {
  name: text("name").primaryKey(),
  txid: xid8("txid").notNull(),
  eventId: bigint("event_id", { mode: "number" }).notNull(),
  updatedAt: time("updated_at").notNull(),
});

/** An admin-registered receiver of signed events (Standard Webhooks). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    eventTypes: eventType("event_types").array().notNull(),
    /** Only this account's events when set; every account's (and account-less ones) when null. */
    accountId: bigint("account_id", { mode: "number" }).references(() => billingAccounts.id),
    /** The signing secret, `whsec_` + base64 (Standard Webhooks); shown to admins, never logged. */
    secret: text("secret").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    disabledAt: time("disabled_at"),
  },
  (t) => [
    publicIdCheck("webhook_endpoints", t.publicId, "whk"),
    check("webhook_endpoints_event_types", sql`cardinality(${t.eventTypes}) >= 1`),
    check("webhook_endpoints_url", sql`${t.url} ~ '^https?://' AND char_length(${t.url}) <= 2048`),
    check("webhook_endpoints_description", sql`char_length(${t.description}) <= 200`),
    check("webhook_endpoints_secret", sql`${t.secret} ~ '^whsec_[A-Za-z0-9+/=]{24,}$'`),
  ],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

/** One event for one endpoint: made once by the dispatcher (unique pair), tried until it succeeds or a day has passed. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    endpointId: bigint("endpoint_id", { mode: "number" })
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id),
    status: webhookDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastAttemptAt: time("last_attempt_at"),
    /** When the runner will try next (pending only). */
    nextAttemptAt: time("next_attempt_at"),
    deliveredAt: time("delivered_at"),
    createdAt: createdAt(),
  },
  (t) => [
    publicIdCheck("webhook_deliveries", t.publicId, "whd"),
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    check("webhook_deliveries_attempts", sql`${t.attempts} >= 0`),
    check("webhook_deliveries_delivered", sql`(${t.status} = 'succeeded') = (${t.deliveredAt} IS NOT NULL)`),
  ],
);

/** A customer's inbox entry: one per event that concerns them; its text is rendered from the event in the reader's language. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    publicId: text("public_id").notNull().unique(),
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    eventId: bigint("event_id", { mode: "number" })
      .notNull()
      .references(() => events.id),
    createdAt: createdAt(),
    readAt: time("read_at"),
    /** When the email went out (null: not sent, or no SMTP, or the customer turned email off). */
    emailedAt: time("emailed_at"),
  },
  (t) => [
    publicIdCheck("notifications", t.publicId, "ntf"),
    uniqueIndex("notifications_account_event_key").on(t.accountId, t.eventId),
    index("notifications_account_idx").on(t.accountId, t.id),
    index("notifications_unread_idx").on(t.accountId).where(sql`${t.readAt} IS NULL`),
  ],
);

/** What a customer wants to hear of (the settings page); defaults when no row: every reminder, email on. */
export const notificationSettings = pgTable(
  "notification_settings",
  {
    accountId: bigint("account_id", { mode: "number" })
      .primaryKey()
      .references(() => billingAccounts.id),
    /** Which expiry reminders to receive: a subset of {30, 7, 1} days before. */
    expiryReminderDays: integer("expiry_reminder_days").array().notNull(),
    email: boolean("email").notNull().default(true),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [check("notification_settings_days", sql`${t.expiryReminderDays} <@ ARRAY[30, 7, 1]`)],
);

export const balanceKind = pgEnum("balance_kind", ["cash", "compute", "cash_balance"]);

/**
 * A customer's low-balance threshold for one kind. `alertedAt` is set when the
 * scheduler records balance.low and cleared when the balance is back at or
 * above the threshold; `alerts` numbers the crossings, so each one's event has
 * its own dedupe key.
 */
export const balanceThresholds = pgTable(
  "balance_thresholds",
  {
    accountId: bigint("account_id", { mode: "number" })
      .notNull()
      .references(() => billingAccounts.id),
    kind: balanceKind("kind").notNull(),
    threshold: money("threshold").notNull(),
    alerts: integer("alerts").notNull().default(0),
    alertedAt: time("alerted_at"),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.kind] }),
    check("balance_thresholds_threshold", sql`${t.threshold} > 0 AND ${t.threshold} <= 100000000000`),
  ],
);

/** Every admin change, written in the change's transaction. A trigger refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    /** Who made the change: an admin user, or a platform service's API key; exactly one. */
    actorUserId: text("actor_user_id").references(() => users.id),
    actorApiKeyId: bigint("actor_api_key_id", { mode: "number" }).references(() => apiKeys.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
    check("audit_log_one_actor", sql`num_nonnulls(${t.actorUserId}, ${t.actorApiKeyId}) = 1`),
  ],
);
