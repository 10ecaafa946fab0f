import "server-only";
import { getDb, type Db } from "@/db";
import { platformCurrency } from "@/lib/config";
import { planFailureMessage } from "@/lib/failure-messages";
import type { Locale } from "@/lib/i18n/locale";
import { translatorFor } from "@/lib/i18n/translator";
import { formatMoney } from "@/lib/money";
import { planPayment, type PaymentPlan, type PlanFailure, type PlanOrder } from "@/lib/orders/plan";
import type { ChoicesInput } from "@/lib/orders/request";
import type { DiscountTerms, VoucherKind } from "@/lib/vouchers/kinds";
import { providerNameMap } from "../providers";
import { discountTermsOf } from "../vouchers";
import { requireAccount, type Viewer } from "../viewer";
import { cashBalanceOf } from "../cash";
import { requestLocale } from "../request-locale";
import { type OrderRequest, loadProduct, planOrderOf, toPlanVoucher, candidateVouchers, resolveChoices } from "./inputs";

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

export interface Quote {
  product: { publicId: string; name: string; provider: string | null; unitPrice: number };
  quantity: number;
  amount: number;
  cashBalance: number;
  /** The vouchers the customer may pick from (available now). */
  options: QuoteOption[];
  result: { ok: true; plan: PaymentPlan } | { ok: false; failure: PlanFailure; message: string };
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
): Promise<Pick<Quote, "cashBalance" | "options" | "result"> & { providerNames: ReadonlyMap<number, string> }> {
  const [rows, cashBalance, names, lang] = await Promise.all([
    candidateVouchers(db, accountId, choices, now, false),
    cashBalanceOf(db, accountId, false),
    providerNameMap(db),
    locale ?? requestLocale(),
  ]);
  const result = planPayment(order, rows.map(toPlanVoucher), cashBalance, now, resolveChoices(rows, choices));
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
    providerNames: names,
  };
}

export const withoutNames = <T extends { providerNames: unknown }>({ providerNames: _names, ...rest }: T) => rest;

/**
 * Customer: the live plan for buying `quantity` of a product with the caller's
 * vouchers and choices, a failure worded in `locale` (the request's when not given). Changes nothing.
 */
export async function quoteOrder(viewer: Viewer | null, request: OrderRequest, choices: ChoicesInput, now: Date, locale?: Locale): Promise<Quote> {
  return quoteOrderFor(requireAccount(viewer), request, choices, now, locale);
}

/** The core of quoteOrder for an account the caller has already authorized (lib/dal/api/). Reads only. */
export async function quoteOrderFor(accountId: number, request: OrderRequest, choices: ChoicesInput, now: Date, locale?: Locale): Promise<Quote> {
  const db = await getDb();
  const product = await loadProduct(db, request.productPublicId);
  const order = planOrderOf(product, request.quantity);
  const planned = await planQuote(db, accountId, order, choices, now, locale);
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
