/**
 * Small stand-in endpoints for the tests of the OpenAPI document, the typed
 * client and the contract check (lib/api/openapi.test.ts,
 * lib/api/client/schema.test.ts, test/unit/api-contract.test.ts). They are
 * shaped like the first slice of lib/api/endpoints.ts (account, balances,
 * quote, create-and-pay, get order) but are not it: the document the app serves
 * comes from lib/api/openapi-source.ts.
 */
import { z } from "zod";
import type { EndpointSpec } from "./spec";

const accountId = z.string().regex(/^acc_[0-9a-z]{1,40}$/).meta({ description: "An account's public id.", example: "acc_7k2m9q4w8x1z3c5v" });
const orderId = z.string().regex(/^ord_[0-9a-z]{1,40}$/).meta({ description: "An order's public id.", example: "ord_3k9w2m7q4x8z1c5v" });
const currency = z.string().regex(/^[A-Z]{3}$/).meta({ description: "ISO 4217 code of the platform currency.", example: "CNY" });
const minor = z.number().int().min(0).meta({ description: "An amount in minor units of `currency` (fen for CNY)." });

const account = z
  .object({
    id: accountId,
    name: z.string(),
    externalRef: z.string().nullable(),
    currency,
  })
  .meta({ id: "FixtureAccount" });

const plan = z
  .object({
    amount: minor,
    discount: z.string().nullable(),
    vouchers: z.array(z.object({ id: z.string(), amount: minor })),
    cash: minor,
  })
  .meta({ id: "FixturePlan" });

const order = z.object({
  id: orderId,
  status: z.enum(["pending", "paid", "failed"]),
  amount: minor,
  currency,
  createdAt: z.iso.datetime(),
});

export const FIXTURE_ENDPOINTS: readonly EndpointSpec[] = [
  {
    operationId: "getAccount",
    method: "GET",
    path: "/api/v1/accounts/{accountId}",
    scope: "read",
    summary: "Look up an account",
    description: "The account with this public id.",
    params: z.strictObject({ accountId }),
    response: account,
    successStatus: 200,
    failures: ["not_found"],
  },
  {
    operationId: "findAccount",
    method: "GET",
    path: "/api/v1/accounts",
    scope: "read",
    summary: "Find an account by its external reference",
    query: z.strictObject({ external_ref: z.string().min(1).max(128) }),
    response: account,
    successStatus: 200,
    failures: ["not_found", "invalid_input"],
  },
  {
    operationId: "getBalances",
    method: "GET",
    path: "/api/v1/accounts/{accountId}/balances",
    scope: "read",
    summary: "An account's balances",
    params: z.strictObject({ accountId }),
    response: z.object({ currency, cash: minor, arrears: minor, byKind: z.record(z.enum(["cash", "discount", "compute"]), minor) }),
    successStatus: 200,
    failures: ["not_found"],
  },
  {
    operationId: "createQuote",
    method: "POST",
    path: "/api/v1/quotes",
    scope: "read",
    summary: "Quote an order",
    body: z.strictObject({ accountId, items: z.array(z.strictObject({ productId: z.string(), quantity: z.number().int().min(1) })).min(1) }),
    response: z.object({ currency, plan }),
    successStatus: 200,
    failures: ["not_found", "invalid_input"],
  },
  {
    operationId: "createOrder",
    method: "POST",
    path: "/api/v1/orders",
    scope: "pay",
    summary: "Create an order and pay it",
    description: "Pays with the automatic plan, or with the plan a quote returned, which must still hold.",
    body: z.strictObject({ accountId, items: z.array(z.strictObject({ productId: z.string(), quantity: z.number().int().min(1) })).min(1), plan: plan.optional() }),
    response: order,
    successStatus: 201,
    failures: ["not_found", "invalid_input", "payment_failed", "conflict"],
  },
  {
    operationId: "getOrder",
    method: "GET",
    path: "/api/v1/orders/{orderId}",
    scope: "read",
    summary: "Get an order",
    params: z.strictObject({ orderId }),
    response: order,
    successStatus: 200,
    failures: ["not_found"],
  },
];
