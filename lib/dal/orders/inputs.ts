import "server-only";
import { type SQL, and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db";
import { products, vouchers } from "@/db/schema";
import type { PlanChoices, PlanOrder, PlanVoucher } from "@/lib/orders/plan";
import { MAX_QUANTITY, type ChoicesInput } from "@/lib/orders/request";
import { voucherIdsOfShown, type ShownPlan } from "@/lib/orders/shown-plan";
import { DalError } from "../errors";
import { deductibleVoucherSql } from "../status-sql";
import { discountTermsOf } from "../vouchers";
import { ROW_LOCK } from "../tx";

/** What quoting and paying share: the product and quantity asked for, and the account's vouchers and cash as the planner reads them. */
/** What the customer asks to buy: a catalog product and a quantity. Prices come from the catalog. */
export interface OrderRequest {
  productPublicId: string;
  quantity: number;
}

export type { ChoicesInput };

export type Product = typeof products.$inferSelect;
export type VoucherRow = typeof vouchers.$inferSelect;

export async function loadProduct(db: Db, publicId: string): Promise<Product> {
  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.publicId, publicId), isNull(products.retiredAt)));
  if (!product) throw new DalError({ code: "not_found", reason: "product_for_sale" });
  return product;
}

export function planOrderOf(product: Product, quantity: number): PlanOrder {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new DalError({ code: "invalid_input", reason: "quantity", max: MAX_QUANTITY });
  }
  const amount = product.unitPrice * quantity;
  if (!Number.isSafeInteger(amount)) throw new DalError({ code: "invalid_input", reason: "order_too_large" });
  return { amount, items: [{ productId: product.id, providerId: product.providerId, amount }] };
}

export function toPlanVoucher(v: VoucherRow): PlanVoucher {
  return {
    id: v.id,
    publicId: v.publicId,
    kind: v.kind,
    balance: v.balance,
    terms: discountTermsOf(v),
    providerIds: v.providerIds,
    effectiveAt: v.effectiveAt,
    expiresAt: v.expiresAt,
    createdAt: v.createdAt,
    voidedAt: v.voidedAt,
    consumedAt: v.consumedAt,
  };
}

/**
 * The account's vouchers that could pay at `now` (available, unspent), plus the
 * ones the customer chose (so the planner can say why a chosen one can't pay),
 * locked FOR NO KEY UPDATE in id order when `lock` is set, so every payer locks in the
 * same order.
 */
export function candidateVouchers(db: Db, accountId: number, choices: ChoicesInput, now: Date, lock: boolean): PromiseLike<VoucherRow[]> {
  const query = db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.accountId, accountId), candidateVouchersWhere(choices, now)))
    .orderBy(asc(vouchers.id));
  return lock ? query.for(ROW_LOCK) : query;
}

/** Which of an account's vouchers are candidates: usable at `now`, or chosen. */
export function candidateVouchersWhere(choices: ChoicesInput, now: Date): SQL {
  const chosen = chosenIds(choices);
  const usable = deductibleVoucherSql(now);
  return chosen.length ? (or(usable, inArray(vouchers.publicId, chosen)) ?? usable) : usable;
}

/**
 * The vouchers a shown plan names, by public id. A plan paid from the cash balance
 * alone names none: "" matches no public id, so the caller's query stays one
 * statement (one round trip) whatever the plan.
 */
export function shownVoucherWhere(shown: ShownPlan): SQL {
  const ids = voucherIdsOfShown(shown);
  return inArray(vouchers.publicId, ids.length > 0 ? ids : [""]);
}

/**
 * Maps public ids to internal ids among the account's candidate vouchers. An id
 * the account doesn't own (or that doesn't exist) maps to -1, which the planner
 * reports as an unknown voucher.
 */
function chosenIds(input: ChoicesInput): string[] {
  return [...(input.vouchers ?? []), ...(input.discount ? [input.discount] : [])];
}

export function resolveChoices(candidates: VoucherRow[], input: ChoicesInput): PlanChoices {
  const idOf = (publicId: string) => candidates.find((o) => o.publicId === publicId)?.id ?? -1;
  return {
    discountVoucherId: input.discount === undefined ? undefined : input.discount === null ? null : idOf(input.discount),
    voucherIds: input.vouchers?.map(idOf),
  };
}
