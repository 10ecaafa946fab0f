import "server-only";
/**
 * RFC 9457 problem details for /api/v1 (docs/api.md): every refusal is
 * `application/problem+json` with a stable `type` URI per code, the HTTP
 * `status`, an English `title` and `detail`, the `code` clients branch on, and
 * where it helps the failure's `reason` (its values, public ids only) or the
 * per-field `errors` of a refused request. An unexpected error is one generic 500
 * that says nothing of the cause.
 */
import { messageOf } from "@/lib/dal/errors";
import type { Failure, FailureCode } from "@/lib/failures";
import { apiStatusOf, apiStatusOfFailure, type ProblemCode } from "./status";

export { apiStatusOf, type PlumbingCode, type ProblemCode } from "./status";

export interface FieldError {
  /** Dotted path into the request, e.g. `items.0.quantity`; `query.x` / `params.x` for those parts. */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  /** Which of the code's causes, e.g. `account` for a `not_found`. */
  reason?: string;
  /** The values the cause's sentence names (public ids only), e.g. a plan's `changes`. */
  values?: Record<string, unknown>;
  /** A failed payment's order (`payment_failed`): it exists, with the failed attempt recorded on it. */
  orderId?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * Where the `type` URIs live: `API_PROBLEM_BASE` (no trailing slash needed),
 * default `https://billing.example/problems`. A type is `<base>/<code>` and
 * never changes for a code; clients may branch on it or on `code`.
 */
export function problemBase(): string {
  const raw = process.env.API_PROBLEM_BASE?.trim();
  return (raw ? raw : "https://billing.example/problems").replace(/\/+$/, "");
}

export const problemType = (code: ProblemCode) => `${problemBase()}/${code}`;

const TITLES: Record<ProblemCode, string> = {
  unauthenticated: "Unauthenticated",
  forbidden: "Forbidden",
  not_found: "Not found",
  invalid_input: "Invalid input",
  conflict: "Conflict",
  payment_failed: "Payment failed",
  format: "Invalid format",
  invalid: "Invalid",
  already_redeemed: "Already redeemed",
  wrong_kind: "Wrong kind",
  rate_limited: "Too many requests",
  internal: "Internal error",
  malformed_json: "Malformed JSON",
  unsupported_media_type: "Unsupported media type",
  payload_too_large: "Payload too large",
  validation_failed: "Validation failed",
  method_not_allowed: "Method not allowed",
  invalid_idempotency_key: "Invalid Idempotency-Key",
  idempotency_key_reused: "Idempotency-Key reused",
  idempotency_key_in_use: "Idempotency-Key in use",
};

function respond(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers },
  });
}

/** The problem body of a plumbing refusal (or a failure code told in the plumbing's own words). */
export function plumbingProblem(code: ProblemCode, detail: string, extra: Pick<Problem, "reason" | "values" | "errors"> = {}): Problem {
  return { type: problemType(code), title: TITLES[code], status: apiStatusOf(code), detail, code, ...extra };
}

/** The problem body of a DAL failure: its code, its English sentence, and its reason's values (public ids only). */
export function failureProblem(failure: Failure): Problem {
  const { code, reason, ...rest } = failure as unknown as { code: FailureCode; reason?: string } & Record<string, unknown>;
  const { orderPublicId, ...values } = rest;
  return {
    type: problemType(code),
    title: TITLES[code],
    status: apiStatusOfFailure(failure),
    detail: messageOf(failure, "en"),
    code,
    reason,
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...(typeof orderPublicId === "string" ? { orderId: orderPublicId } : {}),
  };
}

export const failureResponse = (failure: Failure, headers?: Record<string, string>) => respond(failureProblem(failure), headers);
export const problemResponse = (problem: Problem, headers?: Record<string, string>) => respond(problem, headers);

// ---------------------------------------------------------------- the plumbing's refusals

export const unauthenticated = () =>
  respond(plumbingProblem("unauthenticated", "Send a valid, unrevoked API key as `Authorization: Bearer <key>`."), {
    "WWW-Authenticate": 'Bearer realm="api"',
  });

export const missingScope = (scope: string) =>
  respond(plumbingProblem("forbidden", `This API key lacks the "${scope}" scope.`, { reason: "missing_scope", values: { scope } }));

export const notFound = () => respond(plumbingProblem("not_found", "No such resource."));

export const methodNotAllowed = (allowed: readonly string[]) =>
  respond(plumbingProblem("method_not_allowed", `This resource answers ${allowed.join(", ")} only.`), { Allow: allowed.join(", ") });

export const payloadTooLarge = (limit: number) =>
  respond(plumbingProblem("payload_too_large", `The request body is over ${limit} bytes.`, { values: { limit } }));

export const unsupportedMediaType = () =>
  respond(plumbingProblem("unsupported_media_type", "Send the body as `Content-Type: application/json`."));

export const malformedJson = () => respond(plumbingProblem("malformed_json", "The request body is not valid UTF-8 JSON."));

export const validationFailed = (errors: FieldError[]) =>
  respond(plumbingProblem("validation_failed", "The request has unknown or invalid fields.", { errors }));

export const invalidIdempotencyKey = () =>
  respond(plumbingProblem("invalid_idempotency_key", "An Idempotency-Key is 1 to 255 printable ASCII characters."));

export const idempotencyKeyReused = () =>
  respond(plumbingProblem("idempotency_key_reused", "This Idempotency-Key was used with another request; use a new key for a new request."));

export const idempotencyKeyInUse = () =>
  respond(plumbingProblem("idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; retry it in a moment to get its answer."), {
    "Retry-After": "1",
  });

export const rateLimited = (retryAfterSeconds: number) =>
  respond(plumbingProblem("rate_limited", `Too many requests for this API key; retry after ${retryAfterSeconds} seconds.`, { values: { retryAfterSeconds } }), {
    "Retry-After": String(retryAfterSeconds),
  });

/** Whatever went wrong unexpectedly: one generic answer, no detail of the cause. */
export const internalError = () => respond(plumbingProblem("internal", "Something went wrong on our side. Retry later; with an Idempotency-Key a retry is safe."));
