import "server-only";
import type { Locale } from "../i18n/locale";
import { translatorFor } from "../i18n/translator";
import { VOUCHER_KINDS, type VoucherKind } from "../vouchers/kinds";
import type { CodesCsvLabels } from "./codes-csv";

/**
 * The issued-codes file's words in one language, from the catalogues
 * (adminBatches.csv and enums.voucherKind). The batches page hands them to the
 * issue form, which builds the file in the browser in the language chosen.
 */
export function codesCsvLabels(locale: Locale): CodesCsvLabels {
  const t = translatorFor(locale, "adminBatches");
  const enums = translatorFor(locale, "enums");
  return {
    header: {
      code: t("csv.code"),
      code_grouped: t("csv.codeGrouped"),
      batch_id: t("csv.batchId"),
      batch_name: t("csv.batchName"),
      kind: t("csv.kind"),
    },
    kinds: Object.fromEntries(VOUCHER_KINDS.map((kind) => [kind, enums(`voucherKind.${kind}`)])) as Record<VoucherKind, string>,
  };
}
