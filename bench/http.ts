/**
 * P2, P3, P5 and the server's memory, over HTTP against `next start` of the
 * production build (run `next build` first; bench/run.ts does).
 *
 * P2: pay (placeAndPayOrderAction) and redeem (redeemCodeAction) at 20
 * connections, against the reference action of the same server (pingAction:
 * session check and validation only), measured before and after them: rate
 * and p99 as ratios to the reference's.
 * API: pay over /api/v1 (POST /api/v1/orders with an API key) at the same 20
 * connections, against P1's DAL pay of the same run (bench/results/p1.json).
 * P3: pages of the large account at 4 connections: p99 against the trivial
 * signed-in page's (measured before and after them), and HTML size.
 * P5: two servers on one database: a session from one used on the other, the
 * redemption limit counted across both, one duplicate payment sent to both,
 * invariants under load, and throughput of two servers against one. Then the
 * same four checks through PgBouncer in transaction pooling mode
 * (bench/lib/pgbouncer.ts), and a load that opens 200 app-side connections
 * while the server connections PgBouncer uses are sampled.
 *
 * App servers listen on BENCH_PORT_BASE … BENCH_PORT_BASE + 7 (default 3310).
 *
 * Load comes from autocannon in this process; server actions are posted as the
 * browser posts them (Next-Action header, Flight-encoded arguments).
 */
import { randomUUID } from "node:crypto";
import autocannon, { type Result as CannonResult } from "autocannon";
import postgres from "postgres";
import { BENCH_DB, BENCH_DB_URL, PORT_BASE, applyBenchEnv, assertLocalServer } from "./lib/env";
import { backendCpuWindow } from "./lib/cpu";
import { actionHeaders, actionIds, actionResultOf, callAction, routerStateTree, signIn, startServer, type AppServer } from "./lib/server";
import { goalRow, ratioRow, readPhase, reportRow, writeRows, type Row } from "./lib/report";
import { startPgBouncer, type PgBouncer } from "./lib/pgbouncer";
import { fmt } from "./lib/stats";
import { addBenchCodes } from "./lib/codes";
import { SHAPE } from "./shape";
import { encodeUsageCursor, USAGE_PAGE_SIZE } from "../lib/usage/filter";
import { openDatabase } from "../db/index";
import { findInvariantViolations } from "../test/invariants";

applyBenchEnv();
assertLocalServer();

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PAGE_SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 8);
const PORT_A = PORT_BASE;
const PORT_B = PORT_BASE + 1;
/** The two servers with a low redemption limit (P5), then the two behind PgBouncer and their two with the limit. */
const PORTS_LIMITED = [PORT_BASE + 2, PORT_BASE + 3] as const;
const PORTS_BOUNCER = [PORT_BASE + 4, PORT_BASE + 5] as const;
const PORTS_BOUNCER_LIMITED = [PORT_BASE + 6, PORT_BASE + 7] as const;
const P2_USERS = 20;
/** A page whose first GET takes longer than this is reported as not answering (P3). */
const PAGE_TIMEOUT_MS = Number(process.env.BENCH_PAGE_TIMEOUT_MS ?? 30_000);
/** P5 through PgBouncer: app-side connections (two servers' pools of 100) over at most this many server connections. */
const BOUNCER_APP_CONNECTIONS = 200;
const BOUNCER_SERVER_CONNECTIONS = 20;
/**
 * The load through PgBouncer: 200 pay requests in flight queue for 20 server connections,
 * so each takes many seconds on a small machine; the phase is long enough for some to finish.
 */
const BOUNCER_SECONDS = Number(process.env.BENCH_PGBOUNCER_SECONDS ?? Math.max(SECONDS, 25));
/** This process's own direct connections, told apart from the app's in pg_stat_activity. */
const HARNESS_APP_NAME = "bench-harness";
const HARNESS_DB_URL = `${BENCH_DB_URL}?application_name=${HARNESS_APP_NAME}`;

const ids = actionIds();
const need = (name: string) => {
  const id = ids[name];
  if (!id) throw new Error(`no server action ${name} in .next/server/server-reference-manifest.json: run next build first`);
  return id;
};
const ACTIONS = {
  ping: { id: need("pingAction"), path: "/billing/bench-ping", tree: routerStateTree(["(billing)", "billing", "bench-ping"]) },
  pay: { id: need("placeAndPayOrderAction"), path: "/billing/orders/new", tree: routerStateTree(["(billing)", "billing", "orders", "new"]) },
  redeem: { id: need("redeemCodeAction"), path: "/billing", tree: routerStateTree(["(billing)", "billing"]) },
  check: { id: need("checkCodeAction"), path: "/billing", tree: routerStateTree(["(billing)", "billing"]) },
};
type ActionName = keyof typeof ACTIONS;

interface LoadResult {
  /** CPU milliseconds per request: the app server's and the database backends'. */
  serverCpuMs?: number;
  dbCpuMs?: number;
  rate: number;
  p50: number;
  p99: number;
  requests: number;
  ok: number;
  notOk: number;
  errors: number;
}

/** The plan the order page would show for one unit paid from the cash balance (SPEC 6: Pay sends the plan shown). */
const CASH_PLAN = { amount: 1_000, discount: null, vouchers: [], cash: 1_000 };
const payArgs = () => [{ productPublicId: SHAPE.products.serverless, quantity: 1, plan: CASH_PLAN, requestKey: randomUUID() }];

/** P2's pay over /api/v1 pays for the accounts of the users who pay through the page. */
const API_PAY_ACCOUNTS = Array.from({ length: P2_USERS }, (_, i) => SHAPE.accountPublicId(i + 1));
/** One unit of the product the page action's pay buys, by the automatic plan (no `plan`). */
const apiPayBody = (accountId: string) => JSON.stringify({ accountId, productId: SHAPE.products.serverless, quantity: 1 });

interface ApiLoadResult extends LoadResult {
  /** Answers other than 201 (paid) or 402 (payment failed), and the first few of them: a broken API, not a slow one. */
  unexpected: number;
  samples: string[];
}

/**
 * POSTs /api/v1/orders for `seconds` at `connections` with the bench's API key,
 * cycling through P2's accounts request by request, each request with a fresh
 * Idempotency-Key as a service sends one. 201 counts as ok, 402 as not ok, and
 * anything else as unexpected, kept for the caller to fail the run with.
 */
async function loadApiPay(server: AppServer, connections: number, seconds: number): Promise<ApiLoadResult> {
  let n = 0;
  let ok = 0;
  let notOk = 0;
  let unexpected = 0;
  const samples: string[] = [];
  const result = await autocannon({
    url: server.origin,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/api/v1/orders",
        setupRequest: (req) => ({
          ...req,
          headers: { authorization: `Bearer ${SHAPE.apiSecret}`, "content-type": "application/json", "idempotency-key": randomUUID() },
          body: apiPayBody(API_PAY_ACCOUNTS[n++ % API_PAY_ACCOUNTS.length]!),
        }),
        onResponse: (status, body) => {
          if (status === 201) ok++;
          else if (status === 402) notOk++;
          else if (++unexpected <= 3) samples.push(`HTTP ${status} ${body.slice(0, 300)}`);
        },
      },
    ],
  });
  return { ...summarize(result, ok, notOk), unexpected, samples };
}

/** Stops the run's success when P2's pay over /api/v1 got answers other than 201 and 402, saying which. */
function failOnUnexpected(phase: string, r: ApiLoadResult): void {
  if (r.unexpected === 0 && r.ok > 0) return;
  console.error(`  FAILED ${phase}: ${r.ok} answers 201, ${r.unexpected} neither 201 nor 402, e.g.:\n    ${r.samples.join("\n    ")}`);
  process.exitCode = 1;
}

/**
 * Posts `action` for `seconds` at `connections`, cycling through the users'
 * cookies request by request; counts results whose `ok` is true.
 */
async function loadAction(
  server: AppServer,
  action: ActionName,
  cookies: string[],
  connections: number,
  seconds: number,
  args: () => unknown[],
  timeoutSeconds = 30,
): Promise<LoadResult> {
  const a = ACTIONS[action];
  let n = 0;
  let ok = 0;
  let notOk = 0;
  const result = await autocannon({
    url: server.origin,
    connections,
    duration: seconds,
    timeout: timeoutSeconds,
    requests: [
      {
        method: "POST",
        path: a.path,
        setupRequest: (req) => ({ ...req, headers: actionHeaders(server, a.id, cookies[n++ % cookies.length]!, a.tree), body: JSON.stringify(args()) }),
        onResponse: (status, body) => {
          const r = actionResultOf(body) as { ok?: boolean } | undefined;
          if (status === 200 && r?.ok === true) ok++;
          else notOk++;
        },
      },
    ],
  });
  return summarize(result, ok, notOk);
}

function summarize(result: CannonResult, ok: number, notOk: number): LoadResult {
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    ok,
    notOk,
    errors: result.errors + result.timeouts,
  };
}

async function loadPage(server: AppServer, pagePath: string, cookie: string, connections: number, seconds: number): Promise<LoadResult> {
  let ok = 0;
  let notOk = 0;
  const result = await autocannon({
    url: server.origin,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: "GET",
        path: pagePath,
        headers: { cookie, accept: "text/html" },
        onResponse: (status) => (status === 200 ? ok++ : notOk++),
      },
    ],
  });
  return summarize(result, ok, notOk);
}

const cpuText = (r: LoadResult) =>
  r.serverCpuMs === undefined ? "" : `CPU/request: server ${r.serverCpuMs.toFixed(1)} ms, db ${r.dbCpuMs!.toFixed(1)} ms`;
const line = (name: string, r: LoadResult) =>
  console.log(`  ${name}: ${fmt(r.rate)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (${r.ok} ok, ${r.notOk} not ok, ${r.errors} errors)${r.serverCpuMs === undefined ? "" : `; ${cpuText(r)}`}`);

/** Runs a load phase on one server and adds the CPU its process tree and the database backends spent per request. */
async function withCpu<R extends LoadResult>(server: AppServer, run: () => Promise<R>): Promise<R> {
  const db = backendCpuWindow(sql, BENCH_DB);
  db.start();
  const server0 = server.cpuMs();
  const r = await run();
  const serverMs = server.cpuMs() - server0;
  db.end();
  const requests = Math.max(1, r.requests);
  return { ...r, serverCpuMs: serverMs / requests, dbCpuMs: (await db.ms()) / requests };
}

/** Samples the server's resident memory while `run` runs; returns its result and the peak. */
async function withPeakRss<T>(server: AppServer, run: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = server.rss();
  const timer = setInterval(() => (peak = Math.max(peak, server.rss())), 200);
  try {
    return { value: await run(), peak };
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, server.rss());
  }
}

const rows: Row[] = [];
const sql = postgres(HARNESS_DB_URL, { max: 2, onnotice: () => {} });
const servers: AppServer[] = [];
let bouncer: PgBouncer | undefined;

/** test/invariants.ts on the benchmark database (directly, not through PgBouncer): the number of violations. */
async function invariantViolations(): Promise<number> {
  const database = await openDatabase({ url: HARNESS_DB_URL });
  try {
    const v = await findInvariantViolations(database.db);
    const n = Object.values(v).reduce((sum, r) => sum + (r?.length ?? 0), 0);
    if (n > 0) console.log(`  invariant violations: ${JSON.stringify(Object.keys(v).filter((k) => (v as Record<string, unknown[] | undefined>)[k]?.length))}`);
    return n;
  } finally {
    await database.close();
  }
}

/** Two load phases run at once, as one. */
function combine(x: LoadResult, y: LoadResult): LoadResult {
  return {
    rate: x.rate + y.rate,
    p50: Math.max(x.p50, y.p50),
    p99: Math.max(x.p99, y.p99),
    requests: x.requests + y.requests,
    ok: x.ok + y.ok,
    notOk: x.notOk + y.notOk,
    errors: x.errors + y.errors,
  };
}

interface P5Checks {
  sessionHolds: boolean;
  outcomes: string[];
  allowed: number;
  limit: number;
  limitHolds: boolean;
  payments: number;
  paysOnce: boolean;
}

/**
 * P5's correctness checks on two servers `a` and `b` of one database: a session
 * from one used on the other; the redemption limit counted across two more
 * servers started on `limitedPorts` with REDEEM_LIMIT_PER_ACCOUNT=10 (and `env`);
 * one pay request sent four times to both at once pays once.
 */
async function p5Checks(a: AppServer, b: AppServer, limitedPorts: readonly [number, number], env: Record<string, string>, label: string): Promise<P5Checks> {
  // Sessions: signed in on A, paying on B.
  const userA = await signIn(a, SHAPE.userEmail(30), SHAPE.password);
  const crossPay = await callAction(b, ACTIONS.pay.path, actionHeaders(b, ACTIONS.pay.id, userA, ACTIONS.pay.tree), payArgs());
  const sessionHolds = crossPay.status === 200 && (crossPay.result as { ok?: boolean } | undefined)?.ok === true;
  console.log(`  signed in on one server, paid on the other${label}: ${sessionHolds ? "ok" : `failed ${JSON.stringify(crossPay.result)}`}`);

  // The redemption limit (REDEEM_LIMIT_PER_ACCOUNT, here 10) counts attempts on both servers.
  const limit = 10;
  await sql`DELETE FROM rate_limit_buckets`;
  const limited = await Promise.all(limitedPorts.map((port) => startServer(port, { ...env, REDEEM_LIMIT_PER_ACCOUNT: String(limit) })));
  const outcomes: string[] = [];
  try {
    const limitUser = await signIn(limited[0]!, SHAPE.userEmail(31), SHAPE.password);
    for (let i = 0; i < limit + 2; i++) {
      const server = limited[i % 2]!;
      const r = await callAction(server, ACTIONS.check.path, actionHeaders(server, ACTIONS.check.id, limitUser, ACTIONS.check.tree), [{ code: "not-a-code", kind: "cash" }]);
      outcomes.push((r.result as { code?: string } | undefined)?.code ?? `HTTP ${r.status}`);
    }
  } finally {
    await Promise.all(limited.map((s) => s.stop()));
  }
  const allowed = outcomes.filter((c) => c !== "rate_limited").length;
  const limitHolds = allowed === limit && outcomes.slice(limit).every((c) => c === "rate_limited");
  console.log(`  ${limit + 2} Check attempts alternating between two servers${label}: ${outcomes.join(", ")} → ${limitHolds ? "ok" : "FAILED"}`);

  // One payment request sent to both servers at once pays once.
  const dupUser = await signIn(a, SHAPE.userEmail(32), SHAPE.password);
  const requestKey = randomUUID();
  const dupArgs = [{ productPublicId: SHAPE.products.serverless, quantity: 1, plan: CASH_PLAN, requestKey }];
  const dup = await Promise.all(
    [a, b, a, b].map((s) => callAction(s, ACTIONS.pay.path, actionHeaders(s, ACTIONS.pay.id, dupUser, ACTIONS.pay.tree), dupArgs)),
  );
  const [paid] = await sql<{ orders: number; payments: number }[]>`
    SELECT count(DISTINCT o.id)::int AS orders, count(p.id) FILTER (WHERE p.status = 'succeeded')::int AS payments
    FROM orders o LEFT JOIN payments p ON p.order_id = o.id WHERE o.request_key = ${requestKey}`;
  const dupOk = dup.every((r) => (r.result as { ok?: boolean } | undefined)?.ok === true);
  const paysOnce = paid?.orders === 1 && paid.payments === 1 && dupOk;
  console.log(`  one pay request sent 4 times to two servers${label}: ${paid?.orders} order, ${paid?.payments} payment → ${paysOnce ? "ok" : "FAILED"}`);
  return { sessionHolds, outcomes, allowed, limit, limitHolds, payments: paid?.payments ?? 0, paysOnce };
}

function p5Rows(r: P5Checks, label: string): Row[] {
  const eq = (value: number) => ({ op: "==" as const, value, of: "value" as const });
  return [
    goalRow({ id: "P5", figure: `session: signed in on one server, paid on the other${label}`, value: r.sessionHolds ? 1 : 0, unit: "", note: r.sessionHolds ? "holds" : "failed" }, eq(1), { goal: "holds (1)" }),
    goalRow(
      { id: "P5", figure: `redemption limit counted across both servers${label} (${r.outcomes.filter((c) => c === "rate_limited").length} of ${r.outcomes.length} attempts refused)`, value: r.allowed, unit: "allowed" },
      eq(r.limit),
      { valid: r.limitHolds },
    ),
    goalRow({ id: "P5", figure: `one pay request sent 4× to two servers${label}`, value: r.payments, unit: "payment(s)" }, eq(1), { valid: r.paysOnce }),
  ];
}
try {
  // ------------------------------------------------------------------ P2
  console.log(`P2: pay (page action and /api/v1) and redeem over HTTP, 20 connections, ${SECONDS} s each`);
  // `let`: P3 replaces a server that a page left busy (see restartA).
  let a = await startServer(PORT_A);
  servers.push(a);
  /** Replaces server A by a fresh one (a page that never answered keeps its event loop busy). */
  const restartA = async () => {
    servers.splice(servers.indexOf(a), 1);
    await a.stop();
    a = await startServer(PORT_A);
    servers.push(a);
  };
  const users = Array.from({ length: P2_USERS }, (_, i) => SHAPE.userEmail(i + 1));
  const cookies: string[] = [];
  // Sessions come from better-auth's cookie cache (5 minutes, docs/security.md); past it, every
  // request reads the session and sets the cookie again, which makes Next render the page into an
  // action's response. A browser renews it once per 5 minutes; the load phases sign in afresh instead.
  const renewCookies = async (server: AppServer) => {
    cookies.length = 0;
    for (const email of users) cookies.push(await signIn(server, email, SHAPE.password));
  };
  await renewCookies(a);
  const codes = await addBenchCodes(sql, 40_000, process.env.VOUCHER_CODE_SECRET!);
  let nextCode = 0;
  const redeemArgs = () => [{ code: codes[nextCode++ % codes.length]!, kind: "cash" }];

  // Warm-up: the server compiles and caches on first use of each route.
  for (const name of ["ping", "pay", "redeem"] as const) {
    await loadAction(a, name, cookies, 4, 2, name === "ping" ? () => [{}] : name === "pay" ? payArgs : redeemArgs);
  }
  failOnUnexpected("pay over /api/v1 (warm-up)", await loadApiPay(a, 4, 2));
  const { value: p2, peak } = await withPeakRss(a, async () => {
    const pingBefore = await withCpu(a, () => loadAction(a, "ping", cookies, 20, SECONDS, () => [{}]));
    line("reference action (before)", pingBefore);
    const pay = await withCpu(a, () => loadAction(a, "pay", cookies, 20, SECONDS, payArgs));
    line("pay", pay);
    const apiPay = await withCpu(a, () => loadApiPay(a, 20, SECONDS));
    line("pay over /api/v1", apiPay);
    failOnUnexpected("pay over /api/v1", apiPay);
    const redeem = await withCpu(a, () => loadAction(a, "redeem", cookies, 20, SECONDS, redeemArgs));
    line("redeem", redeem);
    const pingAfter = await withCpu(a, () => loadAction(a, "ping", cookies, 20, SECONDS, () => [{}]));
    line("reference action (after)", pingAfter);
    return { pingBefore, pingAfter, pay, apiPay, redeem };
  });
  console.log(`  peak RSS of the server under P2 load: ${fmt(peak / 2 ** 20)} MiB`);
  const pingRate = (p2.pingBefore.rate + p2.pingAfter.rate) / 2;
  console.log(`  pay over /api/v1: ${(p2.apiPay.rate / p2.pay.rate).toFixed(2)}× the page action's pay, ${(p2.apiPay.rate / pingRate).toFixed(2)}× the reference action`);
  const pingP99 = (p2.pingBefore.p99 + p2.pingAfter.p99) / 2;
  const reference = { label: "reference action (session check only), mean of before/after", value: pingRate, unit: "req/s" };
  const p99Reference = { label: "reference action p99, mean of before/after", value: pingP99, unit: "ms" };
  for (const [name, r] of [
    ["pay (placeAndPayOrderAction)", p2.pay],
    ["redeem (redeemCodeAction)", p2.redeem],
  ] as const) {
    rows.push(
      ratioRow(
        { id: "P2", figure: `${name}, 20 connections`, value: r.rate, unit: "req/s", note: `${r.ok} ok of ${r.requests}; ${cpuText(r)} (reference: ${cpuText(p2.pingBefore)})` },
        reference,
        0.6,
      ),
    );
    rows.push(goalRow({ id: "P2", figure: `${name} p99 latency, 20 connections`, value: r.p99, unit: "ms", reference: p99Reference }, { op: "<=", value: 1.5, of: "ratio" }));
  }
  rows.push(
    reportRow({
      id: "P2",
      figure: "reference action p99 latency (before / after)",
      value: pingP99,
      unit: "ms",
      note: `${fmt(p2.pingBefore.p99)} / ${fmt(p2.pingAfter.p99)} ms; rate ${fmt(p2.pingBefore.rate)} / ${fmt(p2.pingAfter.rate)} req/s`,
    }),
  );

  // API: the same purchase over /api/v1, against the DAL's pay of P1 in this run (bench/results/p1.json).
  const p1 = readPhase("p1") as { at?: string; spread?: { rate?: number } } | undefined;
  const dalRate = p1?.spread?.rate;
  const apiOk = p2.apiPay.unexpected === 0 && p2.apiPay.ok > 0;
  rows.push(
    goalRow(
      {
        id: "API",
        figure: "pay over /api/v1 (POST /api/v1/orders with an API key, automatic plan), 20 connections",
        value: p2.apiPay.rate,
        unit: "req/s",
        reference: dalRate ? { label: `pay through the DAL (placeAndPayOrder), 8 workers, spread (P1${process.env.BENCH_IN_RUN === "1" ? "" : `, ${p1?.at}`})`, value: dalRate, unit: "pay/s" } : undefined,
        note: `${p2.apiPay.ok} ok of ${p2.apiPay.requests}, ${p2.apiPay.unexpected} neither 201 nor 402; ${(p2.apiPay.rate / p2.pay.rate).toFixed(2)}× the page action's pay; ${cpuText(p2.apiPay)}${dalRate ? "" : "; no P1 result in bench/results: run P1 first"}`,
      },
      { op: ">=", value: 0.8, of: "ratio" },
      { valid: apiOk },
    ),
  );
  rows.push(reportRow({ id: "API", figure: "pay over /api/v1 p99 latency", value: p2.apiPay.p99, unit: "ms", note: `pay (placeAndPayOrderAction): ${fmt(p2.pay.p99)} ms` }));
  rows.push(reportRow({ id: "memory", figure: "peak RSS of the server process tree under P2 load", value: peak / 2 ** 20, unit: "MiB" }));

  // ------------------------------------------------------------------ P3
  console.log(`P3: pages of the large account, 4 connections, ${PAGE_SECONDS} s each`);
  const large = await signIn(a, SHAPE.largeUserEmail, SHAPE.password);
  const [deep] = await sql<{ t: string; id: string }[]>`
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t, id::text AS id FROM usage_records
    WHERE account_id = ${SHAPE.largeAccountId} ORDER BY created_at DESC, id DESC OFFSET ${500 * USAGE_PAGE_SIZE - 1} LIMIT 1`;
  const [busy] = await sql<{ public_id: string; n: number }[]>`
    SELECT v.public_id, u.n FROM (SELECT voucher_id, count(*)::int AS n FROM usage_records
      WHERE account_id = ${SHAPE.largeAccountId} AND voucher_id IS NOT NULL GROUP BY voucher_id ORDER BY n DESC LIMIT 1) u
    JOIN vouchers v ON v.id = u.voucher_id`;
  if (!deep || !busy) throw new Error("the benchmark database lacks the large account's usage history: run npm run bench:data");
  const deepCursor = encodeUsageCursor({ createdAt: deep.t, id: Number(deep.id) });
  const pages: Array<[string, string]> = [
    ["/billing (overview, Cash tab)", "/billing"],
    ["/billing Cash tab, status available", "/billing?tab=cash&status=available"],
    ["/billing Discount tab, status used", "/billing?tab=discount&status=used"],
    ["/billing Computing Power tab, status expired", "/billing?tab=compute&status=expired"],
    ["/billing/usage first page", "/billing/usage"],
    ["/billing/usage 500 pages deep (keyset)", `/billing/usage?cursor=${deepCursor}`],
    [`/billing/usage Voucher ID filter (${busy.n} records)`, `/billing/usage?voucher=${busy.public_id}`],
    ["/billing/orders (20,000 orders)", "/billing/orders"],
    ["/billing/statements (cash, this month)", "/billing/statements"],
    ["/billing/statements (computing power, this month)", "/billing/statements?kind=compute"],
  ];
  // Warm-up, one GET of each page, which also gives its HTML: the whole document as the
  // browser receives it (streamed HTML with its inline Flight payload), in bytes. A page that
  // does not answer in PAGE_TIMEOUT_MS is not loaded further (its rows are not met) and the
  // server, whose event loop it may keep busy for minutes, is replaced.
  const html = new Map<string, { status: number; bytes: number | null; error?: string }>();
  for (const [name, path] of pages) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${a.origin}${path}`, { headers: { cookie: large, accept: "text/html" }, signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
      const bytes = (await res.arrayBuffer()).byteLength;
      html.set(path, { status: res.status, bytes });
      console.log(`  ${name}: HTTP ${res.status}, ${fmt(bytes / 1000)} kB of HTML, first GET ${fmt(performance.now() - t0)} ms`);
    } catch (err) {
      const error = `no answer in ${PAGE_TIMEOUT_MS / 1000} s (${err instanceof Error ? err.name : "error"})`;
      html.set(path, { status: 0, bytes: null, error });
      console.error(`  FAILED ${name}: ${error}; restarting the server`);
      await restartA();
    }
  }
  // In-run reference: the smallest signed-in page (no query but the session), before and after the pages.
  const trivialPage = async (when: string) => {
    const r = await withCpu(a, () => loadPage(a, "/billing/bench-ping", large, 4, PAGE_SECONDS));
    line(`reference: trivial signed-in page /billing/bench-ping (${when})`, r);
    return r;
  };
  const trivialBefore = await trivialPage("before");
  const measuredPages: Array<{ name: string; r: LoadResult | null; bytes: number | null; status: number; error?: string }> = [];
  for (const [name, path] of pages) {
    const h = html.get(path)!;
    if (h.status !== 200) {
      measuredPages.push({ name, r: null, ...h });
      continue;
    }
    const r = await withCpu(a, () => loadPage(a, path, large, 4, PAGE_SECONDS));
    line(`${name} (${fmt(h.bytes! / 1000)} kB of HTML)`, r);
    measuredPages.push({ name, r, ...h });
    if (r.ok === 0 || r.errors > 0) {
      console.error(`  FAILED ${name}: ${r.ok} answers 200, ${r.errors} errors/timeouts; restarting the server`);
      await restartA();
    }
  }
  const trivialAfter = await trivialPage("after");
  const trivialP99 = (trivialBefore.p99 + trivialAfter.p99) / 2;
  rows.push(
    reportRow({
      id: "P3",
      figure: "reference: trivial signed-in page (/billing/bench-ping), p99, mean of before/after",
      value: trivialP99,
      unit: "ms",
      note: `${fmt(trivialBefore.p99)} / ${fmt(trivialAfter.p99)} ms; ${fmt(trivialBefore.rate)} req/s, p50 ${fmt(trivialBefore.p50)} ms; ${cpuText(trivialBefore)}`,
    }),
  );
  const pageReference = { label: "trivial signed-in page p99 (mean of before/after)", value: trivialP99, unit: "ms" };
  for (const { name, r, bytes, status, error } of measuredPages) {
    // A phase with no answer at all has no latency to speak of (autocannon reports 0).
    const allOk = r !== null && r.ok > 0 && r.notOk === 0 && r.errors === 0;
    const failure = error ?? (status !== 200 ? `HTTP ${status}` : undefined);
    rows.push(
      goalRow(
        {
          id: "P3",
          figure: `${name}, p99`,
          value: r && r.ok > 0 ? r.p99 : null,
          unit: "ms",
          reference: pageReference,
          note: r
            ? `${fmt(r.rate)} req/s, p50 ${fmt(r.p50)} ms; ${cpuText(r)}${allOk ? "" : `; ${r.ok} answers 200, ${r.notOk} other answers, ${r.errors} errors/timeouts`}`
            : `not loaded: ${failure}`,
        },
        { op: "<=", value: 1.5, of: "ratio" },
        { valid: allOk },
      ),
    );
    rows.push(
      goalRow(
        { id: "P3", figure: `${name}, HTML size`, value: bytes === null ? null : bytes / 1000, unit: "kB", note: failure },
        { op: "<=", value: 60, of: "value" },
        { valid: status === 200 },
      ),
    );
  }

  // The pages above are the same account's, again and again: after the first GET the
  // overview's insights and the statement come from memory (docs/performance.md "The
  // insights cache"). What a first view after a change costs: the same pages on a server
  // with that cache off (ACCOUNT_CACHE=off), reported beside them.
  console.log(`P3 cold: the same pages with the account cache off, 4 connections, ${PAGE_SECONDS} s each`);
  const cold = await startServer(PORT_B, { ACCOUNT_CACHE: "off" });
  servers.push(cold);
  const coldCookie = await signIn(cold, SHAPE.largeUserEmail, SHAPE.password);
  for (const [name, path] of pages.filter(([, p]) => p === "/billing" || p.startsWith("/billing/statements"))) {
    const r = await withCpu(cold, () => loadPage(cold, path, coldCookie, 4, PAGE_SECONDS));
    line(`${name}, cache off`, r);
    rows.push(
      reportRow({
        id: "P3",
        figure: `${name}, p99 with the account cache off (every request computes)`,
        value: r.ok > 0 ? r.p99 : null,
        unit: "ms",
        reference: pageReference,
        note: `${fmt(r.rate)} req/s, p50 ${fmt(r.p50)} ms; ${cpuText(r)}`,
      }),
    );
  }
  servers.splice(servers.indexOf(cold), 1);
  await cold.stop();

  // ------------------------------------------------------------------ P5
  console.log("P5: two app servers on one database");
  const b = await startServer(PORT_B);
  servers.push(b);
  const direct = await p5Checks(a, b, PORTS_LIMITED, {}, "");

  // Throughput: 20 connections on one server, then 10 on each of two; invariants checked during and after.
  await renewCookies(a);
  const payCookies = cookies;
  // One server before and after two (the mean is the reference), so drift on a shared machine shows.
  const oneBefore = await loadAction(a, "pay", payCookies, 20, SECONDS, payArgs);
  line("pay, one server, 20 connections (before)", oneBefore);
  let duringViolations = 0;
  const [twoA, twoB] = await Promise.all([
    loadAction(a, "pay", payCookies.slice(0, 10), 10, SECONDS, payArgs),
    loadAction(b, "pay", payCookies.slice(10), 10, SECONDS, payArgs),
    (async () => {
      await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 3));
      duringViolations = await invariantViolations();
    })(),
  ]);
  const two = combine(twoA, twoB);
  line("pay, two servers, 10 connections each", two);
  const oneAfter = await loadAction(a, "pay", payCookies, 20, SECONDS, payArgs);
  line("pay, one server, 20 connections (after)", oneAfter);
  const one = { rate: (oneBefore.rate + oneAfter.rate) / 2 };
  const afterViolations = await invariantViolations();
  console.log(`  invariant violations: ${duringViolations} during load, ${afterViolations} after`);

  rows.push(...p5Rows(direct, ""));
  rows.push(goalRow({ id: "P5", figure: "invariant violations during and after two-server load", value: duringViolations + afterViolations, unit: "" }, { op: "==", value: 0, of: "value" }));
  rows.push(
    reportRow({
      id: "P5",
      figure: "pay throughput, two servers (10+10 connections)",
      value: two.rate,
      unit: "req/s",
      note: `p99 ${fmt(two.p99)} ms`,
      reference: { label: "one server, 20 connections (mean of before/after)", value: one.rate, unit: "req/s" },
    }),
  );
  // The direct servers stop here: only PgBouncer's connect to the database from now on.
  await Promise.all([a.stop(), b.stop()]);
  servers.splice(servers.indexOf(a), 1);
  servers.splice(servers.indexOf(b), 1);

  // ------------------------------------------------------------------ P5 through PgBouncer
  console.log(`P5 through PgBouncer: two app servers (pools of ${BOUNCER_APP_CONNECTIONS / 2}) behind PgBouncer, transaction pooling, ${BOUNCER_SERVER_CONNECTIONS} server connections`);
  bouncer = await startPgBouncer({ database: BENCH_DB, poolSize: BOUNCER_SERVER_CONNECTIONS, maxClients: BOUNCER_APP_CONNECTIONS + 50 });
  const bouncerEnv = { DATABASE_URL: bouncer.url(BENCH_DB), DATABASE_PGBOUNCER: "1", DATABASE_POOL_MAX: String(BOUNCER_APP_CONNECTIONS / 2) };
  const [c, d] = await Promise.all(PORTS_BOUNCER.map((port) => startServer(port, bouncerEnv)));
  servers.push(c!, d!);
  const pooled = await p5Checks(c!, d!, PORTS_BOUNCER_LIMITED, bouncerEnv, " through PgBouncer");
  await renewCookies(c!);
  // Warm-up of the pay route on both (first use compiles and caches).
  await Promise.all([loadAction(c!, "pay", cookies, 4, 2, payArgs), loadAction(d!, "pay", cookies, 4, 2, payArgs)]);

  // Load that opens every app-side connection: each server gets as many concurrent pay
  // requests as its pool has connections; PgBouncer's SHOW POOLS and pg_stat_activity
  // (the database's own count, this process's connections left out) are sampled meanwhile.
  const perServer = BOUNCER_APP_CONNECTIONS / 2;
  const conn = { clients: 0, servers: 0, backends: 0, waiting: 0, backendsAtMax: "" };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [pools, [act]] = await Promise.all([
        bouncer!.pools(BENCH_DB),
        sql<{ n: number; who: string | null }[]>`SELECT count(*)::int AS n,
            string_agg(coalesce(application_name, '?') || '/' || coalesce(state, '?'), ', ' ORDER BY backend_start) AS who
          FROM pg_stat_activity
          WHERE datname = ${BENCH_DB} AND backend_type = 'client backend' AND application_name IS DISTINCT FROM ${HARNESS_APP_NAME}`,
      ]);
      conn.clients = Math.max(conn.clients, pools.clients);
      conn.servers = Math.max(conn.servers, pools.servers);
      conn.waiting = Math.max(conn.waiting, pools.waiting);
      if ((act?.n ?? 0) > conn.backends) {
        conn.backends = act!.n;
        conn.backendsAtMax = act!.who ?? "";
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  let bouncerDuring = 0;
  const [loadC, loadD] = await Promise.all([
    loadAction(c!, "pay", cookies, perServer, BOUNCER_SECONDS, payArgs, 90),
    loadAction(d!, "pay", cookies, perServer, BOUNCER_SECONDS, payArgs, 90),
    (async () => {
      await new Promise((r) => setTimeout(r, (BOUNCER_SECONDS * 1000) / 3));
      bouncerDuring = await invariantViolations();
    })(),
  ]);
  sampling = false;
  await sampler;
  const pooledLoad = combine(loadC, loadD);
  line(`pay through PgBouncer, two servers, ${perServer} connections each, ${BOUNCER_SECONDS} s`, pooledLoad);
  if (conn.backends > conn.servers) console.log(`  pg_stat_activity at its max (${conn.backends}): ${conn.backendsAtMax}`);
  const bouncerAfter = await invariantViolations();
  console.log(
    `  at most ${conn.clients} app-side (client) connections and ${conn.servers} server connections in PgBouncer (${conn.waiting} clients waiting at most); ` +
      `${conn.backends} backends of ${BENCH_DB} in pg_stat_activity; invariant violations: ${bouncerDuring} during load, ${bouncerAfter} after`,
  );
  const loadOk = pooledLoad.ok > 0 && pooledLoad.errors === 0;
  rows.push(...p5Rows(pooled, " through PgBouncer"));
  rows.push(
    goalRow(
      { id: "P5", figure: "invariant violations during and after load through PgBouncer", value: bouncerDuring + bouncerAfter, unit: "" },
      { op: "==", value: 0, of: "value" },
    ),
  );
  rows.push(
    goalRow(
      {
        id: "P5",
        figure: `app-side connections open at once through PgBouncer (two servers, DATABASE_POOL_MAX=${perServer}, ${perServer}+${perServer} HTTP connections of pay)`,
        value: conn.clients,
        unit: "connections",
        note: "max of PgBouncer's SHOW POOLS cl_active + cl_waiting, sampled every 100 ms",
      },
      { op: ">=", value: BOUNCER_APP_CONNECTIONS, of: "value" },
    ),
  );
  rows.push(
    goalRow(
      {
        id: "P5",
        figure: `server connections used by ${BOUNCER_APP_CONNECTIONS} app-side connections (PgBouncer, transaction pooling)`,
        value: conn.servers,
        unit: "connections",
        note:
          `max over the load of PgBouncer's SHOW POOLS sv_*; ${conn.clients} app-side connections at most; ` +
          `${BENCH_DB}'s client backends in pg_stat_activity at most ${conn.backends} (sampled apart from SHOW POOLS, so a backend PgBouncer has just closed can still be listed next to its replacement)`,
      },
      { op: "<=", value: BOUNCER_SERVER_CONNECTIONS, of: "value" },
      { valid: loadOk },
    ),
  );
  rows.push(
    reportRow({
      id: "P5",
      figure: `pay through PgBouncer, two servers (${perServer}+${perServer} connections)`,
      value: pooledLoad.rate,
      unit: "req/s",
      note: `p50 ${fmt(pooledLoad.p50)} ms, p99 ${fmt(pooledLoad.p99)} ms; ${pooledLoad.ok} ok, ${pooledLoad.notOk} not ok, ${pooledLoad.errors} errors`,
      reference: { label: "two servers direct, 10+10 connections", value: two.rate, unit: "req/s" },
    }),
  );
  if (!loadOk) {
    console.error(`  FAILED load through PgBouncer: ${pooledLoad.ok} ok, ${pooledLoad.errors} errors/timeouts\n${bouncer.log().slice(-2000)}`);
    process.exitCode = 1;
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await bouncer?.stop();
  await sql.end();
}
writeRows("http", rows);
