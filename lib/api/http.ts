import "server-only";
/**
 * The /api/v1 plumbing (docs/api.md): one function turns an EndpointSpec and a
 * handler into a Next route handler. In order:
 * 1. authenticate: `Authorization: Bearer <secret>` → the API key (401 otherwise);
 * 2. the endpoint's scope (403);
 * 3. the key's rate limit in PostgreSQL (429 with Retry-After);
 * 4. path parameters (a segment that can't be an id is a 404), query and JSON
 *    body, each through the spec's strict zod object (413, 415, 400, 422);
 * 5. for a POST with an Idempotency-Key: a stored response of the same request
 *    is replayed, another request with the key is refused (422);
 * 6. the handler, whose answer (or expected refusal) is stored for the key and
 *    sent as JSON with the spec's status and `Cache-Control: no-store`.
 * An unexpected error is a generic 500, logged without the request's body.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db";
import { apiRateLimit } from "@/lib/config";
import { authenticateApiKey } from "@/lib/dal/api-keys";
import {
  apiIdempotencyScope,
  claimApiKey,
  dalRequestKey,
  isValidIdempotencyKey,
  recallApiResponse,
  requestHashOf,
  storeApiResponse,
  type StoredResponse,
} from "@/lib/dal/api-idempotency";
import { ApiScopeError } from "@/lib/dal/api/principal";
import { DalError } from "@/lib/dal/errors";
import { countAttemptIn } from "@/lib/dal/rate-limit";
import { pgCode } from "@/lib/dal/tx";
import type { Failure } from "@/lib/failures";
import {
  PROBLEM_CONTENT_TYPE,
  failureProblem,
  idempotencyKeyInUse,
  idempotencyKeyReused,
  internalError,
  invalidIdempotencyKey,
  malformedJson,
  methodNotAllowed,
  missingScope,
  notFound,
  payloadTooLarge,
  rateLimited,
  unauthenticated,
  unsupportedMediaType,
  validationFailed,
  type FieldError,
} from "./problem";
import type { ApiPrincipal, EndpointSpec } from "./spec";

/** The largest request body accepted, in bytes (checked on Content-Length and while reading). */
export const MAX_BODY_BYTES = 64 * 1024;

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface ApiCall<S extends EndpointSpec> {
  principal: ApiPrincipal;
  params: Parsed<S["params"]>;
  query: Parsed<S["query"]>;
  body: Parsed<S["body"]>;
  /**
   * For a POST: the request key to give the DAL verb, derived from the API key
   * and the Idempotency-Key (one effect per key), or a fresh one without a key.
   */
  requestKey: string;
  now: Date;
}

/** An answer other than the spec's success: a status, its body and content type. */
export class ApiReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: string = "application/json",
  ) {}
}

/** A failure the handler answers with (e.g. a failed payment's 402), as a problem. */
export function failureReply(failure: Failure): ApiReply {
  const problem = failureProblem(failure);
  return new ApiReply(problem.status, problem, PROBLEM_CONTENT_TYPE);
}

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function send(stored: StoredResponse, replayed: boolean): Response {
  const headers: Record<string, string> = { "Content-Type": stored.contentType, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  if (replayed) headers["Idempotent-Replayed"] = "true";
  return new Response(JSON.stringify(stored.body), { status: stored.status, headers });
}

/** zod issues as per-field errors: `items.0.quantity`, or `(body)` for the whole value. */
function fieldErrors(error: z.ZodError, prefix = ""): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = issue.code === "unrecognized_keys" ? issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(", ") : path;
    const message = issue.code === "unrecognized_keys" ? "Unknown field." : issue.message;
    return { field: `${prefix}${field}` || "(body)", message };
  });
}

function bearerSecret(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer ([\x21-\x7e]{1,512})$/i.exec(header.trim()) : null;
  return match ? match[1]! : null;
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const [type, ...params] = value.split(";").map((s) => s.trim().toLowerCase());
  if (type !== "application/json") return false;
  // A charset other than UTF-8 is a body we would misread.
  return params.every((p) => !p.startsWith("charset=") || p === "charset=utf-8" || p === 'charset="utf-8"');
}

type BodyRead = { ok: true; text: string } | { ok: false; response: Response };

/** The body as UTF-8 text, refusing it past MAX_BODY_BYTES whatever Content-Length said. */
async function readBody(request: Request): Promise<BodyRead> {
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > MAX_BODY_BYTES)) {
    return { ok: false, response: payloadTooLarge(MAX_BODY_BYTES) };
  }
  if (!isJsonContentType(request.headers.get("content-type"))) return { ok: false, response: unsupportedMediaType() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        return { ok: false, response: payloadTooLarge(MAX_BODY_BYTES) };
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, response: malformedJson() };
  }
}

/** The query as an object of strings; a name given twice is refused (no guessing which one counts). */
function queryObject(url: URL): { ok: true; value: Record<string, string> } | { ok: false; response: Response } {
  // No prototype: a parameter named __proto__ is a field like any other (and refused as unknown).
  const value: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of url.searchParams) {
    if (Object.hasOwn(value, k)) return { ok: false, response: validationFailed([{ field: k, message: "Given more than once." }]) };
    value[k] = v;
  }
  return { ok: true, value };
}

function unexpected(spec: EndpointSpec, error: unknown): Response {
  // Never the message: a driver's error can quote the query's parameters, i.e. the request.
  const name = error instanceof Error ? error.name : typeof error;
  console.error(`api ${spec.operationId}: unexpected ${name}${pgCode(error) ? ` (SQLSTATE ${pgCode(error)})` : ""}`);
  return internalError();
}

/**
 * 405 problems for the methods a route file does not answer (Next's own 405 has
 * no body): `export const { POST, PUT, PATCH, DELETE } = otherMethods(spec)`,
 * naming the methods it does answer in `Allow`.
 */
export function otherMethods(...specs: EndpointSpec[]) {
  const allowed = specs.map((s) => s.method);
  const refuse = async (): Promise<Response> => methodNotAllowed(allowed);
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}

/**
 * A Next route handler for `spec`: `export const GET = apiRoute(spec, handler)`.
 * The handler returns the success body (sent with `spec.successStatus`) or an
 * ApiReply, and may throw a DalError (a problem) or ApiScopeError (403).
 */
export function apiRoute<S extends EndpointSpec>(spec: S, handler: (call: ApiCall<S>) => Promise<unknown>) {
  return async function route(request: Request, context: RouteContext): Promise<Response> {
    const now = new Date();
    try {
      // Next answers HEAD with the GET handler.
      if (request.method !== spec.method && !(spec.method === "GET" && request.method === "HEAD")) return methodNotAllowed([spec.method]);

      // 1-3: who, may they, how often.
      const secret = bearerSecret(request);
      const principal = secret === null ? null : await authenticateApiKey(secret, now);
      if (!principal) return unauthenticated();
      if (!principal.scopes.includes(spec.scope)) return missingScope(spec.scope);
      const verdict = await countAttemptIn(await getDb(), `api:${principal.publicId}`, apiRateLimit(), now);
      if (verdict.limited) return rateLimited(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)));

      // 4: the request, through the spec's strict schemas.
      let params: unknown = undefined;
      if (spec.params) {
        const parsed = spec.params.safeParse((await context?.params) ?? {});
        // A path segment that can't be an id of its kind names nothing: 404, as for an unknown id.
        if (!parsed.success) return notFound();
        params = parsed.data;
      }
      const url = new URL(request.url);
      const rawQuery = queryObject(url);
      if (!rawQuery.ok) return rawQuery.response;
      let query: unknown = undefined;
      if (spec.query) {
        const parsed = spec.query.safeParse(rawQuery.value);
        if (!parsed.success) return validationFailed(fieldErrors(parsed.error));
        query = parsed.data;
      } else if (Object.keys(rawQuery.value).length > 0) {
        return validationFailed(Object.keys(rawQuery.value).map((field) => ({ field, message: "Unknown query parameter." })));
      }
      let rawBody: unknown = undefined;
      let body: unknown = undefined;
      if (spec.method === "POST") {
        const read = await readBody(request);
        if (!read.ok) return read.response;
        try {
          rawBody = JSON.parse(read.text);
        } catch {
          return malformedJson();
        }
        if (spec.body) {
          const parsed = spec.body.safeParse(rawBody);
          if (!parsed.success) return validationFailed(fieldErrors(parsed.error));
          body = parsed.data;
        }
      }

      // 5: Idempotency-Key (POST only).
      const idempotencyKey = spec.method === "POST" ? request.headers.get("idempotency-key") : null;
      let idempotency: { scope: string; key: string; hash: string } | null = null;
      let claimedAt: Date | null = null;
      if (idempotencyKey !== null) {
        if (!isValidIdempotencyKey(idempotencyKey)) return invalidIdempotencyKey();
        idempotency = { scope: apiIdempotencyScope(principal.publicId), key: idempotencyKey, hash: requestHashOf(spec.method, url.pathname + url.search, rawBody) };
        const recalled = await recallApiResponse(idempotency.scope, idempotency.key, idempotency.hash, now);
        if (recalled.kind === "mismatch") return idempotencyKeyReused();
        if (recalled.kind === "replay") return send(recalled.response, true);
        const claim = await claimApiKey(idempotency.scope, idempotency.key, idempotency.hash, now);
        if (claim.kind === "mismatch") return idempotencyKeyReused();
        if (claim.kind === "in_progress") return idempotencyKeyInUse();
        claimedAt = claim.claimedAt;
      }
      const requestKey = idempotencyKey !== null && claimedAt ? dalRequestKey(principal.apiKeyId, idempotencyKey, claimedAt) : randomUUID();

      // 6: the effect, then its answer (stored first when there is a key).
      let answer: StoredResponse;
      try {
        const result = await handler({ principal, params, query, body, requestKey, now } as ApiCall<S>);
        answer = result instanceof ApiReply ? { status: result.status, body: result.body, contentType: result.contentType } : { status: spec.successStatus, body: result, contentType: "application/json" };
      } catch (error) {
        if (error instanceof ApiScopeError) return missingScope(error.scope);
        if (!(error instanceof DalError)) throw error;
        const problem = failureProblem(error.failure);
        answer = { status: problem.status, body: problem, contentType: PROBLEM_CONTENT_TYPE };
      }
      if (!idempotency) return send(answer, false);
      const stored = await storeApiResponse(idempotency.scope, idempotency.key, idempotency.hash, answer, now);
      if (stored.kind === "mismatch") return idempotencyKeyReused();
      return send(stored.response, stored.replayed);
    } catch (error) {
      return unexpected(spec, error);
    }
  };
}
