import type { NextRequest } from "next/server";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { UTF8_BOM, csvDecimal, csvRow, type CsvValue } from "@/lib/csv";
import { DalError } from "@/lib/dal/errors";
import { getMyStatement, type StatementLineName, type StatementView } from "@/lib/dal/insights/statement";
import { getViewer } from "@/lib/dal/session";
import type { Locale } from "@/lib/i18n/locale";
import { resolveLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { csvLocale, plainText, refuse } from "../../_lib/export-response";
import { minorToDecimalString } from "@/lib/money";
import { isoInZone } from "@/lib/time";
import { parseStatementParams } from "../_lib/params";

/** Each line's sign in the formula: every amount in the file is written as it enters the formula. */
const SIGN: Record<StatementLineName, 1 | -1> = { redeemed: 1, refunded: 1, used: -1, expired: -1, voided: -1 };
const FORMULA_LINES: readonly StatementLineName[] = ["redeemed", "refunded", "used", "expired", "voided"];

/** The whole file: header, the formula lines, the not-effective amounts, then every voucher and record of each line. */
function statementCsv(statement: StatementView, locale: Locale): string {
  const currency = platformCurrency();
  const timeZone = platformTimeZone();
  const t = translatorFor(locale, "statements");
  const tTypes = translatorFor(locale, "usageCsv");
  const money = (minor: number) => csvDecimal(minorToDecimalString(minor, currency));
  const lineName = (line: StatementLineName) => t(`lines.${line}`);
  const row = (line: string, voucherId: string | null, time: Date | null, type: string | null, amount: CsvValue) =>
    csvRow([line, voucherId, time ? isoInZone(time, timeZone) : null, type, amount]);

  let out = csvRow([t("csv.columns.line"), t("csv.columns.voucherId"), t("csv.columns.time"), t("csv.columns.type"), t("csv.columns.amount", { currency })]);
  out += row(t("lines.opening"), null, statement.start, null, money(statement.opening));
  for (const line of FORMULA_LINES) out += row(lineName(line), null, null, null, money(SIGN[line] * statement.lines[line].amount));
  out += row(statement.soFar ? t("lines.closingSoFar") : t("lines.closing"), null, statement.end, null, money(statement.closing));
  out += row(t("csv.notEffectiveOpening"), null, statement.start, null, money(statement.notEffective.opening));
  out += row(t("csv.notEffectiveClosing"), null, statement.end, null, money(statement.notEffective.closing));
  for (const line of FORMULA_LINES) {
    const view = statement.lines[line];
    if (line === "used" || line === "refunded") {
      for (const r of view.records) out += row(lineName(line), r.voucherPublicId, r.createdAt, tTypes(`type.${r.type}`), money(SIGN[line] * r.amount));
    } else {
      for (const v of view.vouchers) out += row(lineName(line), v.publicId, null, null, money(SIGN[line] * v.amount));
    }
  }
  return out;
}

/**
 * GET /billing/statements/export?kind=cash|compute&month=YYYY-MM[&lang=zh-CN|en]:
 * the caller's monthly statement as CSV: the formula lines (opening, each line
 * signed as it enters the formula, closing), the not-effective amounts, then
 * every voucher of the redeemed, expired and voided lines and every record of
 * the used and refunded lines (each signed like its line, so they sum to it).
 * Authorizes like the usage export: 401 signed out, 403 without a billing
 * account; 400 for an unknown `lang`, a malformed kind or month, or a month
 * that has not started (the page drops those; a download must not silently
 * hand over another month).
 */
export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return refuse({ code: "unauthenticated", reason: "export_signed_out" });
  if (viewer.accountId === null) return refuse({ code: "forbidden", reason: "export_no_account" });

  const search = request.nextUrl.searchParams;
  const locale = await csvLocale(search);
  if (locale === "unknown") return plainText(translatorFor(await resolveLocale(), "usageCsv")("unknownLang"), 400);

  const now = new Date();
  const params = parseStatementParams({ kind: search.getAll("kind"), month: search.getAll("month") }, now, platformTimeZone());
  if (params.dropped.length > 0) {
    const t = translatorFor(locale, "statements");
    return plainText(params.dropped.map((field) => t(`csv.refused.${field}`)).join("\n"), 400);
  }

  let statement: StatementView;
  try {
    statement = await getMyStatement(viewer, params.kind, params.month, now, { limit: Infinity });
  } catch (error) {
    if (error instanceof DalError) return refuse(error.failure);
    throw error;
  }

  return new Response(UTF8_BOM + statementCsv(statement, locale), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="statement-${statement.kind}-${statement.month}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
