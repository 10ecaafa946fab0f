/**
 * What the /api/v1 tests share: the route handlers served in this process (no
 * server), a request helper that checks every answer against the OpenAPI
 * document, and keys inserted with their keyed hash as the admin page stores them.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys, billingAccounts, products, users } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { authSecret } from "@/lib/config";
import type { ApiScope } from "@/lib/api/spec";
import * as accountsRoute from "@/app/api/v1/accounts/route";
import * as accountRoute from "@/app/api/v1/accounts/[accountId]/route";
import * as balancesRoute from "@/app/api/v1/accounts/[accountId]/balances/route";
import * as vouchersRoute from "@/app/api/v1/accounts/[accountId]/vouchers/route";
import * as usageRoute from "@/app/api/v1/accounts/[accountId]/usage/route";
import * as quotesRoute from "@/app/api/v1/quotes/route";
import * as ordersRoute from "@/app/api/v1/orders/route";
import * as orderRoute from "@/app/api/v1/orders/[orderId]/route";
import * as refundsRoute from "@/app/api/v1/orders/[orderId]/refunds/route";
import * as chargesRoute from "@/app/api/v1/accounts/[accountId]/charges/route";
import * as topUpsRoute from "@/app/api/v1/accounts/[accountId]/top-ups/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import { apiSecretHash, newApiKeyPublicId, newApiSecret } from "@/lib/api/keys";
import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { checkResponse } from "./api-contract";

/** The document /api/v1/openapi.json serves: every response the API tests receive is checked against it. */
export const DOCUMENT = openApiDocument(ENDPOINTS);

export type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The route module of each path template of the document. */
const ROUTES: Array<{ module: Record<string, unknown>; template: string }> = [
  { module: accountsRoute, template: "/api/v1/accounts" },
  { module: accountRoute, template: "/api/v1/accounts/{accountId}" },
  { module: balancesRoute, template: "/api/v1/accounts/{accountId}/balances" },
  { module: vouchersRoute, template: "/api/v1/accounts/{accountId}/vouchers" },
  { module: usageRoute, template: "/api/v1/accounts/{accountId}/usage" },
  { module: quotesRoute, template: "/api/v1/quotes" },
  { module: ordersRoute, template: "/api/v1/orders" },
  { module: orderRoute, template: "/api/v1/orders/{orderId}" },
  { module: refundsRoute, template: "/api/v1/orders/{orderId}/refunds" },
  { module: chargesRoute, template: "/api/v1/accounts/{accountId}/charges" },
  { module: topUpsRoute, template: "/api/v1/accounts/{accountId}/top-ups" },
  { module: eventsRoute, template: "/api/v1/events" },
];

/** The handler, operation and path parameters of a request, by its method and path; null for a path the API does not have. */
export function routeOf(method: string, pathname: string) {
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = new RegExp(`^${route.template.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
    const match = pattern.exec(pathname);
    if (!match) continue;
    const operation = ENDPOINTS.find((e) => e.path === route.template && e.method === method);
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
    return { handler: route.module[method] as Handler | undefined, operationId: operation?.operationId ?? null, params };
  }
  return null;
}

/** A fetch that serves /api/v1 from the route handlers in this process: what the typed client is given in tests. */
export const inProcessFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const route = routeOf(request.method, new URL(request.url).pathname);
  if (!route?.handler) return new Response(null, { status: 404 });
  return route.handler(request, { params: Promise.resolve(route.params) });
};

export interface ApiWorld {
  alice: { id: number; publicId: string; externalRef: string | null };
  bob: { id: number; publicId: string; externalRef: string | null };
  /** The Muxi package: what a GPU service sells, paid by alice's computing power voucher. */
  muxi: { id: number; publicId: string; unitPrice: number };
}

/** Seeds the demo data around `now` and names what the API tests use of it. */
export async function seedApiWorld(db: Db, now: Date): Promise<ApiWorld> {
  await seedDemoData(db, now);
  const accounts = await db.select().from(billingAccounts);
  const account = (prefix: string) => {
    const a = accounts.find((x) => x.name.startsWith(prefix))!;
    return { id: a.id, publicId: a.publicId, externalRef: a.externalRef };
  };
  const [m] = await db.select().from(products).where(eq(products.name, "Muxi - Model Resource Package"));
  return { alice: account("Alice"), bob: account("Bob"), muxi: { id: m!.id, publicId: m!.publicId, unitPrice: m!.unitPrice } };
}

/** Stores a key as the admin page would (keyed hash, last 4), created by the demo admin; returns its id and secret. */
export async function insertApiKey(db: Db, name: string, scopes: ApiScope[], now: Date, revoked = false): Promise<{ id: number; secret: string }> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_USERS.admin));
  const secret = newApiSecret();
  const [row] = await db
    .insert(apiKeys)
    .values({
      publicId: newApiKeyPublicId(),
      name,
      scopes,
      secretHash: await apiSecretHash(secret, authSecret()),
      last4: secret.slice(-4),
      createdBy: admin!.id,
      createdAt: now,
      revokedAt: revoked ? now : null,
      revokedBy: revoked ? admin!.id : null,
    })
    .returning({ id: apiKeys.id });
  return { id: row!.id, secret };
}

export interface Call {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** The bearer secret; null sends no Authorization header. */
  secret: string | null;
  authorization?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

/**
 * Sends one request to the route handler its method and path name (or to
 * `handler`, to reach a method the route does not export) and reads the
 * answer, which must be one the document describes for that operation.
 */
export async function callApi(c: Call, handler?: Handler) {
  const headers: Record<string, string> = { ...c.headers };
  if (c.authorization !== undefined) headers.Authorization = c.authorization;
  else if (c.secret !== null) headers.Authorization = `Bearer ${c.secret}`;
  if (c.idempotencyKey !== undefined) headers["Idempotency-Key"] = c.idempotencyKey;
  let body: BodyInit | undefined = c.rawBody;
  if (body === undefined && c.body !== undefined) {
    body = JSON.stringify(c.body);
    headers["Content-Type"] ??= "application/json";
  }
  const method = c.method ?? "GET";
  const url = new URL(`http://localhost${c.path}`);
  const route = routeOf(method, url.pathname);
  const target = handler ?? route?.handler;
  if (!target) throw new Error(`no route handler for ${method} ${url.pathname}`);
  // A stream body needs `duplex` (Node's fetch); RequestInit's type does not name it yet.
  const request = new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
  const response = await target(request, { params: Promise.resolve(route?.params ?? {}) });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  // The contract: every answer of a documented operation is one the document describes.
  if (route?.operationId) checkResponse(DOCUMENT, route.operationId, response.status, response.headers.get("content-type"), json ?? undefined);
  return { status: response.status, headers: response.headers, text, json };
}
