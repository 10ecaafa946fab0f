/**
 * The CSV of freshly issued codes (SPEC 5 and 8). Built in the browser from the
 * codes the Issue action returned, so the plain codes are never written to the
 * server's disk, database or logs: this file is the only copy there will be.
 */
import { csvRow, UTF8_BOM } from "../csv";
import { formatCodeForDisplay } from "../vouchers/code";
import { KIND_SINGULAR, type VoucherKind } from "../vouchers/kinds";

export interface IssuedBatch {
  batchPublicId: string;
  name: string;
  kind: VoucherKind;
  codes: string[];
}

export const CODES_CSV_HEADER = ["code", "code_grouped", "batch_id", "batch_name", "kind"] as const;

/** One row per code: the plain code, the same code grouped by 4 as it is shown, and its batch. */
export function codesCsv(batch: IssuedBatch): string {
  let out = UTF8_BOM + csvRow(CODES_CSV_HEADER);
  const kind = KIND_SINGULAR[batch.kind];
  for (const code of batch.codes) out += csvRow([code, formatCodeForDisplay(code), batch.batchPublicId, batch.name, kind]);
  return out;
}

/** "bat_3k9w…-codes.csv": names the batch, never the codes. */
export function codesCsvFileName(batchPublicId: string): string {
  return `${batchPublicId}-codes.csv`;
}
