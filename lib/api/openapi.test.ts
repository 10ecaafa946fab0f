import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { z } from "zod";
import { openApiDocument, tagOf, type JsonSchema, type OperationObject } from "./openapi";
import { FIXTURE_ENDPOINTS } from "./openapi.fixture";
import { API_ENDPOINTS } from "./openapi-source";
import type { EndpointSpec } from "./spec";

const doc = openApiDocument(FIXTURE_ENDPOINTS, { serverUrl: "https://billing.example.com" });
const op = (path: string, method: "get" | "post"): OperationObject => doc.paths[path]![method]!;

describe("openApiDocument", () => {
  it("is an OpenAPI 3.1 document with the API's info, the bearer scheme and the server asked for", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "Voucher Billing API", version: "1" });
    expect(doc.servers).toEqual([{ url: "https://billing.example.com" }]);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(openApiDocument(FIXTURE_ENDPOINTS).servers).toBeUndefined();
  });

  it("is deterministic and independent of the endpoints' order", () => {
    const again = JSON.stringify(openApiDocument([...FIXTURE_ENDPOINTS].reverse(), { serverUrl: "https://billing.example.com" }));
    expect(again).toBe(JSON.stringify(doc));
    expect(Object.keys(doc.paths)).toEqual([...Object.keys(doc.paths)].sort());
    expect(Object.keys(doc.components.schemas)).toEqual([...Object.keys(doc.components.schemas)].sort());
  });

  it("describes each operation: id, summary, tag, scope in words and as x-scopes and in its security", () => {
    const order = op("/api/v1/orders", "post");
    expect(order).toMatchObject({ operationId: "createOrder", summary: "Create an order and pay it", tags: ["Orders"], "x-scopes": ["pay"], security: [{ apiKey: ["pay"] }] });
    expect(order.description).toContain("`pay` scope");
    expect(order.description).toContain("must still hold");
    expect(doc.tags.map((t) => t.name)).toEqual(["Accounts", "Orders", "Quotes"]);
  });

  it("puts path and query parameters from the zod objects, and Idempotency-Key on POSTs only", () => {
    expect(op("/api/v1/orders/{orderId}", "get").parameters).toEqual([
      expect.objectContaining({ name: "orderId", in: "path", required: true, description: "An order's public id.", schema: expect.objectContaining({ type: "string" }) }),
    ]);
    expect(op("/api/v1/accounts", "get").parameters).toEqual([expect.objectContaining({ name: "external_ref", in: "query", required: true })]);
    expect(op("/api/v1/orders", "post").parameters).toEqual([{ $ref: "#/components/parameters/IdempotencyKey" }]);
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header", required: false });
    for (const item of Object.values(doc.paths)) if (item.get) expect(JSON.stringify(item.get.parameters ?? [])).not.toContain("IdempotencyKey");
  });

  it("describes the request body as input (strict) and the success body as output, as shared components", () => {
    const post = op("/api/v1/orders", "post");
    expect(post.requestBody?.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/CreateOrderRequest" });
    const body = doc.components.schemas.CreateOrderRequest!;
    expect(body).toMatchObject({ type: "object", additionalProperties: false, required: ["accountId", "items"] });
    expect(post.responses["201"]!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/CreateOrderResponse" });
    // A schema with an id is one component, referenced wherever it is used.
    expect(op("/api/v1/accounts/{accountId}", "get").responses["200"]!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/FixtureAccount" });
    expect(op("/api/v1/accounts", "get").responses["200"]!.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/FixtureAccount" });
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });

  it("answers problems as application/problem+json: the common statuses and the endpoint's failures by the API's status table", () => {
    const order = op("/api/v1/orders", "post");
    expect(Object.keys(order.responses)).toEqual(["201", "400", "401", "402", "403", "404", "409", "413", "415", "422", "429", "500"]);
    expect(order.responses["402"]!.description).toContain("`payment_failed`");
    expect(order.responses["402"]!.content).toEqual({ "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } });
    expect(order.responses["429"]!.headers).toEqual({ "Retry-After": { $ref: "#/components/headers/RetryAfter" } });
    expect(Object.keys(op("/api/v1/orders/{orderId}", "get").responses)).toEqual(["200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "500"]);
    const problem = doc.components.schemas.Problem as JsonSchema;
    expect(problem.required).toEqual(["type", "title", "status", "detail", "code"]);
  });

  it("refuses an operationId or a method and path used twice", () => {
    const one = FIXTURE_ENDPOINTS[0]!;
    expect(() => openApiDocument([one, { ...one, path: "/api/v1/other" }])).toThrow(/used twice/);
    expect(() => openApiDocument([one, { ...one, operationId: "other" }])).toThrow(/declared twice/);
  });

  it("keeps two different schemas that share an id apart", () => {
    const a = z.object({ x: z.string() }).meta({ id: "Thing" });
    const b = z.object({ y: z.number() }).meta({ id: "Thing" });
    const base: EndpointSpec = { operationId: "a", method: "GET", path: "/api/v1/a", scope: "read", summary: "A", response: a, successStatus: 200, failures: [] };
    const two = openApiDocument([base, { ...base, operationId: "b", path: "/api/v1/b", response: b }]);
    expect(Object.keys(two.components.schemas).filter((k) => k.startsWith("Thing"))).toHaveLength(2);
  });

  it("names the tag after the first segment past the version", () => {
    expect(tagOf("/api/v1/orders/{orderId}")).toBe("Orders");
    expect(tagOf("/api/v1/usage-records")).toBe("Usage Records");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the document of the API's endpoints, publicly cacheable for five minutes", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument(API_ENDPOINTS))));
  });
});
