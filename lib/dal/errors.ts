import "server-only";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { failureMessage } from "@/lib/failure-messages";
import type { DalFailure, Failure } from "@/lib/failures";
import type { Locale } from "@/lib/i18n/locale";
import { translatorFor } from "@/lib/i18n/translator";
import { localizeText } from "@/lib/validation-messages";

/**
 * The sentence of a failure as the server tells it, in `locale` (the request's,
 * lib/dal/request-locale.ts; English for logs): amounts in the platform currency written
 * for that locale, times in the platform zone.
 */
export function messageOf(failure: Failure, locale: Locale = "en"): string {
  const currency = platformCurrency();
  return failureMessage(
    failure,
    { currency, timeZone: platformTimeZone(), locale, text: (english) => localizeText(english, locale, currency) },
    translatorFor(locale, "failures"),
  );
}

/**
 * An expected refusal of the data access layer (authorization, a missing row,
 * bad input, a conflicting state), carrying its typed failure; bugs throw plain
 * Errors. `code` is the failure's code and `message` its sentence in English
 * (for logs; what a reader sees is worded again in their language by
 * `messageOf`), so callers and logs read a DalError like any error.
 */
export class DalError extends Error {
  readonly code: DalFailure["code"];

  constructor(readonly failure: DalFailure) {
    super(messageOf(failure));
    this.name = "DalError";
    this.code = failure.code;
  }
}
