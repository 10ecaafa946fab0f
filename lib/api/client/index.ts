/**
 * The typed client of /api/v1 (docs/api.md): openapi-fetch over the types
 * `npm run api:types` generates from the OpenAPI document (./schema.d.ts), so a
 * call with a wrong path, parameter or body does not compile. The API tests,
 * the bench and the docs' examples use it.
 *
 *   const api = createBillingClient({ baseUrl: "https://billing.example.com", apiKey: process.env.BILLING_API_KEY! });
 *   const { data, error, response } = await api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId } } });
 */
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type BillingClient = Client<paths>;
/** An RFC 9457 problem, as every refusal of the API is. */
export type Problem = components["schemas"]["Problem"];

export interface BillingClientOptions {
  /** The console's origin, e.g. "https://billing.example.com" (paths start with /api/v1). */
  baseUrl: string;
  /** An `sk_live_…` key; sent as `Authorization: Bearer`. */
  apiKey: string;
  /** Another fetch (tests, a proxy agent); the global one otherwise. */
  fetch?: typeof globalThis.fetch;
}

export function createBillingClient({ baseUrl, apiKey, fetch }: BillingClientOptions): BillingClient {
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${apiKey}` },
    ...(fetch ? { fetch } : {}),
  });
}
