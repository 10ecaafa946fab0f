/**
 * The events the console records (docs/events.md): each change a customer or a
 * platform service needs to hear of, written to the outbox (`events`) in the
 * same transaction as the change, so no event is lost or invented. Each type
 * has a versioned payload; the schemas here validate what is written and
 * describe it in the OpenAPI document. Pure: no database here.
 */
import { z } from "zod";

export const EVENT_TYPES = [
  "voucher.redeemed",
  "voucher.granted",
  "voucher.voided",
  "code.revoked",
  "order.paid",
  "order.payment_failed",
  "order.refunded",
  "account.charged",
  "account.topped_up",
  "account.arrears",
  "voucher.expiring",
  "voucher.expired",
  "balance.low",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The payload version every type is at; a change to a payload's shape is a new version, never an edit. */
export const EVENT_VERSION = 1;

const minor = z.number().int().meta({ description: "Integer amount in minor units of the platform currency." });
const isoTime = z.string().meta({ description: "RFC 3339 timestamp (UTC)." });
const voucherKind = z.enum(["cash", "discount", "compute"]);
const publicId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9a-z]+$`));

const voucherFacts = {
  voucherId: publicId("vch"),
  kind: voucherKind,
  /** Stored-value kinds only; a discount has none. */
  faceValue: minor.nullable(),
  effectiveAt: isoTime,
  expiresAt: isoTime,
};

/** Each type's payload, version 1. Public ids and minor units only: never a code, an internal id or a secret. */
export const EVENT_PAYLOADS = {
  "voucher.redeemed": z.strictObject({ ...voucherFacts, batchId: publicId("bat") }),
  "voucher.granted": z.strictObject({ ...voucherFacts, reason: z.string() }),
  "voucher.voided": z.strictObject({
    voucherId: publicId("vch"),
    kind: voucherKind,
    amountLost: minor.nullable().meta({ description: "What the void took: the balance of a voucher not yet expired; 0 for an expired one (its value was lost at expiry); null for a discount." }),
    reason: z.string(),
  }),
  "code.revoked": z.strictObject({
    batchId: publicId("bat"),
    last4: z.string().length(4).meta({ description: "The code's last 4 characters: never the code." }),
    reason: z.string(),
  }),
  "order.paid": z.strictObject({
    orderId: publicId("ord"),
    amount: minor,
    discountAmount: minor,
    voucherAmount: minor,
    cashAmount: minor,
  }),
  "order.payment_failed": z.strictObject({
    orderId: publicId("ord"),
    amount: minor,
    reason: z.string().meta({ description: "The failure's reason code, e.g. insufficient_funds or plan_changed." }),
  }),
  "order.refunded": z.strictObject({
    orderId: publicId("ord"),
    refundId: publicId("rfd"),
    amount: minor,
    refundedAmount: minor.meta({ description: "Everything refunded on the order so far." }),
    orderStatus: z.enum(["partially_refunded", "refunded"]),
  }),
  "account.charged": z.strictObject({ amount: minor, cashBalance: minor.meta({ description: "The signed balance after it (negative: arrears)." }), reason: z.string() }),
  "account.topped_up": z.strictObject({ amount: minor, cashBalance: minor }),
  "account.arrears": z.strictObject({ arrears: minor.meta({ description: "What the account owes now: -cash balance." }) }),
  "voucher.expiring": z.strictObject({
    voucherId: publicId("vch"),
    kind: voucherKind,
    balance: minor.nullable().meta({ description: "What it still holds (null for a discount, which is whole until used)." }),
    expiresAt: isoTime,
    daysBefore: z.union([z.literal(30), z.literal(7), z.literal(1)]).meta({ description: "Which reminder: 30, 7 or 1 days before expiry." }),
    leftAtExpiry: minor
      .optional()
      .meta({ description: "Stored-value vouchers: what of the balance will still be left when it expires, at the account's pace of the last 30 days (docs/insights.md). Absent for a discount." }),
  }),
  "voucher.expired": z.strictObject({
    voucherId: publicId("vch"),
    kind: voucherKind,
    amountLost: minor.nullable().meta({ description: "The balance it expired with (null for an unused discount)." }),
    expiredAt: isoTime,
  }),
  "balance.low": z.strictObject({
    kind: z.enum(["cash", "compute", "cash_balance"]).meta({ description: "Which balance: cash vouchers, computing power vouchers, or the cash balance." }),
    balance: minor.meta({ description: "The available balance of that kind when it was found below the threshold." }),
    threshold: minor.meta({ description: "The threshold the customer set for that kind." }),
  }),
} satisfies Record<EventType, z.ZodType>;

export type EventPayload<T extends EventType> = z.output<(typeof EVENT_PAYLOADS)[T]>;

/** One event to record: its type, the account it concerns (null for none, e.g. a revoked code), its payload. */
export type EventInput = { [T in EventType]: { type: T; accountId: number | null; payload: EventPayload<T> } }[EventType];
