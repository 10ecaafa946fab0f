/** The codes of /api/v1 problems and their HTTP statuses: pure, shared by the routes (lib/api/problem.ts) and the OpenAPI document. */
import { HTTP_STATUS_OF, type FailureCode } from "@/lib/failures";

/**
 * The problems the plumbing answers itself, besides the DAL's failures:
 * request shape, body, idempotency and limits.
 */
export type PlumbingCode =
  | "malformed_json"
  | "unsupported_media_type"
  | "payload_too_large"
  | "validation_failed"
  | "method_not_allowed"
  | "invalid_idempotency_key"
  | "idempotency_key_reused"
  | "idempotency_key_in_use";

export type ProblemCode = FailureCode | PlumbingCode;

/**
 * The status of each code over the API: the console's table (HTTP_STATUS_OF),
 * except that a DAL `invalid_input` (a value the rules refuse) is a 422 like a
 * schema's refusal, and the plumbing's own codes. The OpenAPI document uses it too.
 */
export function apiStatusOf(code: ProblemCode): number {
  switch (code) {
    case "invalid_input":
    case "validation_failed":
    case "idempotency_key_reused":
      return 422;
    case "idempotency_key_in_use":
      return 409;
    case "malformed_json":
    case "invalid_idempotency_key":
      return 400;
    case "unsupported_media_type":
      return 415;
    case "payload_too_large":
      return 413;
    case "method_not_allowed":
      return 405;
    default:
      return HTTP_STATUS_OF[code];
  }
}

/**
 * The status of one failure over the API: its code's, except that a list's
 * refused `cursor` is a 400 (docs/api.md "Pagination"): the request is well
 * formed, but names a page these filters never gave out, and the answer is to
 * start again without it rather than to fix a field.
 */
export function apiStatusOfFailure(failure: { code: ProblemCode; reason?: string }): number {
  return failure.code === "invalid_input" && failure.reason === "cursor" ? 400 : apiStatusOf(failure.code);
}
