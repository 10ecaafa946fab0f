import "server-only";
import { and, asc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { products, vouchers } from "@/db/schema";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { planFailureMessage } from "@/lib/failure-messages";
import type { Locale } from "@/lib/i18n/locale";
import { translatorFor } from "@/lib/i18n/translator";
import { formatMoney } from "@/lib/money";
import { providerList } from "@/lib/i18n/lists";
import { alternativePlans, explainPlan, type AlternativePlan, type AlternativeLabel, type UnusedReason } from "@/lib/orders/explain";
import { planPayment, type PaymentPlan, type PlanChoices, type PlanFailure, type PlanOrder, type PlanVoucher } from "@/lib/orders/plan";
import type { ChoicesInput } from "@/lib/orders/request";
import { planChanges, shownPlanOf, type ShownPlan } from "@/lib/orders/shown-plan";
import { formatDate } from "@/lib/time";
import type { DiscountTerms, VoucherKind } from "@/lib/vouchers/kinds";
import { providerNameMap } from "../providers";
import { discountTermsOf } from "../vouchers";
import { requireAccount, type Viewer } from "../viewer";
import { cashBalanceOf } from "../cash";
import { requestLocale } from "../request-locale";
import { type OrderRequest, type VoucherRow, loadProduct, planOrderOf, toPlanVoucher, candidateVouchers, resolveChoices } from "./inputs";

export interface QuoteOption {
  publicId: string;
  kind: VoucherKind;
  balance: number | null;
  terms: DiscountTerms | null;
  /** Provider display names, sorted. */
  providers: string[] | null;
  expiresAt: Date;
}

/** Display names of provider ids, sorted (providers are never deleted, so every id has a name). */
function namesOf(ids: readonly number[] | null, names: ReadonlyMap<number, string>): string[] | null {
  return ids === null ? null : ids.flatMap((id) => names.get(id) ?? []).sort();
}

/** A voucher of the account that the plan does not use, and why, in the reader's words (public ids only). */
export interface QuoteUnused {
  publicId: string;
  kind: VoucherKind;
  reason: UnusedReason["reason"];
  text: string;
}

/** One plan worth a choice (lib/orders/explain.ts alternativePlans), in public ids and the reader's words. */
export interface QuoteAlternative {
  label: AlternativeLabel;
  alsoLabels: AlternativeLabel[];
  title: string;
  /** One sentence per part: the discount, the vouchers used (grouped by kind, providers and expiry day), the cash balance. */
  lines: string[];
  isDefault: boolean;
  /** Whether it is the plan the quote shows now. */
  current: boolean;
  /** What the order form sets to get exactly this plan: a discount voucher or "none", and the stored-value vouchers (null: automatic). */
  choices: { discount: string | "none"; vouchers: string[] | null };
  plan: ShownPlan;
}

export interface QuoteExplanation {
  /** Empty when there is no plan to explain (the plan failed). */
  unused: QuoteUnused[];
  alternatives: QuoteAlternative[];
}

export interface Quote {
  product: { publicId: string; name: string; provider: string | null; unitPrice: number };
  quantity: number;
  amount: number;
  cashBalance: number;
  /** The vouchers the customer may pick from (available now). */
  options: QuoteOption[];
  result: { ok: true; plan: PaymentPlan } | { ok: false; failure: PlanFailure; message: string };
  /** Asked for by the order page only (`explain`): why the plan leaves out each voucher, and the other plans. */
  explanation: QuoteExplanation | null;
}

/**
 * The account's stored-value and discount vouchers that are not effective yet
 * but will be: the order page says when. Long-dead ones (expired, voided, used)
 * are left out (docs/insights.md).
 */
function notYetEffective(db: Db, accountId: number, now: Date): PromiseLike<VoucherRow[]> {
  return db
    .select()
    .from(vouchers)
    .where(
      and(
        eq(vouchers.accountId, accountId),
        isNull(vouchers.voidedAt),
        gt(vouchers.effectiveAt, now),
        or(gt(vouchers.balance, 0), and(eq(vouchers.kind, "discount"), isNull(vouchers.consumedAt))),
      ),
    )
    .orderBy(asc(vouchers.id));
}

/** Product names by id, for discounts scoped to another product (products are retired, never deleted). */
async function productNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

interface Words {
  money: (minor: number) => string;
  date: (d: Date) => string;
  providers: (ids: readonly number[]) => string;
  locale: Locale;
}

/** The sentence of an unused voucher's reason, in the reader's language. */
function reasonText(r: UnusedReason, w: Words, productName: (id: number) => string, t: ReturnType<typeof translatorFor<"orders">>): string {
  switch (r.reason) {
    case "status":
      return t("explain.status", { status: r.status });
    case "not_effective":
      return t("explain.notEffective", { date: w.date(r.effectiveAt) });
    case "another_provider":
      return t("explain.anotherProvider", { providers: w.providers(r.providerIds) });
    case "another_product":
      return t("explain.anotherProduct", { product: productName(r.productId) });
    case "below_minimum":
      return t("explain.belowMinimum", { amount: w.money(r.minOrderAmount) });
    case "no_reduction":
      return t("explain.noReduction");
    case "another_discount":
      return t("explain.anotherDiscount", { id: r.chosenPublicId, chosenAmount: w.money(r.chosenAmount), amount: w.money(r.amount) });
    case "cash_short":
      return t("explain.cashShort", { amount: w.money(r.amount), shortBy: w.money(r.shortBy) });
    case "discount_excludes_vouchers":
      return t("explain.discountExcludesVouchers", { id: r.discountPublicId });
    case "not_chosen":
      return t("explain.notChosen");
    case "expires_later":
      return t("explain.expiresLater", { ids: r.usedPublicIds.join(w.locale === "zh-CN" ? "、" : ", ") });
    case "balance_covered":
      return t("explain.balanceCovered");
    default: {
      const never: never = r;
      throw new Error(`unknown reason ${JSON.stringify(never)}`);
    }
  }
}

/** An alternative's choices in public ids, as the order form holds them. */
function publicChoices(choices: PlanChoices, publicIdOf: (id: number) => string): QuoteAlternative["choices"] {
  const d = choices.discountVoucherId;
  return {
    discount: d === undefined || d === null ? "none" : publicIdOf(d),
    vouchers: choices.voucherIds === undefined ? null : choices.voucherIds.map(publicIdOf),
  };
}

/** The lines of an alternative: its discount, its vouchers grouped by kind, providers and expiry day, and its cash part. */
function alternativeLines(a: AlternativePlan, w: Words, t: ReturnType<typeof translatorFor<"orders">>): string[] {
  const lines: string[] = [];
  if (a.plan.discount) lines.push(t("alternatives.discount", { amount: w.money(a.plan.discount.amount), id: a.plan.discount.publicId }));
  const groups = new Map<string, { kind: string; providers: string; date: string; amount: number }>();
  for (const use of a.uses) {
    const providers = use.kind === "compute" ? w.providers(use.providerIds) : "";
    const date = w.date(use.expiresAt);
    const key = `${use.kind}|${providers}|${date}`;
    const group = groups.get(key) ?? { kind: use.kind, providers, date, amount: 0 };
    group.amount += use.amount;
    groups.set(key, group);
  }
  for (const g of groups.values()) lines.push(t("alternatives.uses", { kind: g.kind, providers: g.providers, amount: w.money(g.amount), date: g.date }));
  lines.push(t("alternatives.fromCash", { amount: w.money(a.fromCash) }));
  return lines;
}

/**
 * Why `result`'s plan leaves out each of `list` and the plans worth a choice,
 * worded in `locale`: the same inputs the plan was made from, so what it says
 * is what the planner did.
 */
async function explainQuote(
  db: Db,
  order: PlanOrder,
  list: PlanVoucher[],
  cashBalance: number,
  now: Date,
  choices: PlanChoices,
  result: ReturnType<typeof planPayment>,
  names: ReadonlyMap<number, string>,
  locale: Locale,
): Promise<QuoteExplanation> {
  const unused = result.ok ? explainPlan(order, list, cashBalance, now, result.plan, choices) : [];
  const alternatives = alternativePlans(order, list, cashBalance, now);
  const scoped = unused.flatMap((u) => (u.reason.reason === "another_product" ? [u.reason.productId] : []));
  const productsById = await productNames(db, [...new Set(scoped)]);
  const currency = platformCurrency();
  const timeZone = platformTimeZone();
  const w: Words = {
    money: (minor) => formatMoney(minor, currency, locale),
    date: (d) => formatDate(d, timeZone),
    providers: (ids) => providerList(namesOf(ids, names) ?? [], locale),
    locale,
  };
  const t = translatorFor(locale, "orders");
  const publicIds = new Map(list.map((v) => [v.id, v.publicId]));
  const publicIdOf = (id: number) => {
    const publicId = publicIds.get(id);
    if (publicId === undefined) throw new Error(`an alternative names voucher ${id}, which was not passed`);
    return publicId;
  };
  const current = result.ok ? result.plan : null;
  return {
    unused: unused.map((u) => ({
      publicId: u.publicId,
      kind: u.kind,
      reason: u.reason.reason,
      text: reasonText(u.reason, w, (id) => productsById.get(id) ?? "", t),
    })),
    alternatives: alternatives.map((a) => {
      const plan = shownPlanOf(a.plan);
      return {
        label: a.label,
        alsoLabels: a.alsoLabels,
        title: t(`alternatives.label.${a.label}`),
        lines: alternativeLines(a, w, t),
        isDefault: a.isDefault,
        current: current !== null && planChanges(plan, current).length === 0,
        choices: publicChoices(a.choices, publicIdOf),
        plan,
      };
    }),
  };
}

/**
 * The account's vouchers and cash balance planned against an order, as the order
 * page shows it; a plan that fails says why in `locale` (the request's when not
 * given). Reads only.
 */
export async function planQuote(
  db: Db,
  accountId: number,
  order: PlanOrder,
  choices: ChoicesInput,
  now: Date,
  locale?: Locale,
  explain = false,
): Promise<Pick<Quote, "cashBalance" | "options" | "result" | "explanation"> & { providerNames: ReadonlyMap<number, string> }> {
  const [rows, later, cashBalance, names, lang] = await Promise.all([
    candidateVouchers(db, accountId, choices, now, false),
    explain ? notYetEffective(db, accountId, now) : [],
    cashBalanceOf(db, accountId, false),
    providerNameMap(db),
    locale ?? requestLocale(),
  ]);
  // Explaining adds the vouchers not effective yet; the planner leaves them out by their status, so the plan is the same.
  const seen = new Set(rows.map((v) => v.id));
  const list = [...rows, ...later.filter((v) => !seen.has(v.id))].sort((a, b) => a.id - b.id).map(toPlanVoucher);
  const planChoices = resolveChoices(rows, choices);
  const result = planPayment(order, list, cashBalance, now, planChoices);
  return {
    cashBalance,
    options: rows.map((v) => ({
      publicId: v.publicId,
      kind: v.kind,
      balance: v.balance,
      terms: discountTermsOf(v),
      providers: namesOf(v.providerIds, names),
      expiresAt: v.expiresAt,
    })),
    result: result.ok
      ? result
      : {
          ...result,
          message: planFailureMessage(
            result.failure,
            (minor) => formatMoney(minor, platformCurrency(), lang),
            names,
            translatorFor(lang, "failures"),
            lang,
          ),
        },
    explanation: explain ? await explainQuote(db, order, list, cashBalance, now, planChoices, result, names, lang) : null,
    providerNames: names,
  };
}

export const withoutNames = <T extends { providerNames: unknown }>({ providerNames: _names, ...rest }: T) => rest;

/**
 * Customer: the live plan for buying `quantity` of a product with the caller's
 * vouchers and choices, a failure worded in `locale` (the request's when not given);
 * with `explain`, also why each voucher is left out and the plans worth a choice. Changes nothing.
 */
export async function quoteOrder(viewer: Viewer | null, request: OrderRequest, choices: ChoicesInput, now: Date, locale?: Locale, explain = false): Promise<Quote> {
  return quoteOrderFor(requireAccount(viewer), request, choices, now, locale, explain);
}

/** The core of quoteOrder for an account the caller has already authorized (lib/dal/api/). Reads only. */
export async function quoteOrderFor(accountId: number, request: OrderRequest, choices: ChoicesInput, now: Date, locale?: Locale, explain = false): Promise<Quote> {
  const db = await getDb();
  const product = await loadProduct(db, request.productPublicId);
  const order = planOrderOf(product, request.quantity);
  const planned = await planQuote(db, accountId, order, choices, now, locale, explain);
  const { providerNames } = planned;
  return {
    product: {
      publicId: product.publicId,
      name: product.name,
      provider: product.providerId === null ? null : (providerNames.get(product.providerId) ?? null),
      unitPrice: product.unitPrice,
    },
    quantity: request.quantity,
    amount: order.amount,
    ...withoutNames(planned),
  };
}
