import type { NextRequest } from "next/server";
import { platformCurrency } from "@/lib/config";
import { quoteOrder, type Quote } from "@/lib/dal/orders";
import { getViewer } from "@/lib/dal/session";
import { DalError, HTTP_STATUS_OF } from "@/lib/dal/viewer";
import { formatMoney } from "@/lib/money";
import { parseQuoteParams } from "@/lib/orders/request";
import { describeDiscount } from "@/lib/vouchers/discount";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/** What the order page shows: the quote with dates as ISO strings and discount terms in words. */
function toDto(quote: Quote) {
  const currency = platformCurrency();
  return {
    ...quote,
    options: quote.options.map((o) => ({
      publicId: o.publicId,
      kind: o.kind,
      balance: o.balance,
      providers: o.providers,
      expiresAt: o.expiresAt.toISOString(),
      description: o.kind === "discount" && o.terms ? describeDiscount(o.terms, (minor) => formatMoney(minor, currency)) : null,
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
  if (!viewer) return json({ code: "unauthenticated", message: "Sign in to continue." }, 401);
  const parsed = parseQuoteParams(request.nextUrl.searchParams);
  if (!parsed.success) {
    return json({ code: "invalid_input", message: parsed.error.issues[0]?.message ?? "Invalid request." }, 400);
  }
  try {
    const quote = await quoteOrder(viewer, parsed.data, parsed.data.choices, new Date());
    return json(toDto(quote));
  } catch (err) {
    if (err instanceof DalError) return json({ code: err.code, message: err.message }, HTTP_STATUS_OF[err.code]);
    console.error("quote failed:", err instanceof Error ? err.message : "unknown error");
    return json({ code: "internal", message: "The plan could not be computed. Try again." }, 500);
  }
}
