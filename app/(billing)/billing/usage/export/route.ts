import type { NextRequest } from "next/server";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { UTF8_BOM } from "@/lib/csv";
import { getViewer } from "@/lib/dal/session";
import { iterateMyUsage } from "@/lib/dal/usage";
import { DalError } from "@/lib/dal/errors";
import { resolveLocale } from "@/lib/i18n/request-locale";
import { USAGE_FILTER_FIELDS, filterParamsOf, parseUsageParams } from "@/lib/usage/filter";
import { usageCsvHeader, usageCsvRow, usageCsvWords } from "@/lib/usage/record";
import { translatorFor } from "@/lib/i18n/translator";
import { csvLocale, plainText, refuse } from "../../_lib/export-response";

/** Records per chunk written to the response: one enqueue per row would flood the stream with tiny writes. */
const ROWS_PER_CHUNK = 200;

/**
 * GET /billing/usage/export?voucher=…&from=…&to=…&status=…&kind=…[&lang=zh-CN|en]:
 * the caller's usage records that the filter selects, every page of them, as
 * CSV (SPEC 7), with headers and kind/type/status words in `lang` (default: the
 * request's language). Authorizes like the page, but answers with a status
 * instead of a redirect, since the caller is a download or a script: 401 signed
 * out, 403 without a billing account, 400 for an unknown `lang` or an invalid
 * filter. The rows are streamed as the DAL reads them, so a long history never
 * sits in memory whole.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return refuse({ code: "unauthenticated", reason: "export_signed_out" });
  if (viewer.accountId === null) return refuse({ code: "forbidden", reason: "export_no_account" });

  const locale = await csvLocale(request.nextUrl.searchParams);
  if (locale === "unknown") return plainText(translatorFor(await resolveLocale(), "usageCsv")("unknownLang"), 400);

  // The export is every page, so a cursor in the link is ignored rather than refused.
  const state = parseUsageParams(filterParamsOf(request.nextUrl.searchParams));
  if (!state.filter) {
    const { errors } = state;
    const problems = USAGE_FILTER_FIELDS.flatMap((field) => (errors[field] ? [`${field}: ${errors[field]}`] : []));
    return refuse({ code: "invalid_input", reason: "export_filter", problems });
  }

  let rows: ReturnType<typeof iterateMyUsage>;
  try {
    rows = iterateMyUsage(viewer, state.filter, { locale });
  } catch (error) {
    if (error instanceof DalError) return refuse(error.failure);
    throw error;
  }

  const timeZone = platformTimeZone();
  const currency = platformCurrency();
  const words = usageCsvWords(translatorFor(locale, "usageCsv"), currency);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + usageCsvHeader(words)));
    },
    async pull(controller) {
      try {
        let chunk = "";
        for (let n = 0; n < ROWS_PER_CHUNK; n++) {
          const next = await rows.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += usageCsvRow(next.value, timeZone, currency, words);
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        // Headers are sent by now: aborting the stream makes the download fail
        // visibly instead of ending as a complete-looking, truncated file.
        console.error("usage export failed:", error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
        controller.error(new Error("The export failed."));
      }
    },
    async cancel() {
      // The client went away: stop reading pages from the database.
      await rows.return(undefined);
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="usage-history.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
