"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useLocale } from "next-intl";
import { currencySymbol, formatMoney, minorToDecimalString } from "@/lib/money";

/**
 * The platform currency in the browser. The root layout reads it on the server
 * (lib/config.ts `platformCurrency()`) and provides it here, so client
 * components format and describe amounts exactly as the server parses them:
 * one setting, no build-time copy.
 */
const CurrencyContext = createContext<string | null>(null);

export function CurrencyProvider({ currency, children }: { currency: string; children: ReactNode }) {
  return <CurrencyContext.Provider value={currency}>{children}</CurrencyContext.Provider>;
}

export interface MoneyFormat {
  currency: string;
  /** "¥", "$", "KWD": for hints such as "In ¥". */
  symbol: string;
  /** "¥1,234.50" */
  format: (minor: number) => string;
  /** "1234.50": how the amount is typed back into a field. */
  decimal: (minor: number) => string;
}

/** Money formatting in the platform currency, for client components. */
export function useMoney(): MoneyFormat {
  const currency = useContext(CurrencyContext);
  const locale = useLocale();
  // A silent default would show the wrong currency; a missing provider is a bug.
  if (currency === null) throw new Error("useMoney() needs the CurrencyProvider of app/layout.tsx");
  return useMemo(
    () => ({
      currency,
      symbol: currencySymbol(currency),
      format: (minor: number) => formatMoney(minor, currency, locale),
      decimal: (minor: number) => minorToDecimalString(minor, currency),
    }),
    [currency, locale],
  );
}
