/**
 * The payment planner (SPEC 3 and 6): given an order, the account's vouchers,
 * its cash balance, `now` and the customer's choices, says exactly who pays
 * what, or why the order can't be paid. Pure: the order page calls it for the
 * live plan and the pay transaction calls it again on the locked rows, so both
 * always agree.
 */
import type { DiscountTerms, StoredValueKind, VoucherKind, VoucherStatus } from "../vouchers/kinds";
import { isDeductible, voucherStatus } from "../vouchers/status";
import { compareForDeduction, sortForDeduction } from "../vouchers/deduction-order";
import { discountAmount, discountApplies } from "../vouchers/discount";

export interface PlanItem {
  productId: number;
  /** The compute provider (providers.id) the product belongs to; null: no computing power voucher can pay it. */
  providerId: number | null;
  /** Unit price × quantity, in minor units. */
  amount: number;
}

export interface PlanOrder {
  /** Sum of the item amounts; a mismatch is a caller bug and throws. */
  amount: number;
  items: PlanItem[];
}

export interface PlanVoucher {
  id: number;
  publicId: string;
  kind: VoucherKind;
  /** Minor units; null for discount vouchers only. */
  balance: number | null;
  /** Discount vouchers only. */
  terms: DiscountTerms | null;
  /** Computing power vouchers only: the ids of the providers it pays for. */
  providerIds: number[] | null;
  effectiveAt: Date;
  expiresAt: Date;
  createdAt: Date;
  voidedAt: Date | null;
  consumedAt: Date | null;
}

export interface PlanChoices {
  /** undefined: automatic; null: no discount; a voucher id: use this discount voucher. */
  discountVoucherId?: number | null;
  /** undefined: automatic; otherwise exactly these stored-value vouchers may be used (still in priority and deduction order). */
  voucherIds?: number[];
}

export interface Allocation {
  voucherId: number;
  publicId: string;
  kind: StoredValueKind;
  amount: number;
  balanceAfter: number;
}

export interface PaymentPlan {
  orderAmount: number;
  discount: { voucherId: number; publicId: string; amount: number } | null;
  /** Computing power vouchers first, then cash vouchers, each in deduction order; every voucher at most once. */
  allocations: Allocation[];
  voucherTotal: number;
  cashBalancePart: number;
  /** What the cash balance paid; voucher-paid parts and the discount are never invoiceable (SPEC 6). */
  invoiceable: number;
}

/** Why a discount voucher does not apply; `min_order` carries the minimum so the message can name it. */
export type DiscountMiss = "product" | "min_order" | "no_reduction";

export type PlanFailure =
  /** A chosen id is not among the account's vouchers. */
  | { reason: "unknown_voucher"; voucherId: number }
  /** A chosen voucher is not available at `now`. */
  | { reason: "voucher_not_usable"; voucherId: number; publicId: string; kind: VoucherKind; status: Exclude<VoucherStatus, "available"> }
  /** A stored-value voucher chosen as the discount, or a discount voucher chosen as stored value. */
  | { reason: "wrong_kind"; voucherId: number; publicId: string; kind: VoucherKind; expected: "discount" | "stored_value" }
  | { reason: "discount_not_applicable"; voucherId: number; publicId: string; why: DiscountMiss; minOrderAmount: number | null }
  | { reason: "discount_excludes_vouchers" }
  /** A chosen computing power voucher matches no item's provider. */
  | { reason: "provider_mismatch"; voucherId: number; publicId: string; providerIds: number[] }
  /** The usable cash balance (a negative balance counts as 0) can't cover what is left. */
  | { reason: "insufficient_funds"; shortBy: number };

export type PlanResult = { ok: true; plan: PaymentPlan } | { ok: false; failure: PlanFailure };

/** A stored-value voucher reduced to what allocation needs; the shape sortForDeduction sorts. */
interface StoredCandidate {
  id: number;
  publicId: string;
  kind: StoredValueKind;
  balance: number;
  /** Provider ids; empty for cash vouchers, which are not restricted by provider. */
  providerIds: readonly number[];
  expiresAt: Date;
  createdAt: Date;
}

interface DiscountCandidate {
  voucher: PlanVoucher;
  terms: DiscountTerms;
}

type Step<T> = { ok: true; value: T } | { ok: false; failure: PlanFailure };

const fail = (failure: PlanFailure): { ok: false; failure: PlanFailure } => ({ ok: false, failure });

export function planPayment(
  order: PlanOrder,
  vouchers: PlanVoucher[],
  cashBalance: number,
  now: Date,
  choices: PlanChoices = {},
): PlanResult {
  assertInputs(order, vouchers, cashBalance, now);
  const byId = new Map(vouchers.map((v) => [v.id, v]));
  // Vouchers never pay arrears, and arrears never pay anything: a negative balance is simply 0 usable cash.
  const usableCash = Math.max(0, cashBalance);
  const { discountVoucherId, voucherIds } = choices;

  if (typeof discountVoucherId === "number" && voucherIds !== undefined && voucherIds.length > 0) {
    return fail({ reason: "discount_excludes_vouchers" });
  }

  if (typeof discountVoucherId === "number") {
    const chosen = chosenDiscount(order, byId, discountVoucherId, now);
    return chosen.ok ? discountPlan(order, chosen.value, usableCash) : chosen;
  }

  let stored: StoredCandidate[];
  if (voucherIds === undefined) {
    stored = vouchers.filter((v) => v.kind !== "discount" && isDeductible(v, now)).map(toStored);
  } else {
    const chosen = chosenStored(order, byId, voucherIds, now);
    if (!chosen.ok) return chosen;
    stored = chosen.value;
  }
  const storedResult = storedValuePlan(order, stored, usableCash);

  // A customer who deselected the discount, or picked vouchers by hand, gets exactly that.
  if (discountVoucherId === null || voucherIds !== undefined) return storedResult;

  // SPEC 6 Decision: with no discount every plan spends the whole order amount, with
  // discount d it spends amount − d; so the largest applicable discount is the cheapest
  // plan whenever the cash balance covers the rest, and a smaller one never helps when
  // the largest can't be paid (it leaves even more for the cash balance).
  const best = bestDiscount(order, vouchers, now);
  if (best === null) return storedResult;
  const discounted = discountPlan(order, best, usableCash);
  if (discounted.ok) return discounted;
  if (storedResult.ok) return storedResult;
  // Neither way is payable: report the smaller shortfall, so a top-up of exactly that makes the order payable.
  const a = discounted.failure;
  const b = storedResult.failure;
  if (a.reason === "insufficient_funds" && b.reason === "insufficient_funds" && a.shortBy < b.shortBy) return discounted;
  return storedResult;
}

/** Refuses inputs that only a caller bug can produce, rather than planning on them. */
function assertInputs(order: PlanOrder, vouchers: readonly PlanVoucher[], cashBalance: number, now: Date): void {
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  if (!Number.isSafeInteger(cashBalance)) throw new RangeError(`cashBalance must be a safe integer, got ${String(cashBalance)}`);
  let sum = 0;
  for (const item of order.items) {
    assertAmount(item.amount, "item amount");
    sum += item.amount;
  }
  assertAmount(order.amount, "order amount");
  if (sum !== order.amount) {
    throw new RangeError(`order amount ${order.amount} is not the sum of its items (${sum})`);
  }
  const seen = new Set<number>();
  for (const v of vouchers) {
    if (seen.has(v.id)) throw new RangeError(`voucher ${v.id} is listed twice`);
    seen.add(v.id);
    if (v.kind === "discount") {
      if (v.terms === null) throw new TypeError(`discount voucher ${v.id} has no terms`);
    } else {
      if (v.balance === null) throw new TypeError(`${v.kind} voucher ${v.id} has no balance`);
      assertAmount(v.balance, `balance of voucher ${v.id}`);
      if (v.kind === "compute" && v.providerIds === null) throw new TypeError(`compute voucher ${v.id} has no providers`);
    }
  }
}

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, got ${String(value)}`);
  }
}

function toStored(v: PlanVoucher): StoredCandidate {
  if (v.kind === "discount" || v.balance === null) throw new TypeError(`voucher ${v.id} is not a stored-value voucher`);
  return {
    id: v.id,
    publicId: v.publicId,
    kind: v.kind,
    balance: v.balance,
    providerIds: v.kind === "compute" ? (v.providerIds ?? []) : [],
    expiresAt: v.expiresAt,
    createdAt: v.createdAt,
  };
}

function productIdsOf(order: PlanOrder): number[] {
  return order.items.map((i) => i.productId);
}

function notUsable(v: PlanVoucher, now: Date): PlanFailure | null {
  const status = voucherStatus(v, now);
  if (status === "available") return null;
  return { reason: "voucher_not_usable", voucherId: v.id, publicId: v.publicId, kind: v.kind, status };
}

function chosenDiscount(order: PlanOrder, byId: Map<number, PlanVoucher>, id: number, now: Date): Step<DiscountCandidate> {
  const v = byId.get(id);
  if (v === undefined) return fail({ reason: "unknown_voucher", voucherId: id });
  if (v.kind !== "discount" || v.terms === null) {
    return fail({ reason: "wrong_kind", voucherId: id, publicId: v.publicId, kind: v.kind, expected: "discount" });
  }
  const unusable = notUsable(v, now);
  if (unusable) return fail(unusable);
  const terms = v.terms;
  const productIds = productIdsOf(order);
  if (discountAmount(terms, order.amount, productIds) > 0) return { ok: true, value: { voucher: v, terms } };

  // Which condition failed, asked of discountApplies itself so its rules live in one place:
  // with the minimum amount out of the way (the largest order), only the product scope can fail.
  let why: DiscountMiss = "no_reduction";
  if (!discountApplies(terms, Number.MAX_SAFE_INTEGER, productIds)) why = "product";
  else if (!discountApplies(terms, order.amount, productIds)) why = "min_order";
  const minOrderAmount = terms.type === "amount_off" ? terms.minOrderAmount : null;
  return fail({ reason: "discount_not_applicable", voucherId: id, publicId: v.publicId, why, minOrderAmount });
}

function chosenStored(order: PlanOrder, byId: Map<number, PlanVoucher>, ids: readonly number[], now: Date): Step<StoredCandidate[]> {
  const itemProviders = new Set(order.items.flatMap((i) => (i.providerId === null ? [] : [i.providerId])));
  const stored: StoredCandidate[] = [];
  // Ascending and without repeats, so the first failure reported doesn't depend on how the client listed them.
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const v = byId.get(id);
    if (v === undefined) return fail({ reason: "unknown_voucher", voucherId: id });
    if (v.kind === "discount") {
      return fail({ reason: "wrong_kind", voucherId: id, publicId: v.publicId, kind: v.kind, expected: "stored_value" });
    }
    const unusable = notUsable(v, now);
    if (unusable) return fail(unusable);
    const candidate = toStored(v);
    if (candidate.kind === "compute" && !candidate.providerIds.some((p) => itemProviders.has(p))) {
      return fail({ reason: "provider_mismatch", voucherId: id, publicId: v.publicId, providerIds: [...candidate.providerIds] });
    }
    stored.push(candidate);
  }
  return { ok: true, value: stored };
}

/** Largest reduction; ties go to the soonest expiry, then the rest of the deduction order. */
function bestDiscount(order: PlanOrder, vouchers: readonly PlanVoucher[], now: Date): DiscountCandidate | null {
  const productIds = productIdsOf(order);
  let best: { candidate: DiscountCandidate; amount: number } | null = null;
  for (const v of vouchers) {
    if (v.kind !== "discount" || v.terms === null || !isDeductible(v, now)) continue;
    const amount = discountAmount(v.terms, order.amount, productIds);
    if (amount === 0) continue;
    if (best === null || amount > best.amount || (amount === best.amount && compareDiscounts(v, best.candidate.voucher) < 0)) {
      best = { candidate: { voucher: v, terms: v.terms }, amount };
    }
  }
  return best?.candidate ?? null;
}

function compareDiscounts(a: PlanVoucher, b: PlanVoucher): number {
  // Discount vouchers have no balance; an equal stand-in lets the shared order decide by expiry, age and id.
  return compareForDeduction({ ...a, balance: 0 }, { ...b, balance: 0 });
}

/** One discount, and then the cash balance alone pays the rest (SPEC 3). */
function discountPlan(order: PlanOrder, chosen: DiscountCandidate, usableCash: number): PlanResult {
  const amount = discountAmount(chosen.terms, order.amount, productIdsOf(order));
  const rest = order.amount - amount;
  if (rest > usableCash) return fail({ reason: "insufficient_funds", shortBy: rest - usableCash });
  return {
    ok: true,
    plan: {
      orderAmount: order.amount,
      discount: { voucherId: chosen.voucher.id, publicId: chosen.voucher.publicId, amount },
      allocations: [],
      voucherTotal: 0,
      cashBalancePart: rest,
      invoiceable: rest,
    },
  };
}

/** Computing power vouchers, then cash vouchers, then the cash balance (SPEC 3). */
function storedValuePlan(order: PlanOrder, stored: readonly StoredCandidate[], usableCash: number): PlanResult {
  const compute = sortForDeduction(stored.filter((v) => v.kind === "compute"));
  const cash = sortForDeduction(stored.filter((v) => v.kind === "cash"));

  const computePaid = allocateCompute(order.items, compute);
  const allocations: Allocation[] = [];
  let remaining = order.amount;
  compute.forEach((v, index) => {
    const amount = computePaid[index] ?? 0;
    if (amount > 0) allocations.push(allocation(v, amount));
    remaining -= amount;
  });
  for (const v of cash) {
    const amount = Math.min(v.balance, remaining);
    if (amount === 0) continue;
    allocations.push(allocation(v, amount));
    remaining -= amount;
  }
  if (remaining > usableCash) return fail({ reason: "insufficient_funds", shortBy: remaining - usableCash });
  return {
    ok: true,
    plan: {
      orderAmount: order.amount,
      discount: null,
      allocations,
      voucherTotal: order.amount - remaining,
      cashBalancePart: remaining,
      invoiceable: remaining,
    },
  };
}

function allocation(v: StoredCandidate, amount: number): Allocation {
  return { voucherId: v.id, publicId: v.publicId, kind: v.kind, amount, balanceAfter: v.balance - amount };
}

/**
 * How much each computing power voucher (already in deduction order) pays, where a
 * voucher may only pay items of its providers and an item takes at most its amount.
 *
 * Taking vouchers item by item would strand value: a voucher for both MaxXIntel and
 * Muxi that expires first could spend itself on the MaxXIntel item, leaving the Muxi
 * item to cash while a MaxXIntel-only voucher sits unused. Instead each voucher, in
 * deduction order, pays as much as it can, moving what earlier vouchers pay between
 * their items (augmenting paths of a max flow) without changing their totals. That is
 * the greedy of a polymatroid, so the soonest-expiring voucher pays the most it can
 * *and* computing power covers the largest possible part of the order.
 * Returns each voucher's total, indexed like `vouchers`.
 */
function allocateCompute(items: readonly PlanItem[], vouchers: readonly StoredCandidate[]): number[] {
  const matches = vouchers.map((v) => items.map((item) => item.providerId !== null && v.providerIds.includes(item.providerId)));
  const flow = vouchers.map(() => items.map(() => 0));
  const spare = items.map((item) => item.amount);

  vouchers.forEach((voucher, source) => {
    let need = voucher.balance;
    while (need > 0) {
      const path = augmentingPath(source, matches, flow, spare);
      if (path === null) break;
      // Bounded by what the voucher still has, the free room of the last item, and the
      // amounts the path takes away from other vouchers' items.
      let delta = Math.min(need, at(spare, path.end));
      for (const [v, i] of path.backward) delta = Math.min(delta, at(at(flow, v), i));
      for (const [v, i] of path.forward) add(flow, v, i, delta);
      for (const [v, i] of path.backward) add(flow, v, i, -delta);
      spare[path.end] = at(spare, path.end) - delta;
      need -= delta;
    }
  });
  return flow.map((row) => row.reduce((sum, n) => sum + n, 0));
}

interface AugmentingPath {
  end: number;
  /** (voucher, item) edges whose flow grows. */
  forward: [number, number][];
  /** (voucher, item) edges whose flow shrinks: that voucher pays that item less and another item more instead. */
  backward: [number, number][];
}

/**
 * Breadth-first, items and vouchers in their fixed order, so the shortest (and among
 * them the first) path wins and the plan is deterministic.
 */
function augmentingPath(source: number, matches: boolean[][], flow: number[][], spare: number[]): AugmentingPath | null {
  const reachedBy = new Map<number, number>(); // item -> voucher that reached it
  const voucherVia = new Map<number, number>(); // voucher -> item whose flow it would give up
  const visited = new Set<number>([source]);
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const v = at(queue, head);
    for (let i = 0; i < spare.length; i++) {
      if (reachedBy.has(i) || !at(at(matches, v), i)) continue;
      reachedBy.set(i, v);
      if (at(spare, i) > 0) return tracePath(source, i, reachedBy, voucherVia);
      for (let u = 0; u < flow.length; u++) {
        if (visited.has(u) || at(at(flow, u), i) === 0) continue;
        visited.add(u);
        voucherVia.set(u, i);
        queue.push(u);
      }
    }
  }
  return null;
}

function tracePath(source: number, end: number, reachedBy: Map<number, number>, voucherVia: Map<number, number>): AugmentingPath {
  const forward: [number, number][] = [];
  const backward: [number, number][] = [];
  let item = end;
  for (;;) {
    const v = reachedBy.get(item);
    if (v === undefined) throw new Error("broken augmenting path");
    forward.push([v, item]);
    if (v === source) return { end, forward, backward };
    const via = voucherVia.get(v);
    if (via === undefined) throw new Error("broken augmenting path");
    backward.push([v, via]);
    item = via;
  }
}

/** Index access for arrays whose bounds the algorithm guarantees; a miss is a bug, not a value. */
function at<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`index ${index} out of range`);
  return value;
}

function add(flow: number[][], v: number, i: number, delta: number): void {
  const row = at(flow, v);
  row[i] = at(row, i) + delta;
}
