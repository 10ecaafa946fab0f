import "server-only";
/**
 * Refunds for /api/v1 (docs/api.md): a key with `refund` refunds any
 * account's paid order, in full or in part, through the admin's own refund
 * (lib/dal/refunds.ts refundOrderBy): the same order of return, the same
 * locks, the same audit row, naming the key instead of a user.
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts, refunds } from "@/db/schema";
import type { ApiPrincipal } from "@/lib/api/spec";
import { platformCurrency } from "@/lib/config";
import { refundOrderBy } from "../refunds";
import { orderOf, type ApiOrder } from "./orders";
import { requireScope } from "./principal";

export interface ApiRefund {
  id: string;
  orderId: string;
  accountId: string;
  currency: string;
  amount: number;
  reason: string;
  createdAt: string;
  /** The order after the refund. */
  order: ApiOrder;
}

/**
 * Key with `refund`: refunds `amount` minor units of the order (everything
 * still refundable when omitted), with a reason for the audit log. One refund
 * per `requestKey` (from the Idempotency-Key, or fresh without one).
 */
export async function refundForKey(
  principal: ApiPrincipal | null,
  input: { orderId: string; amount?: number; reason: string },
  requestKey: string,
  now: Date,
): Promise<ApiRefund> {
  const key = requireScope(principal, "refund");
  const outcome = await refundOrderBy(
    { apiKeyId: key.apiKeyId },
    { orderPublicId: input.orderId, amount: input.amount ?? "full", reason: input.reason, refundKey: requestKey },
    now,
  );
  const db = await getDb();
  const [row] = await db
    .select({ reason: refunds.reason, createdAt: refunds.createdAt, accountPublicId: billingAccounts.publicId })
    .from(refunds)
    .innerJoin(billingAccounts, eq(billingAccounts.id, outcome.accountId))
    .where(eq(refunds.publicId, outcome.refundPublicId));
  if (!row) throw new Error("a refund that was just made is gone");
  return {
    id: outcome.refundPublicId,
    orderId: input.orderId,
    accountId: row.accountPublicId,
    currency: platformCurrency(),
    amount: outcome.amount,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    order: await orderOf(outcome.accountId, row.accountPublicId, input.orderId, now),
  };
}
