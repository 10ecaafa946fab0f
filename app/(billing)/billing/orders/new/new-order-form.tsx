"use client";

import { QueryClient, QueryClientProvider, keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { QuoteDto } from "@/app/api/quote/route";
import { Button } from "@/components/ui/button";
import { FieldGroup, FormMessage, SelectField, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { useMoney } from "@/components/ui/currency";
import { shownPlanOf } from "@/lib/orders/shown-plan";
import { PlanSummary } from "../_components/plan-summary";
import { AlternativePlans, UnusedVouchers } from "../_components/plan-explanation";
import { placeAndPayOrderAction } from "../actions";
import { providerList } from "@/lib/i18n/lists";

interface ProductOption {
  publicId: string;
  name: string;
  unitPrice: number;
  provider: string | null;
}

type DiscountChoice = "auto" | "none" | string;

/** The query string of /api/quote: ids and a count only, never an amount. */
function quoteParams(product: string, quantity: string, discount: DiscountChoice, vouchers: string[] | null) {
  const params = new URLSearchParams({ product, quantity });
  if (discount !== "auto") params.set("discount", discount);
  if (vouchers) params.set("vouchers", vouchers.join(","));
  return params.toString();
}

/** `failed`: the sentence when the server gives none. */
async function fetchQuote(query: string, failed: string): Promise<QuoteDto> {
  const response = await fetch(`/api/quote?${query}`, { headers: { accept: "application/json" } });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error((body as { message?: string }).message ?? failed);
  return body as QuoteDto;
}

/** Waits until the value has been still for `ms`, so typing a quantity sends one request. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function Plan({ quote }: { quote: QuoteDto }) {
  if (!quote.result.ok) {
    return (
      <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
        {quote.result.message}
      </p>
    );
  }
  return <PlanSummary plan={quote.result.plan} />;
}

interface Prefill {
  product: string | null;
  quantity: string | null;
}

function OrderForm({ products, prefill }: { products: ProductOption[]; prefill: Prefill }) {
  const { format: formatMoney } = useMoney();
  const t = useTranslations("orders.form");
  const te = useTranslations("enums");
  const locale = useLocale();
  const router = useRouter();
  const [product, setProduct] = useState(products.find((p) => p.publicId === prefill.product)?.publicId ?? products[0]?.publicId ?? "");
  const [quantity, setQuantity] = useState(prefill.quantity ?? "1");
  const [discount, setDiscount] = useState<DiscountChoice>("auto");
  const [chosen, setChosen] = useState<string[] | null>(null);
  // Its request key is one per order: a double click or a retry pays it once, and Pay
  // after a failed attempt pays the same pending order. A new key when what is bought
  // changes, or when that order can no longer be paid (expired, product retired).
  const payment = useAction();

  const quantityOk = /^\d{1,5}$/.test(quantity) && Number(quantity) >= 1 && Number(quantity) <= 10_000;
  const query = useDebounced(quoteParams(product, quantity, discount, chosen), 250);
  const quote = useQuery({
    queryKey: ["quote", query],
    queryFn: () => fetchQuote(query, t("planFailed")),
    enabled: Boolean(product) && quantityOk,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const options = quote.data?.options ?? [];
  const discounts = options.filter((o) => o.kind === "discount");
  const stored = options.filter((o) => o.kind !== "discount");
  const planOk = quote.data?.result.ok === true;
  const explanation = quote.data?.explanation ?? null;

  function pay() {
    const shown = quote.data;
    const planned = shown?.result;
    if (!shown || !planned?.ok) return;
    const plan = shownPlanOf(planned.plan);
    payment.clearFailure();
    payment.run(
      // What was shown, for what it was shown: the quote's product, quantity and plan (SPEC 6).
      (requestKey) => placeAndPayOrderAction({ productPublicId: shown.product.publicId, quantity: shown.quantity, requestKey, plan }),
      {
        onSuccess: (data) => router.push(`/billing/orders/${data.orderPublicId}`),
        onFailure: (failure) => {
          if (failure.code === "conflict") payment.renewKey();
          // The plan that holds now, for the customer to confirm.
          void quote.refetch();
        },
      },
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-4">
        <SelectField
          label={t("product")}
          value={product}
          onChange={(e) => {
            setProduct(e.target.value);
            payment.renewKey();
          }}
        >
          {products.map((p) => (
            <option key={p.publicId} value={p.publicId}>
              {p.name} · {formatMoney(p.unitPrice)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("quantity")}
          inputMode="numeric"
          value={quantity}
          onChange={(e) => {
            setQuantity(e.target.value.trim());
            payment.renewKey();
          }}
          error={quantityOk ? undefined : t("quantityError", { min: 1, max: 10_000 })}
          className="w-40"
        />
        <SelectField label={t("discount")} value={discount} onChange={(e) => setDiscount(e.target.value)}>
          <option value="auto">{t("discountAuto")}</option>
          <option value="none">{t("discountNone")}</option>
          {discounts.map((d) => (
            <option key={d.publicId} value={d.publicId}>
              {d.publicId} · {d.description}
            </option>
          ))}
        </SelectField>
        <FieldGroup legend={t("storedLegend")} className="space-y-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={chosen === null} onChange={(e) => setChosen(e.target.checked ? null : (quote.data?.result.ok ? quote.data.result.plan.allocations.map((a) => a.publicId) : []))} />
            {t("chooseAutomatically")}
          </label>
          {chosen !== null
            ? stored.map((v) => (
                <label key={v.publicId} className="flex items-center gap-2 pl-6 text-sm">
                  <input
                    type="checkbox"
                    checked={chosen.includes(v.publicId)}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, v.publicId] : chosen.filter((id) => id !== v.publicId))}
                  />
                  <span>
                    {t("storedOption", {
                      kind: te(`voucherKindTitle.${v.kind}`),
                      id: v.publicId,
                      balance: formatMoney(v.balance ?? 0),
                      hasProviders: v.providers ? "yes" : "no",
                      providers: v.providers ? providerList(v.providers, locale) : "",
                    })}
                  </span>
                </label>
              ))
            : null}
        </FieldGroup>
        {explanation && explanation.alternatives.length > 1 ? (
          <AlternativePlans
            alternatives={explanation.alternatives}
            onPick={(choices) => {
              // The form's own choices, so the quote (and Pay after it) is exactly that plan.
              setDiscount(choices.discount);
              setChosen(choices.vouchers);
            }}
          />
        ) : null}
      </div>

      <section aria-labelledby="plan-heading" className="space-y-4 rounded-md border border-slate-200 bg-white p-4">
        <h2 id="plan-heading" className="text-lg font-semibold">
          {t("planHeading")}
        </h2>
        <div aria-live="polite" aria-busy={quote.isFetching}>
          {quote.error ? (
            <p role="alert" className="text-sm text-red-700">
              {quote.error.message}
            </p>
          ) : quote.data ? (
            <Plan quote={quote.data} />
          ) : (
            <p className="text-sm text-slate-600">{quantityOk ? t("working") : t("enterQuantity")}</p>
          )}
        </div>
        {quote.data ? <p className="text-xs text-slate-600">{t("cashBalance", { amount: formatMoney(quote.data.cashBalance) })}</p> : null}
        <FormMessage error={payment.message} />
        <Button type="button" onClick={pay} disabled={payment.pending || !planOk || quote.isFetching || !quantityOk} className="w-full">
          {payment.pending ? t("paying") : t("pay")}
        </Button>
        {explanation && explanation.unused.length > 0 ? <UnusedVouchers unused={explanation.unused} /> : null}
      </section>
    </div>
  );
}

/** New order: product and quantity, the plan computed live by the server, and Pay. */
export function NewOrderForm({ products, prefill }: { products: ProductOption[]; prefill: Prefill }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } }));
  return (
    <QueryClientProvider client={client}>
      <OrderForm products={products} prefill={prefill} />
    </QueryClientProvider>
  );
}
