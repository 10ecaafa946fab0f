/**
 * The CSV of freshly issued codes (SPEC 5 and 8). Built in the browser from the
 * codes the Issue action returned, so the plain codes are never written to the
 * server's disk, database or logs: this file is the only copy there will be.
 *
 * The file comes in either language (the issue form's File language choice,
 * the page's language by default). Stable in both: the five columns and their
 * order, the code, the grouped code, the batch ID and the batch name (data, as
 * typed). In the chosen language: the header row and the kind. In English the
 * header row is the machine-readable keys it always was (CODES_CSV_HEADER).
 */
import { csvRow, UTF8_BOM } from "../csv";
import type { Locale } from "../i18n/locale";
import { formatCodeForDisplay } from "../vouchers/code";
import { KIND_SINGULAR, type VoucherKind } from "../vouchers/kinds";

export interface IssuedBatch {
  batchPublicId: string;
  name: string;
  kind: VoucherKind;
  codes: string[];
}

/** The columns, in order; in English also the header row. */
export const CODES_CSV_HEADER = ["code", "code_grouped", "batch_id", "batch_name", "kind"] as const;

/** The words of the file in one language: a header per column and the name of each kind. */
export interface CodesCsvLabels {
  header: Record<(typeof CODES_CSV_HEADER)[number], string>;
  kinds: Record<VoucherKind, string>;
}

/** The English words, as the file has always had them. */
export const ENGLISH_CODES_CSV_LABELS: CodesCsvLabels = {
  header: { code: "code", code_grouped: "code_grouped", batch_id: "batch_id", batch_name: "batch_name", kind: "kind" },
  kinds: KIND_SINGULAR,
};

/** The words of each language the file comes in (the server reads them from the catalogues: codes-csv-labels.ts). */
export type CodesCsvLabelsByLocale = Record<Locale, CodesCsvLabels>;

/** One row per code: the plain code, the same code grouped by 4 as it is shown, and its batch. */
export function codesCsv(batch: IssuedBatch, labels: CodesCsvLabels = ENGLISH_CODES_CSV_LABELS): string {
  let out = UTF8_BOM + csvRow(CODES_CSV_HEADER.map((column) => labels.header[column]));
  const kind = labels.kinds[batch.kind];
  for (const code of batch.codes) out += csvRow([code, formatCodeForDisplay(code), batch.batchPublicId, batch.name, kind]);
  return out;
}

/** "bat_3k9w…-codes.csv": names the batch, never the codes. */
export function codesCsvFileName(batchPublicId: string): string {
  return `${batchPublicId}-codes.csv`;
}
