import "server-only";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { failureMessage } from "@/lib/failure-messages";
import type { DalFailure, Failure } from "@/lib/failures";

/** The sentence of a failure as the server tells it: in the platform currency and time zone. */
export function messageOf(failure: Failure): string {
  return failureMessage(failure, { currency: platformCurrency(), timeZone: platformTimeZone() });
}

/**
 * An expected refusal of the data access layer (authorization, a missing row,
 * bad input, a conflicting state), carrying its typed failure; bugs throw plain
 * Errors. `code` is the failure's code and `message` its sentence, so callers
 * and logs read a DalError like any error.
 */
export class DalError extends Error {
  readonly code: DalFailure["code"];

  constructor(readonly failure: DalFailure) {
    super(messageOf(failure));
    this.name = "DalError";
    this.code = failure.code;
  }
}
