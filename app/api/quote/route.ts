import type { NextRequest } from "next/server";
import { platformCurrency } from "@/lib/config";
import { quoteOrder, type Quote } from "@/lib/dal/orders/quote";
import { getViewer } from "@/lib/dal/session";
import { DalError, messageOf } from "@/lib/dal/errors";
import { HTTP_STATUS_OF, type Failure } from "@/lib/failures";
import { formatMoney } from "@/lib/money";
import { parseQuoteParams } from "@/lib/orders/request";
import { describeDiscount } from "@/lib/vouchers/discount";
import { resolveLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import type { Locale } from "@/lib/i18n/locale";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/** A refusal as JSON: its code (the status follows from it) and its sentence. */
const refuse = async (failure: Failure) => json({ code: failure.code, message: messageOf(failure, await resolveLocale()) }, HTTP_STATUS_OF[failure.code]);

/**
 * What the order page shows: the quote with dates as ISO strings and discount
 * terms in words; its explanation (why vouchers are left out, the other plans)
 * is already worded, with public ids only.
 */
function toDto(quote: Quote, locale: Locale) {
  const currency = platformCurrency();
  const t = translatorFor(locale, "discount");
  return {
    ...quote,
    options: quote.options.map((o) => ({
      publicId: o.publicId,
      kind: o.kind,
      balance: o.balance,
      providers: o.providers,
      expiresAt: o.expiresAt.toISOString(),
      description: o.kind === "discount" && o.terms ? describeDiscount(o.terms, (minor) => formatMoney(minor, currency, locale), t) : null,
    })),
  };
}
export type QuoteDto = ReturnType<typeof toDto>;

/**
 * GET /api/quote?product=prd_…&quantity=3[&discount=vch_…|none][&vouchers=vch_…,vch_…]
 * The live payment plan for the signed-in customer. Reads only; the client sends
 * ids and a quantity, never a price or an amount.
 */
export async function GET(request: NextRequest) {
  const viewer = await getViewer();
  if (!viewer) return refuse({ code: "unauthenticated", reason: "signed_out" });
  const parsed = parseQuoteParams(request.nextUrl.searchParams);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(issue ? { code: "invalid_input", reason: "rule", text: issue.message } : { code: "invalid_input", reason: "request" });
  }
  try {
    const locale = await resolveLocale();
    // The order page's quote explains itself: the reasons and the other plans, worded here in the reader's language.
    const quote = await quoteOrder(viewer, parsed.data, parsed.data.choices, new Date(), locale, true);
    return json(toDto(quote, locale));
  } catch (err) {
    if (err instanceof DalError) return refuse(err.failure);
    console.error("quote failed:", err instanceof Error ? err.message : "unknown error");
    return refuse({ code: "internal", reason: "quote" });
  }
}
