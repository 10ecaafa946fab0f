import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { FIXTURE_ENDPOINTS } from "@/lib/api/openapi.fixture";
import { createBillingClient } from "@/lib/api/client";
import { checkResponse, contractCheck, ContractError } from "../api-contract";

const doc = openApiDocument(FIXTURE_ENDPOINTS);
const JSON_TYPE = "application/json; charset=utf-8";
const order = { id: "ord_3k9w2m7q4x8z1c5v", status: "paid", amount: 1200, currency: "CNY", createdAt: "2026-12-01T08:00:00.000Z" };
const problem = { type: "https://billing.example.com/problems/not_found", title: "Not found", status: 404, detail: "No such order.", code: "not_found", reason: "order" };

describe("checkResponse", () => {
  it("passes a body the document describes, success and problem", () => {
    expect(() => checkResponse(doc, "getOrder", 200, JSON_TYPE, order)).not.toThrow();
    expect(() => checkResponse(doc, "createOrder", 201, "application/json", order)).not.toThrow();
    expect(() => checkResponse(doc, "getOrder", 404, "application/problem+json", problem)).not.toThrow();
    // Problems may carry extension members (RFC 9457).
    expect(() => checkResponse(doc, "createOrder", 402, "application/problem+json", { ...problem, status: 402, code: "payment_failed", orderPublicId: "ord_1" })).not.toThrow();
  });

  it("fails a field of the wrong type, naming it", () => {
    expect(() => checkResponse(doc, "getOrder", 200, JSON_TYPE, { ...order, amount: "12.00" })).toThrow(/\/amount must be integer/);
  });

  it("fails a missing required field, a value outside its enum, a bad date-time and an undocumented field", () => {
    const { currency: _, ...noCurrency } = order;
    expect(() => checkResponse(doc, "getOrder", 200, JSON_TYPE, noCurrency)).toThrow(/must have required property 'currency'/);
    expect(() => checkResponse(doc, "getOrder", 200, JSON_TYPE, { ...order, status: "lost" })).toThrow(/\/status must be equal to one of the allowed values/);
    expect(() => checkResponse(doc, "getOrder", 200, JSON_TYPE, { ...order, createdAt: "yesterday" })).toThrow(/\/createdAt must match format "date-time"/);
    expect(() => checkResponse(doc, "getOrder", 200, JSON_TYPE, { ...order, secret: 1 })).toThrow(/must NOT have additional properties/);
    expect(() => checkResponse(doc, "getOrder", 404, "application/problem+json", { ...problem, code: undefined })).toThrow(ContractError);
  });

  it("fails an undocumented status, a wrong content type and an unknown operation", () => {
    expect(() => checkResponse(doc, "getOrder", 418, "application/problem+json", problem)).toThrow(/getOrder \(GET \/api\/v1\/orders\/\{orderId\}\) answered 418: the document lists no such status/);
    expect(() => checkResponse(doc, "getOrder", 201, JSON_TYPE, order)).toThrow(/no such status/);
    expect(() => checkResponse(doc, "getOrder", 404, JSON_TYPE, problem)).toThrow(/the document says application\/problem\+json/);
    expect(() => checkResponse(doc, "getOrder", 200, "text/html", order)).toThrow(ContractError);
    expect(() => checkResponse(doc, "noSuchOperation", 200, JSON_TYPE, order)).toThrow(/no operation noSuchOperation/);
  });
});

describe("contractCheck (openapi-fetch middleware)", () => {
  const clientAnswering = (status: number, contentType: string, body: string) => {
    const api = createBillingClient({ baseUrl: "https://billing.example.com", apiKey: "sk_live_test", fetch: async () => new Response(body, { status, headers: { "Content-Type": contentType } }) });
    api.use(contractCheck(doc));
    return api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId: order.id } } });
  };

  it("lets a documented response through to the caller", async () => {
    expect((await clientAnswering(200, JSON_TYPE, JSON.stringify(order))).data).toEqual(order);
    expect((await clientAnswering(404, "application/problem+json", JSON.stringify(problem))).error).toEqual(problem);
  });

  it("fails the call on a response the document does not describe", async () => {
    await expect(clientAnswering(200, JSON_TYPE, JSON.stringify({ ...order, amount: -1 }))).rejects.toThrow(/\/amount must be >= 0/);
    await expect(clientAnswering(418, "text/plain", "I am a teapot")).rejects.toThrow(/answered 418: the document lists no such status/);
    await expect(clientAnswering(200, JSON_TYPE, "{not json")).rejects.toThrow(/not JSON/);
  });
});
