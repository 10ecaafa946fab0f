/**
 * R5, fuzzing over HTTP: fast-check-generated bad input to every server action
 * (enumerated from the build, called by id) and every route handler. Every
 * response must be a typed refusal: never a 500, never a stack trace or other
 * internals, never an `internal` result, never a bad input accepted; and the
 * database must be unchanged afterwards (all tables but the volatile ones, see
 * support/db.ts). 300 inputs per action and route in `npm test`, 10,000 in
 * `npm run stress` (FUZZ_RUNS overrides; FUZZ_SEED replays a run).
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { ACTIONS, apiMethodsNotAnswered, type HttpMethod, type MatrixContext, type Role } from "./matrix";
import { buildContext } from "./support/context";
import { describeDiff, diffSnapshots, openProbe, type DbProbe } from "./support/db";
import { BAD_AMOUNT_STRINGS, argsArb, encodeArgs, hostileString, hostileValue, malformedBody } from "./support/hostile";
import { FORGED_SESSION, classifyAction, leaksInternals, postAction, request, signIn, type RawResponse } from "./support/http";
import { actionKey, listActions, listRoutes, type ExposedAction } from "./support/manifest";
import { ADMIN, CUSTOMER_A, CUSTOMER_B, NEEDS_POSTGRES, readTarget, type Target } from "./support/target";
import { platformCurrency } from "../../lib/config";
import { topUpSchema } from "../../lib/orders/request";


// CI size 150 per property (about 3 minutes of the security worker beside the browser tests; the
// seed changes every run, so runs add up), full size 10,000 in `npm run stress`.
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.STRESS === "1" ? 10_000 : 150));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 4;
/** Node's default --max-http-header-size. */
const NODE_MAX_HEADER_BYTES = 16 * 1024;
/** The fuzzer's client address: its own redemption IP bucket. */
const FUZZ_IP = "192.0.2.10";

let target: Target;
let actions: ExposedAction[];
let cookies: Record<Role, string>;
let ctx: MatrixContext;
let probe: DbProbe | null = null;
const figures: string[] = [];

test.beforeAll(async () => {
  target = readTarget();
  actions = listActions();
  cookies = {
    signedOut: FORGED_SESSION,
    customerA: (await signIn(target.baseURL, CUSTOMER_A)).cookie,
    customerB: (await signIn(target.baseURL, CUSTOMER_B)).cookie,
    admin: (await signIn(target.baseURL, ADMIN)).cookie,
  };
  ctx = await buildContext(target.baseURL, cookies, actions);
  if (target.databaseUrl) probe = openProbe(target.databaseUrl);
  console.log(`[fuzz] ${RUNS} inputs per action and route, seed ${SEED} (replay: FUZZ_SEED=${SEED})`);
  if (!probe) console.log(`[fuzz] the no-change check of the database is SKIPPED: ${NEEDS_POSTGRES}`);
});

test.afterAll(async () => {
  await probe?.close();
  if (figures.length) console.log(`[fuzz] figures\n${figures.join("\n")}`);
});

/** Ids of accounts other than the caller's, for the caller to try. */
function otherAccountIds(role: Role): string[] {
  if (role === "customerA") return [...ctx.b.voucherIds, ctx.b.orderId];
  if (role === "customerB") return [...ctx.a.voucherIds, ctx.a.pendingOrderId, ctx.a.paidOrderId];
  return [];
}

async function inPool<T>(items: T[], each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await each(items[next++]!);
    }),
  );
}

/** What is wrong with a response to a bad input, or null when it is a typed refusal. */
function problemWithAction(response: RawResponse): { problem: string | null; code: string } {
  if (response.status >= 500) return { problem: `HTTP ${response.status}`, code: String(response.status) };
  const leak = leaksInternals(response.body);
  if (leak) return { problem: `the response shows ${leak}`, code: "leak" };
  if (response.status === 400 || response.status === 413) {
    // proxy.ts refuses a body that is not a plain argument list before Next decodes it.
    return response.body.startsWith("Invalid Server Action request")
      ? { problem: null, code: `envelope ${response.status}` }
      : { problem: `HTTP ${response.status}: ${response.body.slice(0, 100)}`, code: String(response.status) };
  }
  const c = classifyAction(response);
  if (c.outcome === "error") return { problem: c.detail, code: "error" };
  if (!c.result) return { problem: null, code: c.detail.startsWith("action redirect") ? "redirect" : c.detail };
  if (c.result.ok) return { problem: "a bad input was accepted", code: "ok" };
  if (typeof c.result.code !== "string" || typeof c.result.message !== "string") return { problem: "an untyped refusal", code: "untyped" };
  if (c.result.code === "internal") return { problem: "an internal error (an exception runAction caught)", code: "internal" };
  return { problem: null, code: c.result.code };
}

interface Failure {
  input: string;
  problem: string;
}

/** Sends every input, records what came back, and checks that the database did not change. */
async function fuzz(
  name: string,
  inputs: Array<() => Promise<RawResponse>>,
  labels: string[],
  check: (r: RawResponse) => { problem: string | null; code: string },
  /** Each input's request line and headers, in bytes, where it is known (route handlers). */
  headBytes: number[] = [],
) {
  const before = probe ? await probe.snapshot() : null;
  const failures: Failure[] = [];
  const codes = new Map<string, number>();
  const started = Date.now();
  await inPool(
    inputs.map((send, i) => ({ send, i })),
    async ({ send, i }) => {
      let response: RawResponse;
      try {
        response = await send();
      } catch (err) {
        // Node refuses a request line and headers over its 16 KiB limit (431, as checked below), and
        // may close the socket while the client is still writing them: the same refusal, seen as a reset.
        if ((headBytes[i] ?? 0) > NODE_MAX_HEADER_BYTES) {
          codes.set("431 (connection closed)", (codes.get("431 (connection closed)") ?? 0) + 1);
          return;
        }
        // Next redirects a path with "//" (308) with the whole URL in Location: from a URL of many
        // kilobytes, a response whose headers are over the client's own 16 KiB limit. Not ours to shorten.
        const cause = (err as Error & { cause?: Error }).cause;
        if (cause?.name === "HeadersOverflowError" && (headBytes[i] ?? 0) > NODE_MAX_HEADER_BYTES / 2) {
          codes.set("redirect over the client's header limit", (codes.get("redirect over the client's header limit") ?? 0) + 1);
          return;
        }
        failures.push({ input: labels[i]!, problem: `request failed: ${(err as Error).message} (${String(cause)})` });
        return;
      }
      const { problem, code } = check(response);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (problem) failures.push({ input: labels[i]!, problem });
    },
  );
  const diffs = before && probe ? diffSnapshots(before, await probe.snapshot()) : [];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = [...codes.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(", ");
  figures.push(`${name}: ${inputs.length} inputs in ${seconds}s, ${failures.length} failures, database ${probe ? (diffs.length ? "CHANGED" : "unchanged") : "not checked"}; ${summary}`);
  expect(failures.slice(0, 10).map((f) => `${f.problem} <= ${f.input.slice(0, 300)} (${f.input.length} characters)`), `${failures.length} bad responses (seed ${SEED})`).toEqual([]);
  expect(diffs.length ? describeDiff(diffs) : "", `the database changed (seed ${SEED})`).toBe("");
}

test.describe("[SECURITY][R5] fuzzing every server action and route handler", () => {
  test("the fuzzer's bad amounts are bad (self-check)", () => {
    for (const amount of BAD_AMOUNT_STRINGS) expect(topUpSchema(platformCurrency()).safeParse({ amount, requestKey: randomUUID() }).success, amount).toBe(false);
  });

  test("every action and route has a fuzz target", () => {
    const missing = actions.map((a) => actionKey(a, actions)).filter((k) => !ACTIONS[k]?.fuzz);
    expect(missing, "actions without a fuzz sample in matrix.ts").toEqual([]);
    expect(listRoutes().filter((r) => !(r in ROUTE_FUZZ)), "route handlers without a fuzzer in fuzz.spec.ts").toEqual([]);
  });

  // One test per action in the build; an action added later is fuzzed without a change here.
  for (const action of listActions()) {
    test(`action ${action.exportedName}`, async () => {
      test.setTimeout(process.env.STRESS === "1" ? 3_600_000 : 300_000);
      const row = ACTIONS[actionKey(action, actions)];
      expect(row, "a row in matrix.ts").toBeTruthy();
      const { as, sample, isValid } = row!.fuzz;
      const base = sample(ctx);

      // The sample itself must be refused, or mutating it proves nothing.
      const first = problemWithAction(await postAction(target.baseURL, action.pagePath, action.id, [base], { cookie: cookies[as], forwardedFor: FUZZ_IP }));
      if (action.exportedName !== "signOutAction") expect(first, "the fuzz sample is a refused input").toEqual({ problem: null, code: expect.not.stringMatching(/^ok$/) });

      const arb = fc
        .tuple(argsArb(base, otherAccountIds(as)), fc.boolean(), fc.integer({ min: 0, max: 9 }))
        // Actions read their first argument only: a valid first argument is a valid call, whatever follows it.
        .filter(([args]) => !(isValid && args.length >= 1 && isValid(args[0])));
      const samples = fc.sample(arb, { numRuns: RUNS, seed: SEED });
      const labels = samples.map(([args, raw]) => encodeArgs(args, raw));
      const sends = samples.map(([args, raw, roleDie]) => () => {
        // One in ten calls comes from a signed-out caller: the refusal must be typed too.
        const cookie = roleDie === 0 ? FORGED_SESSION : cookies[as];
        return postAction(target.baseURL, action.pagePath, action.id, { rawBody: encodeArgs(args, raw) }, { cookie, forwardedFor: FUZZ_IP });
      });
      await fuzz(`action ${action.exportedName} (as ${as})`, sends, labels, problemWithAction);
    });
  }

  // The methods an /api/v1 path does not answer are refused by one constant 405 before any of the
  // route's code: fuzzed together below, RUNS inputs across all of them rather than RUNS each.
  const notAnswered = new Set(apiMethodsNotAnswered().map((m) => m.key));
  for (const route of listRoutes().filter((r) => !notAnswered.has(r))) {
    test(`route ${route}`, async () => {
      test.setTimeout(process.env.STRESS === "1" ? 3_600_000 : 300_000);
      const make = ROUTE_FUZZ[route];
      expect(make, `a fuzzer for ${route} in ROUTE_FUZZ`).toBeTruthy();
      const samples = fc.sample(make!(otherAccountIds("customerA"), ctx), { numRuns: RUNS, seed: SEED });
      await fuzz(
        `route ${route}`,
        samples.map((r) => () => request(target.baseURL, r.method, r.path, { cookie: r.cookie === undefined ? cookies.customerA : r.cookie, rawBody: r.body, headers: r.headers })),
        samples.map((r) => `${r.method} ${r.path} ${r.body ?? ""}`),
        (response) => problemWithRoute(route, response),
        samples.map((r) => Buffer.byteLength(`${r.method} ${r.path}`) + Object.entries(r.headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}`), 0)),
      );
    });
  }

  test("routes: the methods each /api/v1 path does not answer", async () => {
    test.setTimeout(process.env.STRESS === "1" ? 3_600_000 : 300_000);
    const routes = listRoutes().filter((r) => notAnswered.has(r));
    expect(routes.length).toBeGreaterThan(0);
    const ids = otherAccountIds("customerA");
    const samples = fc.sample(fc.oneof(...routes.map((r) => ROUTE_FUZZ[r]!(ids, ctx))), { numRuns: RUNS, seed: SEED });
    await fuzz(
      "routes: methods not answered",
      samples.map((r) => () => request(target.baseURL, r.method, r.path, { cookie: r.cookie === undefined ? cookies.customerA : r.cookie, rawBody: r.body, headers: r.headers })),
      samples.map((r) => `${r.method} ${r.path} ${r.body ?? ""}`),
      // Every one of them is an /api/v1 route: one check holds for all.
      (response) => problemWithRoute(routes[0]!, response),
      samples.map((r) => Buffer.byteLength(`${r.method} ${r.path}`) + Object.entries(r.headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}`), 0)),
    );
  });

  test("bodies that are not a call at all", async () => {
    test.setTimeout(process.env.STRESS === "1" ? 3_600_000 : 300_000);
    const samples = fc.sample(fc.tuple(fc.constantFrom(...actions), malformedBody, fc.boolean()), { numRuns: RUNS, seed: SEED });
    await fuzz(
      "malformed calls",
      samples.map(([action, { contentType, body }, withHeader]) => async () => {
        const headers: Record<string, string> = { Cookie: cookies.customerA, Accept: "text/x-component" };
        // Without the header, a multipart body is a no-JavaScript form post naming the action in a field.
        if (withHeader || typeof body === "string") headers["Next-Action"] = action.id;
        if (typeof body === "string") headers["Content-Type"] = contentType;
        const form = typeof body === "string" ? null : body;
        if (form && !withHeader) form.append(`$ACTION_ID_${action.id}`, "");
        const response = await fetch(`${target.baseURL}${action.pagePath}`, { method: "POST", redirect: "manual", headers, body });
        return { status: response.status, headers: response.headers, body: await response.text() };
      }),
      samples.map(([action, { contentType, body }, withHeader]) => `${action.exportedName} ${withHeader ? "Next-Action" : "no header"} ${contentType} ${typeof body === "string" ? body : JSON.stringify([...body.entries()])}`),
      (response) => {
        if (response.status >= 500) return { problem: `HTTP ${response.status}`, code: String(response.status) };
        const leak = leaksInternals(response.body);
        return leak ? { problem: `the response shows ${leak}`, code: "leak" } : { problem: null, code: String(response.status) };
      },
    );
  });
});

// ---------------------------------------------------------------- route handlers

interface RouteRequest {
  method: HttpMethod;
  path: string;
  body?: string;
  /** undefined: customer A's session; "": none. */
  cookie?: string;
  headers?: Record<string, string>;
}

/** Percent-encodes, keeping lone surrogates as the invalid UTF-8 a client could send anyway. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    const wellFormed = value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
    return encodeURIComponent(wellFormed).replaceAll("%EF%BF%BD", "%ED%A0%80");
  }
}

/** Malformed escapes, sent as they are. */
const RAW_ESCAPES = ["%", "%Z9", "%FF", "%ED%A0%80", "%00", "%C0%AF", "%%%"];

const query = (params: Record<string, string | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encode(k)}=${v!.startsWith("raw:") ? v!.slice(4) : encode(v!)}`)
    .join("&");

/** A query parameter: absent, hostile, a malformed escape, or (so the others get past it) a plausible value. */
const param = (ids: string[], plausible: string[] = []) =>
  fc.option(
    fc.oneof(
      { weight: 6, arbitrary: hostileString(ids) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_ESCAPES.map((e) => `raw:${e}`)) },
      ...(plausible.length ? [{ weight: 5, arbitrary: fc.constantFrom(...plausible) }] : []),
    ),
    { nil: undefined },
  );

/** An Authorization header for /api/v1: none, a forged `sk_…` key, or a hostile value (header-safe). */
const apiBearer = (ids: string[]) =>
  fc.option(
    fc.oneof(
      fc.constant("Bearer sk_live_forgedforgedforgedforged0000"),
      hostileString(ids).map((s) => `Bearer ${encode(s)}`),
      fc.constantFrom("Bearer", "Basic dXNlcjpwYXNz", "bearer  x", "Bearer sk_live_"),
    ),
    { nil: undefined },
  );

/** A request to /api/v1 with no session cookie; JSON bodies as a client sends them. */
const apiRequest = (method: HttpMethod, path: string, bearer: string | undefined, body?: string): RouteRequest => ({
  method,
  path,
  cookie: "",
  body,
  headers: bearer === undefined ? undefined : { Authorization: bearer },
});

/** Per route handler: requests with bad parameters. A new route fails the suite until it has one. */
const ROUTE_FUZZ: Record<string, (ids: string[], ctx: MatrixContext) => fc.Arbitrary<RouteRequest>> = {
  // A method an /api/v1 path does not answer: hostile ids, bodies and keys all get the same 405.
  ...Object.fromEntries(
    apiMethodsNotAnswered().map(({ key, method, path }) => [
      key,
      (ids: string[]) =>
        fc
          .tuple(hostileString(ids), hostileValue(ids), apiBearer(ids))
          .map(([s, value, bearer]) =>
            // fetch sends no body with a GET.
            apiRequest(method, path.replace(/[a-z]{3}_doesnotexist000/, encode(s)), bearer, method === "GET" ? undefined : (JSON.stringify(value) ?? "x")),
          ),
    ]),
  ),
  "GET /api/quote": (ids, ctx) =>
    fc
      .record({
        product: param(ids, [ctx.productId]),
        quantity: param(ids, ["1", "3", "10000"]),
        discount: param(ids, ["none", ...ctx.a.voucherIds]),
        vouchers: param(ids, [ctx.a.voucherIds.join(","), [...ctx.a.voucherIds, ...ids].join(","), ""]),
      })
      .map((p) => ({ method: "GET", path: `/api/quote?${query(p)}` })),
  // /api/v1: hostile paths, queries and bodies, with no key or a forged one (never a valid key:
  // the fuzzer must change nothing); every answer is a typed problem, never a 5xx.
  "GET /api/v1/accounts": (ids) =>
    fc.record({ external_ref: param(ids, ["acme-1", ""]), bearer: apiBearer(ids) }).map(({ bearer, ...p }) => apiRequest("GET", `/api/v1/accounts?${query(p)}`, bearer)),
  "GET /api/v1/accounts/[accountId]": (ids) =>
    fc.tuple(hostileString(ids), apiBearer(ids)).map(([id, bearer]) => apiRequest("GET", `/api/v1/accounts/${encode(id)}`, bearer)),
  "GET /api/v1/accounts/[accountId]/balances": (ids) =>
    fc.tuple(hostileString(ids), apiBearer(ids)).map(([id, bearer]) => apiRequest("GET", `/api/v1/accounts/${encode(id)}/balances`, bearer)),
  "GET /api/v1/accounts/[accountId]/vouchers": (ids) =>
    fc
      .record({
        id: hostileString(ids),
        kind: param(ids, ["cash", "discount", "compute"]),
        status: param(ids, ["available", "expired"]),
        expiresFrom: param(ids, ["2026-01-01", "2026-13-01"]),
        expiresTo: param(ids, ["2025-12-31", "2026-02-30"]),
        cursor: param(ids),
        limit: param(ids, ["1", "100", "101", "0"]),
        bearer: apiBearer(ids),
      })
      .map(({ id, bearer, ...p }) => apiRequest("GET", `/api/v1/accounts/${encode(id)}/vouchers?${query(p)}`, bearer)),
  "GET /api/v1/accounts/[accountId]/usage": (ids) =>
    fc
      .record({
        id: hostileString(ids),
        voucherId: param(ids, ["vch_doesnotexist000"]),
        from: param(ids, ["2026-01-01", "0000-01-01"]),
        to: param(ids, ["9999-12-31"]),
        status: param(ids, ["success", "failure"]),
        kind: param(ids, ["cash_balance", "compute"]),
        cursor: param(ids),
        limit: param(ids, ["1", "100", "1e2"]),
        bearer: apiBearer(ids),
      })
      .map(({ id, bearer, ...p }) => apiRequest("GET", `/api/v1/accounts/${encode(id)}/usage?${query(p)}`, bearer)),
  "POST /api/v1/quotes": (ids, ctx) =>
    fc
      .tuple(hostileValue(ids), fc.constantFrom(...ids, "acc_doesnotexist000"), apiBearer(ids), fc.boolean())
      .map(([value, account, bearer, asObject]) =>
        apiRequest("POST", "/api/v1/quotes", bearer, asObject ? JSON.stringify({ accountId: account, items: [{ productId: ctx.productId, quantity: value }] }) : (JSON.stringify(value) ?? "x")),
      ),
  "POST /api/v1/orders": (ids, ctx) =>
    fc
      .tuple(hostileValue(ids), fc.constantFrom(...ids, "acc_doesnotexist000"), apiBearer(ids), fc.boolean())
      .map(([value, account, bearer, asObject]) =>
        apiRequest("POST", "/api/v1/orders", bearer, asObject ? JSON.stringify({ accountId: account, productId: ctx.productId, quantity: 1, plan: value }) : (JSON.stringify(value) ?? "x")),
      ),
  "POST /api/v1/orders/[orderId]/refunds": (ids, ctx) =>
    fc
      .tuple(fc.constantFrom(ctx.a.paidOrderId, "ord_doesnotexist000"), hostileString(ids), hostileValue(ids), apiBearer(ids), fc.boolean())
      .map(([order, id, value, bearer, asObject]) =>
        apiRequest("POST", `/api/v1/orders/${asObject ? order : encode(id)}/refunds`, bearer, asObject ? JSON.stringify({ amount: value, reason: "Fuzz" }) : (JSON.stringify(value) ?? "x")),
      ),
  ...Object.fromEntries(
    (["charges", "top-ups"] as const).map((movement) => [
      `POST /api/v1/accounts/[accountId]/${movement}`,
      (ids: string[]) =>
        fc
          .tuple(fc.constantFrom(...ids, "acc_doesnotexist000"), hostileValue(ids), apiBearer(ids), fc.boolean())
          .map(([account, value, bearer, asObject]) =>
            apiRequest("POST", `/api/v1/accounts/${encode(account)}/${movement}`, bearer, asObject ? JSON.stringify({ amount: value, reason: "Fuzz" }) : (JSON.stringify(value) ?? "x")),
          ),
    ]),
  ),
  "GET /api/v1/events": (ids) =>
    fc
      .record({
        accountId: param(ids, ["acc_doesnotexist000"]),
        type: param(ids, ["order.paid", "voucher.redeemed"]),
        after: param(ids, ["evt_doesnotexist000"]),
        limit: param(ids, ["1", "100", "0", "101"]),
        bearer: apiBearer(ids),
      })
      .map(({ bearer, ...p }) => apiRequest("GET", `/api/v1/events?${query(p)}`, bearer)),
  "GET /api/v1/orders/[orderId]": (ids) =>
    fc.tuple(hostileString(ids), apiBearer(ids)).map(([id, bearer]) => apiRequest("GET", `/api/v1/orders/${encode(id)}`, bearer)),
  "GET /api/v1/[...path]": (ids) => fc.tuple(hostileString(ids), apiBearer(ids)).map(([s, bearer]) => apiRequest("GET", `/api/v1/x/${encode(s)}`, bearer)),
  ...Object.fromEntries(
    (["POST", "PUT", "PATCH", "DELETE"] as const).map((method) => [
      `${method} /api/v1/[...path]`,
      (ids: string[]) =>
        fc.tuple(hostileString(ids), hostileValue(ids), apiBearer(ids)).map(([s, value, bearer]) => apiRequest(method, `/api/v1/x/${encode(s)}`, bearer, JSON.stringify(value) ?? "x")),
    ]),
  ),
  // It takes no input: whatever the query, the same public document.
  "GET /api/v1/openapi.json": (ids) => fc.record({ q: param(ids), external_ref: param(ids) }).map((p) => ({ method: "GET" as const, path: `/api/v1/openapi.json?${query(p)}`, cookie: "" })),
  "GET /billing/usage/export": (ids, ctx) =>
    fc
      .record({
        voucher: param(ids, ctx.a.voucherIds),
        from: param(ids, ["2020-01-01", "2026-02-30", "9999-12-31"]),
        to: param(ids, ["2030-12-31", "1970-01-01"]),
        status: param(ids, ["success", "failure"]),
        kind: param(ids, ["cash", "discount", "compute", "cash_balance"]),
        cursor: param(ids, ["eyJ9", "x"]),
      })
      .map((p) => ({ method: "GET", path: `/billing/usage/export?${query(p)}` })),
  "GET /billing/statements/export": (ids) =>
    fc
      .record({
        kind: param(ids, ["cash", "compute", "discount"]),
        month: param(ids, ["2026-01", "2026-13", "1969-12", "9999-12"]),
        lang: param(ids, ["en", "zh-CN", "fr"]),
      })
      .map((p) => ({ method: "GET", path: `/billing/statements/export?${query(p)}` })),
  "GET /api/auth/[...all]": (ids) =>
    fc.oneof(
      hostileString(ids).map((s) => ({ method: "GET" as const, path: `/api/auth/get-session`, cookie: `__Secure-better-auth.session_token=${encode(s)}` })),
      hostileString(ids).map((s) => ({ method: "GET" as const, path: `/api/auth/${encode(s)}`, cookie: "" })),
      fc.constantFrom(...RAW_ESCAPES).map((e) => ({ method: "GET" as const, path: `/api/auth/get-session${e}`, cookie: "" })),
    ),
  "POST /api/auth/[...all]": (ids) =>
    fc.tuple(fc.constantFrom("sign-in/email", "sign-up/email", "sign-out", "request-password-reset", "update-user"), hostileValue(ids), fc.boolean()).map(([endpoint, value, asObject]) => ({
      method: "POST" as const,
      path: `/api/auth/${endpoint}`,
      // Signed out: a signed-in update-user with a valid name would be a legitimate change.
      cookie: "",
      body: asObject ? JSON.stringify({ email: value, password: value, name: value }) : (JSON.stringify(value) ?? "x"),
    })),
};

function problemWithRoute(route: string, response: RawResponse): { problem: string | null; code: string } {
  const code = String(response.status);
  if (response.status >= 500) return { problem: `HTTP ${response.status}: ${response.body.slice(0, 200)}`, code };
  const leak = leaksInternals(response.body);
  if (leak) return { problem: `the response shows ${leak}`, code: "leak" };
  // Node refuses a request line or headers over 16 KiB (431) before any of our code: a typed HTTP refusal too.
  if (response.status === 431 || response.status === 414) return { problem: null, code };
  // proxy.ts: a path that is not valid percent-encoding.
  if (response.status === 400 && response.body.startsWith("Bad request: the path")) return { problem: null, code: "bad path 400" };
  if (route === "GET /api/quote" && response.status !== 200) {
    let body: { code?: unknown; message?: unknown } = {};
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      return { problem: `a body that is not JSON: ${response.body.slice(0, 100)}`, code };
    }
    if (typeof body.code !== "string" || typeof body.message !== "string") return { problem: "an untyped error body", code };
  }
  if (route === "GET /api/v1/openapi.json" && response.status !== 200) return { problem: `HTTP ${response.status}`, code };
  if (route === "GET /billing/usage/export" && ![200, 400, 401].includes(response.status)) return { problem: `HTTP ${response.status}`, code };
  if (route === "GET /billing/statements/export" && ![200, 400, 401].includes(response.status)) return { problem: `HTTP ${response.status}`, code };
  if (route.includes(" /api/v1/") && route !== "GET /api/v1/openapi.json") {
    // Next's own redirect of a trailing slash to the same path without it ("/api/v1/x/" → "/api/v1/x").
    if (response.status === 308 && (response.headers.get("location") ?? "").replace(/^https?:\/\/[^/]+/, "").startsWith("/api/v1")) {
      return { problem: null, code: "308 trailing slash" };
    }
    // Never a valid key, so never a success; every refusal is a problem+json with its type and code.
    if (response.status < 300) return { problem: `HTTP ${response.status} without a valid API key`, code };
    let body: { type?: unknown; code?: unknown } = {};
    try {
      body = JSON.parse(response.body) as typeof body;
    } catch {
      // A segment such as ".." normalizes the URL out of the API: Next's own 404 page, not ours.
      if (response.status === 404) return { problem: null, code: "404 outside the API" };
      return { problem: `a body that is not JSON: ${response.body.slice(0, 100)}`, code };
    }
    if (typeof body.type !== "string" || typeof body.code !== "string") return { problem: "a refusal that is not a problem+json", code };
  }
  return { problem: null, code };
}
