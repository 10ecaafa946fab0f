/**
 * The authorization matrix (R6): for every server action, route handler and
 * page, what each caller is expected to get. The suites enumerate the actions
 * from the build's manifest and the routes and pages from app/, and fail when
 * one has no row here, so a new action cannot ship unlisted.
 *
 * Adding an admin action: one line, `myNewAction: adminOnly("what it does")`.
 * Adding an admin page: `"/admin/things": adminOnlyPage()`. Then run
 * `npm run docs:security-matrix` to rewrite the table in docs/security.md.
 *
 * Outcomes (docs/security.md defines them for actions, routes and pages):
 * - `allow`: the caller's authorization let the call through. For an action,
 *   any typed result other than the three refusals below (ok, invalid_input,
 *   payment_failed, format, rate_limited, ... or an action's own redirect);
 *   for a route or page, a 2xx.
 * - `deny-unauthenticated`: action result `unauthenticated`; HTTP 401; a
 *   redirect to /sign-in.
 * - `deny-forbidden`: action result `forbidden`; HTTP 403.
 * - `deny-not-found`: action result `not_found`; HTTP 404 (someone else's
 *   object looks exactly like one that does not exist).
 * - `deny-invalid`: HTTP 400 for every caller (a feature that is off, a field
 *   nobody may set).
 * - `deny-method`: HTTP 405 for every caller: a method the path does not answer.
 * - `redirect <path>`: a page sends this caller elsewhere (not a refusal).
 * Every `deny-*` call must also leave the money tables unchanged.
 */
import { randomUUID } from "node:crypto";
import { ENDPOINTS } from "../../lib/api/endpoints";
import { platformCurrency } from "../../lib/config";
import { createWebhookSchema } from "../../lib/admin/webhooks";
import { notificationSettingsSchema } from "../../lib/notifications/settings-form";
import { topUpSchema } from "../../lib/orders/request";

export const ROLES = ["signedOut", "customerA", "customerB", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  signedOut: "signed out",
  customerA: "customer A",
  customerB: "customer B (another account)",
  admin: "admin",
};

export type Outcome =
  | "allow"
  | "deny-unauthenticated"
  | "deny-forbidden"
  | "deny-not-found"
  | "deny-invalid"
  | "deny-method"
  | `redirect ${string}`;

export type Expectations = Record<Role, Outcome>;

/**
 * Facts about the seeded data the rows refer to, read over HTTP by the suite
 * (e2e/security/support/context.ts): customer A's objects are what B attacks.
 */
export interface MatrixContext {
  /** A catalog product any customer may buy. */
  productId: string;
  /** The plan the order page shows for one unit of it paid from the cash balance (Pay sends the plan shown). */
  cashPlan: { amount: number; discount: null; vouchers: never[]; cash: number };
  a: { pendingOrderId: string; paidOrderId: string; voucherIds: string[] };
  b: { voucherIds: string[]; orderId: string };
}

export interface ActionRow {
  /** Why these expectations: one line for docs/security.md. */
  rule: string;
  expect: Expectations;
  /** The one argument the matrix sends; usually about customer A's data. */
  input: (ctx: MatrixContext) => unknown;
  /**
   * Fuzzing (R5): the role whose calls get past authorization, and a harmless,
   * well-formed input the fuzzer mutates. Harmless means refused as is, and
   * still refused when any field is replaced by a hostile value (the fuzz
   * checks that the database does not change, so a wrong sample shows).
   */
  fuzz: {
    as: Role;
    sample: (ctx: MatrixContext) => Record<string, unknown>;
    /** For a sample whose mutations could turn valid by chance: such inputs are not bad input, so they are not sent. */
    isValid?: (input: unknown) => boolean;
  };
}

const customerOwnData = (over: Partial<Expectations> = {}): Expectations => ({
  signedOut: "deny-unauthenticated",
  customerA: "allow",
  customerB: "allow",
  admin: "deny-forbidden",
  ...over,
});

/** Admin-only: refused to the signed out and to every customer, allowed to admins. */
export const ADMIN_ONLY: Expectations = {
  signedOut: "deny-unauthenticated",
  customerA: "deny-forbidden",
  customerB: "deny-forbidden",
  admin: "allow",
};

/**
 * The row of an admin-only action. The default input `{}` is refused by any
 * admin schema (invalid_input, which counts as allow for the admin), while
 * runAdminAction refuses non-admins before reading it.
 */
export function adminOnly(
  rule: string,
  fuzzSample: (ctx: MatrixContext) => Record<string, unknown> = () => ({}),
  isValid?: (input: unknown) => boolean,
): ActionRow {
  return { rule: `admin only: ${rule}`, expect: ADMIN_ONLY, input: () => ({}), fuzz: { as: "admin", sample: fuzzSample, isValid } };
}

/**
 * Whether an input is {} as the action receives it: the one valid input of an action
 * that takes none. A field set to undefined, or to the raw string "$undefined" (React's
 * own encoding of undefined), reaches the action as absent, so it counts as absent here.
 */
const isEmptyCall = (input: unknown) =>
  typeof input === "object" && input !== null && !Array.isArray(input) && Object.values(input).every((v) => v === undefined || v === "$undefined");

/** A well-formed code that fails its check character: refused before any lookup. */
const BAD_CODE = "AAAA-BBBB-CCCC-DDDD-EEEE";
const NO_PRODUCT = "prd_doesnotexist000";
const NO_NOTIFICATION = "ntf_doesnotexist000";
/** A webhook registration to a loopback address: refused without WEBHOOK_ALLOW_PRIVATE_URLS (the security server has none). */
const PRIVATE_WEBHOOK = () => ({ url: "https://127.0.0.1:8443/hook", description: "", eventTypes: ["order.paid"], accountFilter: "", requestKey: randomUUID() });
/** The settings form as it stands for a new account: no thresholds, every reminder, email on. */
const DEFAULT_SETTINGS_FORM = { cash: "", compute: "", cash_balance: "", remind30: "on", remind7: "on", remind1: "on", email: "on" };

/** Keyed by exported name; `module:exportedName` when two modules export the same name. */
export const ACTIONS: Record<string, ActionRow> = {
  checkCodeAction: {
    rule: "customers, on their own account; an admin has no billing account",
    expect: customerOwnData(),
    input: () => ({ code: BAD_CODE, kind: "cash" }),
    fuzz: { as: "customerA", sample: () => ({ code: BAD_CODE, kind: "cash" }) },
  },
  redeemCodeAction: {
    rule: "customers, onto their own account (the account comes from the session, never the input)",
    expect: customerOwnData(),
    input: () => ({ code: BAD_CODE, kind: "cash" }),
    fuzz: { as: "customerA", sample: () => ({ code: BAD_CODE, kind: "compute" }) },
  },
  placeAndPayOrderAction: {
    rule: "customers buy for their own account; vouchers of another account are unknown to the plan",
    expect: customerOwnData(),
    input: (ctx) => ({ productPublicId: ctx.productId, quantity: 1, requestKey: randomUUID(), plan: ctx.cashPlan }),
    // The product points nowhere, so no mutation of the other fields can buy anything.
    fuzz: { as: "customerA", sample: (ctx) => ({ productPublicId: NO_PRODUCT, quantity: 1, requestKey: randomUUID(), plan: ctx.cashPlan }) },
  },
  payOrderAction: {
    rule: "only the account that placed the order; to anyone else it does not exist",
    expect: customerOwnData({ customerB: "deny-not-found" }),
    input: (ctx) => ({ orderPublicId: ctx.a.pendingOrderId, plan: ctx.cashPlan }),
    fuzz: { as: "customerB", sample: (ctx) => ({ orderPublicId: ctx.a.pendingOrderId, plan: ctx.cashPlan }) },
  },
  topUpAction: {
    rule: "customers top up their own cash balance",
    expect: customerOwnData(),
    input: () => ({ amount: "1.00", requestKey: randomUUID() }),
    // A random string may be a valid amount ("5"): those are real top-ups, not bad input.
    fuzz: { as: "customerA", sample: () => ({ amount: "0", requestKey: randomUUID() }), isValid: (input) => topUpSchema(platformCurrency()).safeParse(input).success },
  },
  markNotificationReadAction: {
    rule: "customers mark their own notifications read; another account's (or an unknown) id does not exist; an admin has no inbox",
    expect: { signedOut: "deny-unauthenticated", customerA: "deny-not-found", customerB: "deny-not-found", admin: "deny-forbidden" },
    input: () => ({ notificationId: NO_NOTIFICATION }),
    fuzz: { as: "customerA", sample: () => ({ notificationId: NO_NOTIFICATION }) },
  },
  markAllNotificationsReadAction: {
    rule: "customers mark their own inbox read (the account comes from the session)",
    expect: customerOwnData(),
    input: () => ({}),
    // Its only valid input is {}: any field is refused, whatever the fuzzer puts in it.
    fuzz: { as: "customerA", sample: () => ({ unexpected: 1 }), isValid: isEmptyCall },
  },
  saveNotificationSettingsAction: {
    rule: "customers save their own thresholds and reminders (the account comes from the session)",
    expect: customerOwnData(),
    input: () => DEFAULT_SETTINGS_FORM,
    // A negative threshold is refused as is; a mutation that makes the form valid is a real save, not sent.
    fuzz: {
      as: "customerA",
      sample: () => ({ ...DEFAULT_SETTINGS_FORM, cash: "-1" }),
      isValid: (input) => notificationSettingsSchema(platformCurrency(), () => "").safeParse(input).success,
    },
  },
  issueBatchAction: adminOnly("issue a batch of codes"),
  voidBatchAction: adminOnly("void a batch, its vouchers and its unredeemed codes"),
  findCodeAction: adminOnly("look a code up (hashed)"),
  revokeCodeAction: adminOnly("revoke one unredeemed code"),
  voidVoucherAction: adminOnly("void a voucher with a reason"),
  grantVoucherAction: adminOnly("grant a voucher straight to an account"),
  chargeUsageAction: adminOnly("post a post-paid usage charge"),
  adjustCashAction: adminOnly("adjust a cash balance with a reason"),
  refundOrderAction: adminOnly("refund an order, full or partial"),
  createProductAction: adminOnly("create a catalog product"),
  updateProductAction: adminOnly("edit a catalog product"),
  retireProductAction: adminOnly("retire a catalog product"),
  createProviderAction: adminOnly("add a compute provider to the catalogue"),
  renameProviderAction: adminOnly("rename a compute provider"),
  createApiKeyAction: adminOnly("create an API key (its secret returned once, never stored)"),
  revokeApiKeyAction: adminOnly("revoke an API key with a reason"),
  // SSRF (R5): a loopback URL, refused as is; a mutation that makes a valid registration is not sent.
  createWebhookAction: adminOnly("register a webhook endpoint (https, public addresses only)", () => PRIVATE_WEBHOOK(), (input) =>
    createWebhookSchema({ allowPrivate: false }).safeParse(input).success,
  ),
  updateWebhookAction: adminOnly("edit a webhook endpoint's description, event types and account filter"),
  disableWebhookAction: adminOnly("disable a webhook endpoint"),
  enableWebhookAction: adminOnly("enable a webhook endpoint"),
  rotateWebhookSecretAction: adminOnly("rotate a webhook endpoint's signing secret"),
  revealWebhookSecretAction: adminOnly("reveal a webhook endpoint's signing secret (audited)"),
  resendWebhookDeliveryAction: adminOnly("send a webhook delivery again"),
  pingAction: {
    rule: "the benchmarks' reference action, served only with BENCH_REFERENCE=on (benchmark servers): not found for everyone else; it reads and changes nothing",
    expect: { signedOut: "deny-unauthenticated", customerA: "deny-not-found", customerB: "deny-not-found", admin: "deny-not-found" },
    input: () => ({}),
    // Its only valid input is {}: any field makes it a refused input, whatever the fuzzer puts in it.
    fuzz: {
      as: "customerA",
      sample: () => ({ unexpected: 1 }),
      // Dropping the field gives {}, the one valid input: a real ping (on a benchmark server), not bad input.
      isValid: isEmptyCall,
    },
  },
  chooseLocaleAction: {
    rule: "anyone: it saves the language on the caller's own user (signed in) and in a cookie; it takes no user id (the header's menu posts it as a form)",
    expect: { signedOut: "allow", customerA: "allow", customerB: "allow", admin: "allow" },
    input: () => ({ locale: "en" }),
    // Refused as is (no such language), and by every mutation: only the two locales are valid.
    fuzz: { as: "customerA", sample: () => ({ locale: "fr" }), isValid: (input) => typeof input === "object" && input !== null && ["en", "zh-CN"].includes((input as { locale?: unknown }).locale as string) && Object.keys(input).length === 1 },
  },
  signOutAction: {
    rule: "anyone: it ends the caller's own session only (then redirects to /sign-in)",
    expect: { signedOut: "allow", customerA: "allow", customerB: "allow", admin: "allow" },
    input: () => undefined,
    // No argument to speak of; the fuzzer still throws values at it.
    fuzz: { as: "signedOut", sample: () => ({}) },
  },
};

/** How a route is probed: a request per role. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteProbe {
  /** What the probe asks, for docs/security.md. */
  does: string;
  method: HttpMethod;
  path: (ctx: MatrixContext) => string;
  body?: (ctx: MatrixContext) => unknown;
  expect: Expectations;
}

/** An /api/v1 endpoint probed without an API key: a session is no credential there, 401 for every role. */
const apiKeyOnly = (): Expectations => ({
  signedOut: "deny-unauthenticated",
  customerA: "deny-unauthenticated",
  customerB: "deny-unauthenticated",
  admin: "deny-unauthenticated",
});

const notFoundForAll = (): Expectations => ({ signedOut: "deny-not-found", customerA: "deny-not-found", customerB: "deny-not-found", admin: "deny-not-found" });

/**
 * Each method an /api/v1 path does not answer, keyed as in app/ (`{id}` → `[id]`):
 * its route file answers them with a 405 problem naming the methods it does
 * answer (lib/api/http.ts otherMethods), for every caller, before any key is read.
 */
export function apiMethodsNotAnswered(): Array<{ key: string; method: HttpMethod; path: string }> {
  const answered = new Map<string, Set<string>>();
  for (const e of ENDPOINTS) answered.set(e.path, (answered.get(e.path) ?? new Set()).add(e.method));
  return [...answered].flatMap(([template, methods]) =>
    HTTP_METHODS.filter((m) => !methods.has(m)).map((method) => ({
      key: `${method} ${template.replace(/\{(\w+)\}/g, "[$1]")}`,
      method,
      // Any well-formed ids: the method is refused before the path's ids are read.
      path: template.replace(/\{(\w+)\}/g, (_, name: string) => `${name.slice(0, 3)}_doesnotexist000`),
    })),
  );
}

const methodNotAnswered = Object.fromEntries(
  apiMethodsNotAnswered().map(({ key, method, path }) => [
    key,
    [
      {
        does: "a method the path does not answer: 405 for everyone",
        method,
        path: () => path,
        expect: { signedOut: "deny-method", customerA: "deny-method", customerB: "deny-method", admin: "deny-method" },
      } satisfies RouteProbe,
    ],
  ]),
);

/** Keyed by `METHOD /path` as in app/ (route groups dropped). Several probes per catch-all. */
export const ROUTES: Record<string, RouteProbe[]> = {
  ...methodNotAnswered,
  "GET /api/quote": [
    {
      does: "quote 1 unit of a product",
      method: "GET",
      path: (ctx) => `/api/quote?product=${ctx.productId}&quantity=1`,
      expect: customerOwnData(),
    },
  ],
  // /api/v1 authenticates API keys only (Authorization: Bearer; docs/api.md): a session cookie
  // is no credential there, so without a key every role gets the same 401. The keys' scopes
  // are tested per endpoint in test/api.test.ts.
  "GET /api/v1/accounts": [
    { does: "find an account by external_ref, with no API key", method: "GET", path: () => "/api/v1/accounts?external_ref=acme-1", expect: apiKeyOnly() },
  ],
  "GET /api/v1/accounts/[accountId]": [
    { does: "look up an account, with no API key", method: "GET", path: () => "/api/v1/accounts/acc_doesnotexist000", expect: apiKeyOnly() },
  ],
  "GET /api/v1/accounts/[accountId]/balances": [
    { does: "an account's balances, with no API key", method: "GET", path: () => "/api/v1/accounts/acc_doesnotexist000/balances", expect: apiKeyOnly() },
  ],
  "GET /api/v1/accounts/[accountId]/vouchers": [
    { does: "an account's vouchers of a kind, with no API key", method: "GET", path: () => "/api/v1/accounts/acc_doesnotexist000/vouchers?kind=cash", expect: apiKeyOnly() },
  ],
  "GET /api/v1/accounts/[accountId]/usage": [
    { does: "an account's usage history, with no API key", method: "GET", path: () => "/api/v1/accounts/acc_doesnotexist000/usage", expect: apiKeyOnly() },
  ],
  "POST /api/v1/quotes": [
    {
      does: "quote an order, with no API key",
      method: "POST",
      path: () => "/api/v1/quotes",
      body: (ctx) => ({ accountId: "acc_doesnotexist000", items: [{ productId: ctx.productId, quantity: 1 }] }),
      expect: apiKeyOnly(),
    },
  ],
  "POST /api/v1/orders": [
    {
      does: "create and pay an order, with no API key",
      method: "POST",
      path: () => "/api/v1/orders",
      body: (ctx) => ({ accountId: "acc_doesnotexist000", productId: ctx.productId, quantity: 1 }),
      expect: apiKeyOnly(),
    },
  ],
  "POST /api/v1/orders/[orderId]/refunds": [
    {
      does: "refund customer A's paid order, with no API key",
      method: "POST",
      path: (ctx) => `/api/v1/orders/${ctx.a.paidOrderId}/refunds`,
      body: () => ({ reason: "Matrix probe" }),
      expect: apiKeyOnly(),
    },
  ],
  "POST /api/v1/accounts/[accountId]/charges": [
    {
      does: "post a usage charge, with no API key",
      method: "POST",
      path: () => "/api/v1/accounts/acc_doesnotexist000/charges",
      body: () => ({ amount: 100, reason: "Matrix probe" }),
      expect: apiKeyOnly(),
    },
  ],
  "POST /api/v1/accounts/[accountId]/top-ups": [
    {
      does: "top up a cash balance, with no API key",
      method: "POST",
      path: () => "/api/v1/accounts/acc_doesnotexist000/top-ups",
      body: () => ({ amount: 100 }),
      expect: apiKeyOnly(),
    },
  ],
  "GET /api/v1/events": [
    { does: "the event feed, with no API key", method: "GET", path: () => "/api/v1/events?type=order.paid", expect: apiKeyOnly() },
  ],
  "GET /api/v1/orders/[orderId]": [
    { does: "customer A's order, with no API key", method: "GET", path: (ctx) => `/api/v1/orders/${ctx.a.paidOrderId}`, expect: apiKeyOnly() },
  ],
  "GET /api/v1/[...path]": [
    { does: "a path the API does not have: 404 for everyone", method: "GET", path: () => "/api/v1/nothing-here", expect: notFoundForAll() },
  ],
  ...Object.fromEntries(
    (["POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [
      `${method} /api/v1/[...path]`,
      [{ does: "a path the API does not have: 404 for everyone", method, path: () => "/api/v1/nothing-here", body: () => ({}), expect: notFoundForAll() }],
    ]),
  ),
  "GET /api/v1/openapi.json": [
    {
      does: "the OpenAPI document of /api/v1: public, it holds no secret, account or price",
      method: "GET",
      path: () => "/api/v1/openapi.json",
      expect: { signedOut: "allow", customerA: "allow", customerB: "allow", admin: "allow" },
    },
  ],
  "GET /billing/usage/export": [
    { does: "export the caller's usage history as CSV", method: "GET", path: () => "/billing/usage/export", expect: customerOwnData() },
  ],
  "GET /billing/statements/export": [
    { does: "export the caller's monthly statement as CSV", method: "GET", path: () => "/billing/statements/export?kind=cash", expect: customerOwnData() },
  ],
  "GET /api/auth/[...all]": [
    {
      does: "get-session: only the caller's own session (null when signed out)",
      method: "GET",
      path: () => "/api/auth/get-session",
      expect: { signedOut: "allow", customerA: "allow", customerB: "allow", admin: "allow" },
    },
    {
      does: "list-sessions: the caller's own sessions",
      method: "GET",
      path: () => "/api/auth/list-sessions",
      expect: { signedOut: "deny-unauthenticated", customerA: "allow", customerB: "allow", admin: "allow" },
    },
  ],
  "POST /api/auth/[...all]": [
    {
      does: "sign-up/email: public sign-up is off",
      method: "POST",
      path: () => "/api/auth/sign-up/email",
      body: () => ({ email: `intruder-${randomUUID()}@example.com`, password: "intruder-password", name: "Intruder" }),
      expect: { signedOut: "deny-invalid", customerA: "deny-invalid", customerB: "deny-invalid", admin: "deny-invalid" },
    },
    {
      does: "update-user with role=admin: nobody can set a role",
      method: "POST",
      path: () => "/api/auth/update-user",
      body: () => ({ role: "admin" }),
      expect: { signedOut: "deny-unauthenticated", customerA: "deny-invalid", customerB: "deny-invalid", admin: "deny-invalid" },
    },
    {
      does: "update-user with another billingAccountId: nobody can move to another account",
      method: "POST",
      path: () => "/api/auth/update-user",
      body: () => ({ billingAccountId: 1 }),
      expect: { signedOut: "deny-unauthenticated", customerA: "deny-invalid", customerB: "deny-invalid", admin: "deny-invalid" },
    },
  ],
};

export interface PageRow {
  rule: string;
  path: (ctx: MatrixContext) => string;
  expect: Expectations;
}

const signedInPage = (admin: Outcome): Expectations => ({
  signedOut: "deny-unauthenticated",
  customerA: "allow",
  customerB: "allow",
  admin,
});

/** Admin-only page: refused on the server (403) to customers. */
export const adminOnlyPage = (rule = "admin console", path: (ctx: MatrixContext) => string = () => "/admin", admin: Outcome = "allow"): PageRow => ({
  rule: `admin only: ${rule}`,
  path,
  expect: { ...ADMIN_ONLY, admin },
});

/** Keyed by the page's path as in app/ (route groups dropped). */
export const PAGES: Record<string, PageRow> = {
  "/": {
    rule: "sends each caller to their home",
    path: () => "/",
    expect: { signedOut: "deny-unauthenticated", customerA: "redirect /billing", customerB: "redirect /billing", admin: "redirect /admin" },
  },
  "/sign-in": {
    rule: "public; a signed-in caller goes home",
    path: () => "/sign-in",
    expect: { signedOut: "allow", customerA: "redirect /", customerB: "redirect /", admin: "redirect /" },
  },
  "/admin": adminOnlyPage("console overview and audit log"),
  "/admin/batches": adminOnlyPage("batches and the Issue form", () => "/admin/batches"),
  // An id that does not exist: refused before any lookup to customers, 404 for the admin.
  "/admin/batches/[id]": adminOnlyPage("one batch (an unknown id)", () => "/admin/batches/bat_doesnotexist000", "deny-not-found"),
  "/admin/vouchers": adminOnlyPage("voucher search", () => "/admin/vouchers"),
  "/admin/vouchers/[id]": adminOnlyPage("customer A's voucher", (ctx) => `/admin/vouchers/${ctx.a.voucherIds[0]}`),
  "/admin/vouchers/grant": adminOnlyPage("the Grant form", () => "/admin/vouchers/grant"),
  "/admin/accounts": adminOnlyPage("account search", () => "/admin/accounts"),
  "/admin/accounts/[id]": adminOnlyPage("one account (an unknown id)", () => "/admin/accounts/acc_doesnotexist000", "deny-not-found"),
  "/admin/orders": adminOnlyPage("order search", () => "/admin/orders"),
  "/admin/orders/[id]": adminOnlyPage("customer A's order", (ctx) => `/admin/orders/${ctx.a.paidOrderId}`),
  "/admin/catalog": adminOnlyPage("the catalog", () => "/admin/catalog"),
  "/admin/api-keys": adminOnlyPage("API keys and the Create form", () => "/admin/api-keys"),
  "/admin/webhooks": adminOnlyPage("webhook endpoints and the Add form", () => "/admin/webhooks"),
  "/admin/webhooks/[endpointId]": adminOnlyPage("one webhook endpoint (an unknown id)", () => "/admin/webhooks/whk_doesnotexist000", "deny-not-found"),
  "/admin/audit": adminOnlyPage("the audit log", () => "/admin/audit"),
  "/api/docs": adminOnlyPage("the API reference (Scalar, from /api/v1/openapi.json)", () => "/api/docs"),
  "/billing": { rule: "the caller's own vouchers", path: () => "/billing", expect: signedInPage("redirect /admin") },
  "/billing/usage": { rule: "the caller's own usage history", path: () => "/billing/usage", expect: signedInPage("redirect /admin") },
  "/billing/statements": { rule: "the caller's own monthly statement", path: () => "/billing/statements", expect: signedInPage("redirect /admin") },
  "/billing/orders": { rule: "the caller's own orders", path: () => "/billing/orders", expect: signedInPage("redirect /admin") },
  "/billing/orders/new": { rule: "buy for the caller's own account", path: () => "/billing/orders/new", expect: signedInPage("redirect /admin") },
  "/billing/notifications": { rule: "the caller's own inbox", path: () => "/billing/notifications", expect: signedInPage("redirect /admin") },
  "/billing/settings": { rule: "the caller's own notification settings", path: () => "/billing/settings", expect: signedInPage("redirect /admin") },
  "/billing/bench-ping": {
    rule: "hosts the benchmarks' reference action, only with BENCH_REFERENCE=on (benchmark servers): not found for everyone else",
    path: () => "/billing/bench-ping",
    expect: { signedOut: "deny-unauthenticated", customerA: "deny-not-found", customerB: "deny-not-found", admin: "deny-not-found" },
  },
  "/billing/orders/[id]": {
    rule: "customer A's order: to anyone else it does not exist",
    path: (ctx) => `/billing/orders/${ctx.a.paidOrderId}`,
    expect: { ...signedInPage("redirect /admin"), customerB: "deny-not-found" },
  },
};
