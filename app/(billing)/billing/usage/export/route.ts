import type { NextRequest } from "next/server";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { UTF8_BOM } from "@/lib/csv";
import { getViewer } from "@/lib/dal/session";
import { iterateMyUsage } from "@/lib/dal/usage";
import { DalError, HTTP_STATUS_OF } from "@/lib/dal/viewer";
import { USAGE_FILTER_FIELDS, filterParamsOf, parseUsageParams } from "@/lib/usage/filter";
import { usageCsvHeader, usageCsvRow } from "@/lib/usage/record";

/** Records per chunk written to the response: one enqueue per row would flood the stream with tiny writes. */
const ROWS_PER_CHUNK = 200;

/** A refusal as one plain line: a script sees the status, a person who opened the link reads why. */
function refuse(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/**
 * GET /billing/usage/export?voucher=…&from=…&to=…&status=…&kind=…: the
 * caller's usage records that the filter selects, every page of them, as CSV
 * (SPEC 7). Authorizes like the page, but answers with a status instead of a
 * redirect, since the caller is a download or a script: 401 signed out, 403
 * without a billing account, 400 for an invalid filter. The rows are streamed
 * as the DAL reads them, so a long history never sits in memory whole.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return refuse(401, "Sign in to export your usage history.");
  if (viewer.accountId === null) return refuse(403, "This user has no billing account, so it has no usage history.");

  // The export is every page, so a cursor in the link is ignored rather than refused.
  const state = parseUsageParams(filterParamsOf(request.nextUrl.searchParams));
  if (!state.filter) {
    const { errors } = state;
    const reasons = USAGE_FILTER_FIELDS.flatMap((field) => (errors[field] ? [`${field}: ${errors[field]}`] : []));
    return refuse(400, ["The filter is not valid.", ...reasons].join("\n"));
  }

  let rows: ReturnType<typeof iterateMyUsage>;
  try {
    rows = iterateMyUsage(viewer, state.filter);
  } catch (error) {
    if (error instanceof DalError) return refuse(HTTP_STATUS_OF[error.code], error.message);
    throw error;
  }

  const timeZone = platformTimeZone();
  const currency = platformCurrency();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + usageCsvHeader(currency)));
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
          chunk += usageCsvRow(next.value, timeZone, currency);
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
