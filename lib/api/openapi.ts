/**
 * The OpenAPI 3.1 document of /api/v1 (docs/api.md), built from the same zod
 * schemas that validate the requests (lib/api/spec.ts): one list of endpoints
 * in, one JSON document out. Served at /api/v1/openapi.json, read by the
 * reference page /api/docs, turned into the typed client's types
 * (`npm run api:types`) and used by the contract check (test/api-contract.ts).
 *
 * Schemas come from zod 4's own `z.toJSONSchema` (draft 2020-12, which is
 * OpenAPI 3.1's dialect): requests in its "input" form, responses in its
 * "output" form. A schema given an id with `.meta({ id })` becomes a shared
 * component; so does every request body and success body. Pure and
 * deterministic: the same endpoints give the same document, key for key.
 */
import { z } from "zod";
import type { FailureCode } from "@/lib/failures";
import { apiStatusOf } from "./status";
import type { EndpointSpec } from "./spec";

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers?: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string }>;
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    parameters: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
  };
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  "x-scopes": string[];
  parameters?: JsonSchema[];
  requestBody?: { required: true; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, ResponseObject>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, JsonSchema>;
  content: Record<string, { schema: JsonSchema }>;
}

export const API_TITLE = "Voucher Billing API";
export const API_VERSION = "1";
const SECURITY_SCHEME = "apiKey";
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * The problem body every refusal has (RFC 9457, lib/api/problem.ts). Loose:
 * RFC 9457 lets a problem carry extension members (a failed payment's order
 * id, a quote's changes), so a client must ignore what it does not know.
 */
export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: "A URI naming the failure; one per `code`, stable: branch on it or on `code`." }),
    title: z.string().meta({ description: "A short English summary of the failure type." }),
    status: z.number().int().meta({ description: "The HTTP status, repeated." }),
    detail: z.string().meta({ description: "An English sentence about this occurrence." }),
    code: z.string().meta({ description: "The failure code (`not_found`, `invalid_input`, `payment_failed`, …)." }),
    reason: z.string().optional().meta({ description: "Which cause of the code, where a code has several." }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Per-field problems of a request that did not validate." }),
  })
  .meta({ description: "An RFC 9457 problem." });

/** Refusals every endpoint may answer with, whatever its own failures. */
const COMMON_PROBLEMS: Record<number, string> = {
  400: "The body is not valid UTF-8 JSON (`malformed_json`), or the Idempotency-Key is malformed (`invalid_idempotency_key`).",
  401: "No API key, or an unknown or revoked one (`unauthenticated`).",
  403: "The key lacks the scope this operation needs (`forbidden`).",
  404: "No such object, or one of another account: the two look the same (`not_found`).",
  409: "A request with this Idempotency-Key is still being processed (`idempotency_key_in_use`): retry after `Retry-After` seconds to get its answer.",
  413: "The body is larger than the limit.",
  415: "The body is not `application/json`.",
  422: "Unknown or invalid fields or parameters (`validation_failed`, with `errors` per field), a value the rules refuse (`invalid_input`), or an Idempotency-Key already used with another request (`idempotency_key_reused`).",
  500: "Something went wrong on the server (`internal`); with an Idempotency-Key, retrying is safe.",
  429: "Too many requests for this key: wait for `Retry-After` seconds (`rate_limited`).",
};

const STATUS_WORDS: Record<number, string> = { 402: "Payment failed", 409: "Conflict", 500: "Internal error" };

/** "/api/v1/orders/{orderId}" → "Orders": the first segment after the version names the group. */
export function tagOf(path: string): string {
  const segment = path.replace(/^\/api\/v\d+\//, "").split("/")[0] ?? "";
  const words = segment.split(/[-_]/).filter(Boolean);
  return words.length === 0 ? "General" : words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
}

const pascal = (id: string) => id[0]!.toUpperCase() + id.slice(1);

/** The components the document's schemas share, filled while the operations are built. */
class SchemaComponents {
  readonly schemas = new Map<string, JsonSchema>();
  private readonly texts = new Map<string, string>();

  /** Adds a schema under `name`, or under a free variant of it when that name holds another schema. Returns the name used. */
  add(name: string, schema: JsonSchema, io: "input" | "output"): string {
    const text = JSON.stringify(schema);
    for (let i = 0; ; i++) {
      const candidate = i === 0 ? name : i === 1 && io === "input" ? `${name}Input` : `${name}${i}`;
      const existing = this.texts.get(candidate);
      if (existing === undefined) {
        this.schemas.set(candidate, schema);
        this.texts.set(candidate, text);
        return candidate;
      }
      if (existing === text) return candidate;
    }
  }

  /**
   * The JSON Schema of a zod schema, its `$defs` moved into the components and
   * references pointed there; registered itself under `name` when given (its
   * own id wins), and then returned as a reference.
   */
  convert(schema: z.ZodType, io: "input" | "output", name?: string): JsonSchema {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", cycles: "ref", reused: "inline" }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    // Names first (from the schemas as written), then every reference rewritten once.
    const renamed = new Map<string, string>();
    for (const key of Object.keys(defs)) renamed.set(key, key);
    for (const [key, def] of Object.entries(defs)) renamed.set(key, this.add(key, rewriteRefs(def, renamed) as JsonSchema, io));
    for (const [key, def] of Object.entries(defs)) this.schemas.set(renamed.get(key)!, rewriteRefs(def, renamed) as JsonSchema);
    const root = rewriteRefs(json, renamed) as JsonSchema;
    if (root.$ref !== undefined && Object.keys(root).length === 1) return root;
    const ownId = z.globalRegistry.get(schema)?.id;
    const componentName = typeof ownId === "string" ? ownId : name;
    if (!componentName) return root;
    delete root.id;
    return { $ref: `#/components/schemas/${this.add(componentName, root, io)}` };
  }
}

/** A copy with every `#/$defs/X` reference pointing at the component X was renamed to. */
function rewriteRefs(value: unknown, renamed: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renamed));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string" && v.startsWith("#/$defs/")) {
      const def = decodeURIComponent(v.slice("#/$defs/".length));
      out[key] = `#/components/schemas/${renamed.get(def) ?? def}`;
    } else out[key] = rewriteRefs(v, renamed);
  }
  return out;
}

/** Path or query parameters from a strict zod object: one parameter per property. */
function parametersOf(object: z.ZodObject, location: "path" | "query", components: SchemaComponents): JsonSchema[] {
  const json = components.convert(object, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: location,
      required: location === "path" || required.has(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function problemResponse(status: number, codes: readonly string[]): ResponseObject {
  const own = codes.length > 0 ? `This operation's codes: ${codes.map((c) => `\`${c}\``).join(", ")}.` : "";
  return {
    description: [COMMON_PROBLEMS[status] ?? `${STATUS_WORDS[status] ?? "Refused"}.`, own].filter(Boolean).join(" "),
    ...(status === 429 ? { headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } },
  };
}

function operationOf(spec: EndpointSpec, components: SchemaComponents): OperationObject {
  const description = [spec.description, `Requires an API key with the \`${spec.scope}\` scope.`].filter(Boolean).join("\n\n");
  const parameters: JsonSchema[] = [
    ...(spec.params ? parametersOf(spec.params, "path", components) : []),
    ...(spec.query ? parametersOf(spec.query, "query", components) : []),
    ...(spec.method === "POST" ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
  ];
  const name = pascal(spec.operationId);
  const responses: Record<string, ResponseObject> = {
    [String(spec.successStatus)]: {
      description: spec.successStatus === 201 ? "Created." : "OK.",
      content: { "application/json": { schema: components.convert(spec.response, "output", `${name}Response`) } },
    },
  };
  const codesByStatus = new Map<number, string[]>();
  for (const status of Object.keys(COMMON_PROBLEMS)) codesByStatus.set(Number(status), []);
  for (const code of [...new Set<FailureCode>(spec.failures)].sort()) {
    const status = apiStatusOf(code);
    codesByStatus.set(status, [...(codesByStatus.get(status) ?? []), code]);
  }
  for (const status of [...codesByStatus.keys()].sort((a, b) => a - b)) responses[String(status)] = problemResponse(status, codesByStatus.get(status)!);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description,
    tags: [tagOf(spec.path)],
    security: [{ [SECURITY_SCHEME]: [spec.scope] }],
    "x-scopes": [spec.scope],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true as const, content: { "application/json": { schema: components.convert(spec.body, "input", `${name}Request`) } } } } : {}),
    responses,
  };
}

const sortedObject = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * The OpenAPI 3.1 document of these endpoints. Throws on two endpoints with one
 * operationId, or one method and path: the client and the routes need them unique.
 */
export function openApiDocument(endpoints: readonly EndpointSpec[], options: { serverUrl?: string } = {}): OpenApiDocument {
  const components = new SchemaComponents();
  components.add("Problem", components.convert(problemSchema, "output"), "output");
  const paths = new Map<string, Map<string, OperationObject>>();
  const ordered = [...endpoints].sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1));
  // Responses first: a shared schema keeps its own name in its output form, and its input form, where it differs, is `…Input`.
  for (const spec of ordered) components.convert(spec.response, "output", `${pascal(spec.operationId)}Response`);
  const seenIds = new Set<string>();
  for (const spec of ordered) {
    if (seenIds.has(spec.operationId)) throw new Error(`openApiDocument: operationId ${spec.operationId} is used twice`);
    seenIds.add(spec.operationId);
    const item = paths.get(spec.path) ?? new Map<string, OperationObject>();
    const method = spec.method.toLowerCase();
    if (item.has(method)) throw new Error(`openApiDocument: ${spec.method} ${spec.path} is declared twice`);
    item.set(method, operationOf(spec, components));
    paths.set(spec.path, item);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: API_TITLE,
      version: API_VERSION,
      description:
        "The billing API for the platform's own services: look up accounts and balances, quote and pay orders. " +
        "Authenticate with `Authorization: Bearer sk_live_…`; amounts are integers in minor units of `currency`; " +
        "errors are RFC 9457 `application/problem+json`. Guide: docs/api.md.",
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: [...new Set(ordered.map((e) => tagOf(e.path)))].sort().map((name) => ({ name })),
    paths: sortedObject([...paths].map(([path, item]) => [path, sortedObject(item)])),
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "sk_live_…",
          description: "An API key an admin created on /admin/api-keys, sent as `Authorization: Bearer sk_live_…`. Each key has scopes: `read`, `pay`, `charge`, `refund`.",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Optional, recommended: a unique key per intended effect (a UUID). The same key with the same body replays the first response for 24 hours; with another body it is refused (422). Scoped to the API key.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      headers: {
        RetryAfter: { description: "Seconds to wait before the next request.", schema: { type: "integer", minimum: 0 } },
      },
      schemas: sortedObject(components.schemas),
    },
  };
}
