/**
 * The contract check (docs/api.md): does a response the API tests received
 * match what the OpenAPI document says of that operation and status? A real
 * JSON Schema 2020-12 validator (ajv) on the document's own schemas, so the
 * document cannot drift from the routes. Throws an error that names the
 * operation, the status and each mismatch with its JSON pointer.
 *
 * API tests check every response they receive by adding the middleware to
 * their typed client: `api.use(contractCheck(document))`.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { Middleware } from "openapi-fetch";
import type { OpenApiDocument, ResponseObject } from "@/lib/api/openapi";

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

export class ContractError extends Error {
  override name = "ContractError";
}

interface Compiled {
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction>;
}

const DOCUMENT_ID = "https://contract.invalid/openapi.json";
const compiled = new WeakMap<object, Compiled>();

function compiledFor(document: OpenApiDocument): Compiled {
  let entry = compiled.get(document);
  if (!entry) {
    // Not strict: the document is not itself a JSON Schema (openapi, paths, …), and OpenAPI adds `example`.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    entry = { ajv, validators: new Map() };
    compiled.set(document, entry);
  }
  return entry;
}

const pointerPart = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

/** The media type without its parameters, lower-cased ("application/json; charset=utf-8" → "application/json"). */
const mediaType = (contentType: string | null) => (contentType ?? "").split(";")[0]!.trim().toLowerCase();

function findOperation(document: OpenApiDocument, operationId: string): { path: string; method: string; responses: Record<string, ResponseObject> } {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId === operationId) return { path, method, responses: operation.responses };
    }
  }
  throw new ContractError(`The document has no operation ${operationId}.`);
}

/**
 * Throws unless `body`, received with `status` and `contentType` from
 * `operationId`, is a response the document describes. A body of JSON is
 * passed parsed; for a response without content, pass `undefined`.
 */
export function checkResponse(document: OpenApiDocument, operationId: string, status: number, contentType: string | null, body: unknown): void {
  const { path, method, responses } = findOperation(document, operationId);
  const where = `${operationId} (${method.toUpperCase()} ${path}) answered ${status}`;
  const statusKey = [String(status), `${String(status)[0]}XX`, "default"].find((k) => Object.hasOwn(responses, k));
  if (!statusKey) throw new ContractError(`${where}: the document lists no such status (it lists ${Object.keys(responses).join(", ")}).`);
  const content = responses[statusKey]!.content ?? {};
  const type = mediaType(contentType);
  if (!Object.hasOwn(content, type)) {
    throw new ContractError(`${where} with Content-Type ${JSON.stringify(contentType)}: the document says ${Object.keys(content).join(" or ") || "no body"}.`);
  }
  const pointer = ["paths", path, method, "responses", statusKey, "content", type, "schema"].map(pointerPart).join("/");
  const { ajv, validators } = compiledFor(document);
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` });
    validators.set(pointer, validate);
  }
  if (!validate(body)) {
    const problems = (validate.errors ?? []).map((e) => `  ${e.instancePath || "(body)"} ${e.message ?? "is invalid"}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`);
    throw new ContractError(`${where}: the body does not match the document:\n${problems.join("\n")}\nbody: ${JSON.stringify(body)?.slice(0, 500)}`);
  }
}

/**
 * An openapi-fetch middleware that runs checkResponse on every response the
 * client receives: the call fails with a ContractError when the response is
 * not one the document describes.
 */
export function contractCheck(document: OpenApiDocument): Middleware {
  return {
    async onResponse({ request, schemaPath, response }) {
      const operation = document.paths[schemaPath]?.[request.method.toLowerCase()];
      if (!operation) throw new ContractError(`The document has no operation ${request.method} ${schemaPath}.`);
      const contentType = response.headers.get("content-type");
      const text = await response.clone().text();
      let body: unknown = text === "" ? undefined : text;
      if (text !== "" && /json/i.test(mediaType(contentType))) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new ContractError(`${operation.operationId} answered ${response.status} with Content-Type ${contentType} and a body that is not JSON: ${text.slice(0, 200)}`);
        }
      }
      checkResponse(document, operation.operationId, response.status, contentType, body);
      return undefined;
    },
  };
}
