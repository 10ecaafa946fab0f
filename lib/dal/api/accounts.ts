import "server-only";
/**
 * Service-side reads of billing accounts for /api/v1 (docs/api.md). A key with
 * `read` may look up any account (keys belong to the platform's own services),
 * by `acc_…` or by the platform's `external_ref`; an unknown one is a plain
 * "not found", whichever way it was named.
 */
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts } from "@/db/schema";
import type { ApiPrincipal } from "@/lib/api/spec";
import { platformCurrency } from "@/lib/config";
import { DalError } from "../errors";
import { billingOverviewOf } from "../vouchers";
import { requireScope } from "./principal";

export type AccountRef = { accountId: string } | { externalRef: string };

export interface ResolvedAccount {
  /** The internal id: never leaves the server. */
  id: number;
  publicId: string;
  name: string;
  externalRef: string | null;
  cashBalance: number;
}

/** The account `ref` names, or not found (the same refusal for any unknown reference). */
export async function resolveAccount(ref: AccountRef): Promise<ResolvedAccount> {
  const db = await getDb();
  const where = "accountId" in ref ? eq(billingAccounts.publicId, ref.accountId) : eq(billingAccounts.externalRef, ref.externalRef);
  const [row] = await db
    .select({
      id: billingAccounts.id,
      publicId: billingAccounts.publicId,
      name: billingAccounts.name,
      externalRef: billingAccounts.externalRef,
      cashBalance: billingAccounts.cashBalance,
    })
    .from(billingAccounts)
    .where(where);
  if (!row) throw new DalError({ code: "not_found", reason: "account" });
  return row;
}

export interface ApiAccount {
  id: string;
  name: string;
  externalRef: string | null;
  currency: string;
  /** max(cash balance, 0), minor units. */
  cashBalance: number;
  /** What post-paid charges left unpaid: max(-cash balance, 0), minor units. */
  arrears: number;
}

/** Key with `read`: an account by `acc_…` or external reference. */
export async function lookupAccount(principal: ApiPrincipal | null, ref: AccountRef): Promise<ApiAccount> {
  requireScope(principal, "read");
  const account = await resolveAccount(ref);
  return {
    id: account.publicId,
    name: account.name,
    externalRef: account.externalRef,
    currency: platformCurrency(),
    cashBalance: Math.max(account.cashBalance, 0),
    arrears: account.cashBalance < 0 ? -account.cashBalance : 0,
  };
}

export interface ApiBalances {
  accountId: string;
  currency: string;
  cash: number;
  arrears: number;
  vouchers: {
    /** Available cash vouchers' balance. */
    cash: number;
    compute: {
      total: number;
      /** Per provider set, as the overview groups them ("MaxXIntel, Muxi" is its own group). */
      byProvider: Array<{ provider: string; balance: number }>;
    };
    /** How many discount vouchers are available. */
    discountAvailable: number;
  };
}

/** Key with `read`: the balances the Billing Center overview shows, for one account (same queries). */
export async function accountBalances(principal: ApiPrincipal | null, accountPublicId: string, now: Date): Promise<ApiBalances> {
  requireScope(principal, "read");
  const account = await resolveAccount({ accountId: accountPublicId });
  const overview = await billingOverviewOf(account.id, now);
  return {
    accountId: account.publicId,
    currency: platformCurrency(),
    cash: Math.max(overview.cashBalance, 0),
    arrears: overview.arrears,
    vouchers: {
      cash: overview.availableBalance.cash,
      compute: {
        total: overview.availableBalance.compute,
        byProvider: overview.computeByProviders.map((g) => ({ provider: g.providers, balance: g.balance })),
      },
      discountAvailable: overview.availableDiscounts,
    },
  };
}
