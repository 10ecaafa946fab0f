import "server-only";
/**
 * Field errors in the reader's language. The pure rules and zod schemas of lib/
 * word their refusals in English (so they stay pure, are built once, and their
 * tests read plainly); each such sentence is a message of the catalogues'
 * `validation` namespace (or of `failures.reason`), listed below with the values
 * it is written with. `localizeText` finds a sentence by its English words and
 * writes the same message, with the same values, in the reader's language; a
 * sentence it does not know is shown as written (zod's own defaults are worded
 * by zod's zh-CN locale in runAction instead).
 * Amounts in the sentences are in the platform currency, so the table is built
 * once per currency and locale.
 */
import { MAX_FACE_VALUE, MAX_ISSUE_QUANTITY, MAX_NAME_LENGTH, MAX_PROVIDERS, MAX_VALID_DAYS } from "./admin/terms-form";
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from "./admin/reason";
import { platformCurrency } from "./config";
import type { Locale } from "./i18n/locale";
import type { Messages } from "./i18n/messages";
import { translatorFor } from "./i18n/translator";
import { exampleAmount, formatMoney } from "./money";
import { MAX_QUANTITY, MAX_TOP_UP } from "./orders/request";
import { MAX_PROVIDER_NAME_LENGTH } from "./providers/name";

type ValidationKey = keyof Messages["validation"];
type Values = Record<string, string | number>;
/** A message and its values: `validation.<key>`, or a reason message of `failures`. */
type Entry = { key: ValidationKey; values?: Values } | { reason: "reason_short" | "reason_long"; values: Values };

const ID_NOUNS = ["account", "voucher", "order", "product", "batch", "refund", "provider"] as const;

/** Every sentence the rules write, with its values (amounts as the rules write them, in `currency`). */
function entries(currency: string, locale: string): Entry[] {
  const range = (min: number, max: number) => ({ min: formatMoney(min, currency, locale), max: formatMoney(max, currency, locale) });
  const plain = (...keys: ValidationKey[]): Entry[] => keys.map((key) => ({ key }));
  return [
    ...plain(
      "tooLong",
      "reloadPage",
      "enterCode",
      "codeTooLong",
      "redemptionCodeTooLong",
      "productName",
      "batchName",
      "providerName",
      "providerNameComma",
      "providerNameControl",
      "providerNamePrefix",
      "unitPrice",
      "refundMode",
      "chargeAmount",
      "adjustAmount",
      "direction",
      "customerEmail",
      "kind",
      "scopeProduct",
      "minOrder",
      "minOrderBelowAmountOff",
      "percentOff",
      "discountType",
      "providersNone",
      "validFrom",
      "validUntil",
      "validUntilBeforeFrom",
      "windowEnded",
      "validity",
      "redeemBy",
      "redeemByPassed",
      "deadlineAfterWindow",
      "quantity",
      "quantityWhole",
      "quantityMin",
      "discountExcludesVouchers",
      "expiresRangeFrom",
      "expiresRangeTo",
      "statusFromList",
      "kindFromList",
      "pageLinkReset",
      "voucherId",
      "dateFormat",
      "noSuchDay",
      "rangeFrom",
      "rangeTo",
      "auditActor",
      "auditAction",
      "auditTarget",
    ),
    ...ID_NOUNS.map((noun): Entry => ({ key: "notValidId", values: { noun } })),
    { key: "nameTooLong", values: { max: MAX_NAME_LENGTH } },
    { key: "issueQuantity", values: { max: MAX_ISSUE_QUANTITY } },
    { key: "providerNameTooLong", values: { max: MAX_PROVIDER_NAME_LENGTH } },
    { key: "unitPriceRange", values: range(0, MAX_FACE_VALUE) },
    { key: "refundAmount", values: { example: exampleAmount(10, currency) } },
    { key: "chargeAmountRange", values: range(1, MAX_TOP_UP) },
    { key: "adjustAmountRange", values: range(1, MAX_TOP_UP) },
    { key: "faceValueRange", values: range(1, MAX_FACE_VALUE) },
    { key: "amountOffRange", values: range(1, MAX_FACE_VALUE) },
    { key: "maxDiscountRange", values: range(1, MAX_FACE_VALUE) },
    { key: "providersTooMany", values: { max: MAX_PROVIDERS } },
    { key: "validDays", values: { max: MAX_VALID_DAYS } },
    { key: "quantityMax", values: { max: MAX_QUANTITY } },
    { key: "topUpRange", values: range(1, MAX_TOP_UP) },
    { key: "expiresDateFormat", values: { field: "expiresFrom" } },
    { key: "expiresDateFormat", values: { field: "expiresTo" } },
    { key: "expiresNoSuchDay", values: { field: "expiresFrom" } },
    { key: "expiresNoSuchDay", values: { field: "expiresTo" } },
    { key: "dayRange", values: { min: "1970-01-01", max: "9998-12-31" } },
    { reason: "reason_short", values: { min: MIN_REASON_LENGTH } },
    { reason: "reason_long", values: { max: MAX_REASON_LENGTH } },
  ];
}

function render(entry: Entry, locale: Locale): string {
  if ("reason" in entry) return translatorFor(locale, "failures")(`reason.${entry.reason}`, entry.values);
  return translatorFor(locale, "validation")(entry.key, entry.values);
}

const tables = new Map<string, Map<string, string>>();

/** English sentence → the same message in `locale`, for amounts in `currency`. */
function tableFor(locale: Locale, currency: string): Map<string, string> {
  const id = `${locale} ${currency}`;
  let table = tables.get(id);
  if (!table) {
    table = new Map();
    const english = entries(currency, "en");
    const local = entries(currency, locale);
    english.forEach((entry, i) => table!.set(render(entry, "en"), render(local[i]!, locale)));
    tables.set(id, table);
  }
  return table;
}

/** `english`, a sentence of a rule or schema of lib/, in `locale` (as written when it is not one of theirs). */
export function localizeText(english: string, locale: Locale, currency: string): string {
  if (locale === "en") return english;
  return tableFor(locale, currency).get(english) ?? english;
}

/**
 * `localizeText` for the platform currency: what a page passes the field errors
 * of its filter parsers through (`fieldText(errors.from, await getLocale())`).
 */
export function fieldText(english: string, locale: Locale): string {
  return localizeText(english, locale, platformCurrency());
}

/** A form's field errors (field → English sentence, as the filter parsers write them) in the reader's language. */
export function fieldTexts<F extends string>(errors: Partial<Record<F, string>>, locale: Locale): Partial<Record<F, string>> {
  return Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, fieldText(text as string, locale)])) as Partial<Record<F, string>>;
}

/** Every English sentence the table knows (for tests). */
export function knownSentences(currency: string): string[] {
  return [...tableFor("zh-CN", currency).keys()];
}
