/**
 * P2, P3, P5 and the server's memory, over HTTP against `next start` of the
 * production build (run `next build` first; bench/run.ts does).
 *
 * P2: pay (placeAndPayOrderAction) and redeem (redeemCodeAction) at 20
 * connections, against the reference action of the same server (pingAction:
 * session check and validation only), measured before and after them; and pay
 * over /api/v1 (POST /api/v1/orders with an API key) at the same 20
 * connections, next to the page action's pay.
 * P3: pages of the large account at 4 connections.
 * P5: two servers on one database: a session from one used on the other, the
 * redemption limit counted across both, one duplicate payment sent to both,
 * invariants under load, and throughput of two servers against one.
 *
 * Load comes from autocannon in this process; server actions are posted as the
 * browser posts them (Next-Action header, Flight-encoded arguments).
 */
import { randomUUID } from "node:crypto";
import autocannon, { type Result as CannonResult } from "autocannon";
import postgres from "postgres";
import { BENCH_DB, BENCH_DB_URL, applyBenchEnv, assertLocalServer } from "./lib/env";
import { backendCpuWindow } from "./lib/cpu";
import { actionHeaders, actionIds, actionResultOf, callAction, routerStateTree, signIn, startServer, type AppServer } from "./lib/server";
import { ratioRow, writeRows, type Row } from "./lib/report";
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
const PORT_A = 3310;
const PORT_B = 3311;
const P2_USERS = 20;

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
async function loadAction(server: AppServer, action: ActionName, cookies: string[], connections: number, seconds: number, args: () => unknown[]): Promise<LoadResult> {
  const a = ACTIONS[action];
  let n = 0;
  let ok = 0;
  let notOk = 0;
  const result = await autocannon({
    url: server.origin,
    connections,
    duration: seconds,
    timeout: 30,
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
const sql = postgres(BENCH_DB_URL, { max: 2, onnotice: () => {} });
const servers: AppServer[] = [];
try {
  // ------------------------------------------------------------------ P2
  console.log(`P2: pay (page action and /api/v1) and redeem over HTTP, 20 connections, ${SECONDS} s each`);
  const a = await startServer(PORT_A);
  servers.push(a);
  const users = Array.from({ length: P2_USERS }, (_, i) => SHAPE.userEmail(i + 1));
  const cookies: string[] = [];
  for (const email of users) cookies.push(await signIn(a, email, SHAPE.password));
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
  const reference = { label: "reference action (session check only), mean of before/after", value: pingRate, unit: "req/s" };
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
    rows.push({ id: "P2", figure: `${name} p99 latency`, value: r.p99, unit: "ms", goal: "≤ 100 ms", met: r.p99 <= 100 });
  }
  rows.push({
    ...ratioRow(
      {
        id: "P2",
        figure: "pay over /api/v1 (POST /api/v1/orders with an API key, automatic plan), 20 connections",
        value: p2.apiPay.rate,
        unit: "req/s",
        note: `${p2.apiPay.ok} ok of ${p2.apiPay.requests}, ${p2.apiPay.unexpected} neither 201 nor 402; ${(p2.apiPay.rate / pingRate).toFixed(2)}× the reference action; ${cpuText(p2.apiPay)}`,
      },
      { label: "pay (placeAndPayOrderAction)", value: p2.pay.rate, unit: "req/s" },
      0,
    ),
    goal: "report",
    met: p2.apiPay.unexpected === 0 && p2.apiPay.ok > 0 ? null : false,
  });
  rows.push({ id: "P2", figure: "pay over /api/v1 p99 latency", value: p2.apiPay.p99, unit: "ms", goal: "report", met: null, note: `pay (placeAndPayOrderAction): ${fmt(p2.pay.p99)} ms` });
  rows.push({ id: "P2", figure: "reference action p99 latency", value: Math.max(p2.pingBefore.p99, p2.pingAfter.p99), unit: "ms", goal: "report", met: null });
  rows.push({ id: "memory", figure: "peak RSS of the server process tree under P2 load", value: peak / 2 ** 20, unit: "MiB", goal: "report", met: null });

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
  ];
  for (const [, path] of pages) await loadPage(a, path, large, 2, 1);
  // In-run reference for the machine's state: the smallest signed-in page (no query but the session).
  const trivial = await withCpu(a, () => loadPage(a, "/billing/bench-ping", large, 4, PAGE_SECONDS));
  line("reference: trivial signed-in page /billing/bench-ping", trivial);
  rows.push({
    id: "P3",
    figure: "reference: trivial signed-in page (/billing/bench-ping), p99",
    value: trivial.p99,
    unit: "ms",
    goal: "report",
    met: null,
    note: `${fmt(trivial.rate)} req/s, p50 ${fmt(trivial.p50)} ms; ${cpuText(trivial)}`,
  });
  for (const [name, path] of pages) {
    const r = await withCpu(a, () => loadPage(a, path, large, 4, PAGE_SECONDS));
    const bytes = (await (await fetch(`${a.origin}${path}`, { headers: { cookie: large } })).text()).length;
    line(`${name} (${fmt(bytes / 1000)} kB of HTML)`, r);
    rows.push({
      id: "P3",
      figure: `${name}, p99`,
      value: r.p99,
      unit: "ms",
      goal: "≤ 150 ms",
      met: r.p99 <= 150 && r.notOk === 0 && r.errors === 0,
      note: `${fmt(r.rate)} req/s, p50 ${fmt(r.p50)} ms; ${cpuText(r)}; ${fmt(bytes / 1000)} kB HTML`,
    });
  }

  // ------------------------------------------------------------------ P5
  console.log("P5: two app servers on one database");
  const b = await startServer(PORT_B);
  servers.push(b);
  // Sessions: signed in on A, paying on B.
  const userA = await signIn(a, SHAPE.userEmail(30), SHAPE.password);
  const crossPay = await callAction(b, ACTIONS.pay.path, actionHeaders(b, ACTIONS.pay.id, userA, ACTIONS.pay.tree), payArgs());
  const sessionHolds = crossPay.status === 200 && (crossPay.result as { ok?: boolean } | undefined)?.ok === true;
  console.log(`  signed in on A, paid on B: ${sessionHolds ? "ok" : `failed ${JSON.stringify(crossPay.result)}`}`);

  // The redemption limit (REDEEM_LIMIT_PER_ACCOUNT, here 10) counts attempts on both servers.
  const limit = 10;
  await sql`DELETE FROM rate_limit_buckets`;
  const limited = await Promise.all([
    startServer(3312, { REDEEM_LIMIT_PER_ACCOUNT: String(limit) }),
    startServer(3313, { REDEEM_LIMIT_PER_ACCOUNT: String(limit) }),
  ]);
  servers.push(...limited);
  const limitUser = await signIn(limited[0]!, SHAPE.userEmail(31), SHAPE.password);
  const outcomes: string[] = [];
  for (let i = 0; i < limit + 2; i++) {
    const server = limited[i % 2]!;
    const r = await callAction(server, ACTIONS.check.path, actionHeaders(server, ACTIONS.check.id, limitUser, ACTIONS.check.tree), [{ code: "not-a-code", kind: "cash" }]);
    outcomes.push((r.result as { code?: string } | undefined)?.code ?? `HTTP ${r.status}`);
  }
  const allowed = outcomes.filter((c) => c !== "rate_limited").length;
  const limitHolds = allowed === limit && outcomes.slice(limit).every((c) => c === "rate_limited");
  console.log(`  ${limit + 2} Check attempts alternating between two servers: ${outcomes.join(", ")} → ${limitHolds ? "ok" : "FAILED"}`);
  await Promise.all(limited.map((s) => s.stop()));

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
  console.log(`  one pay request sent 4 times to two servers: ${paid?.orders} order, ${paid?.payments} payment → ${paysOnce ? "ok" : "FAILED"}`);

  // Throughput: 20 connections on one server, then 10 on each of two; invariants checked during and after.
  const payCookies = cookies;
  // One server before and after two (the mean is the reference), so drift on a shared machine shows.
  const oneBefore = await loadAction(a, "pay", payCookies, 20, SECONDS, payArgs);
  line("pay, one server, 20 connections (before)", oneBefore);
  const database = await openDatabase({ url: BENCH_DB_URL });
  let duringViolations = 0;
  const [twoA, twoB] = await Promise.all([
    loadAction(a, "pay", payCookies.slice(0, 10), 10, SECONDS, payArgs),
    loadAction(b, "pay", payCookies.slice(10), 10, SECONDS, payArgs),
    (async () => {
      await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 3));
      const v = await findInvariantViolations(database.db);
      duringViolations = Object.values(v).reduce((n, r) => n + (r?.length ?? 0), 0);
    })(),
  ]);
  const two: LoadResult = {
    rate: twoA.rate + twoB.rate,
    p50: Math.max(twoA.p50, twoB.p50),
    p99: Math.max(twoA.p99, twoB.p99),
    requests: twoA.requests + twoB.requests,
    ok: twoA.ok + twoB.ok,
    notOk: twoA.notOk + twoB.notOk,
    errors: twoA.errors + twoB.errors,
  };
  line("pay, two servers, 10 connections each", two);
  const oneAfter = await loadAction(a, "pay", payCookies, 20, SECONDS, payArgs);
  line("pay, one server, 20 connections (after)", oneAfter);
  const one = { rate: (oneBefore.rate + oneAfter.rate) / 2 };
  const after = await findInvariantViolations(database.db);
  const afterViolations = Object.values(after).reduce((n, r) => n + (r?.length ?? 0), 0);
  await database.close();
  console.log(`  invariant violations: ${duringViolations} during load, ${afterViolations} after${afterViolations ? ` ${JSON.stringify(Object.keys(after))}` : ""}`);

  rows.push({ id: "P5", figure: "session: signed in on one server, paid on the other", value: sessionHolds ? 1 : 0, unit: "", goal: "holds", met: sessionHolds, note: sessionHolds ? "holds" : "failed" });
  rows.push({ id: "P5", figure: `redemption limit counted across both servers (${outcomes.filter((c) => c === "rate_limited").length} of ${outcomes.length} attempts refused)`, value: allowed, unit: "allowed", goal: `${limit} allowed`, met: limitHolds });
  rows.push({ id: "P5", figure: "one pay request sent 4× to two servers", value: paid?.payments ?? 0, unit: "payment(s)", goal: "1", met: paysOnce });
  rows.push({ id: "P5", figure: "invariant violations during and after two-server load", value: duringViolations + afterViolations, unit: "", goal: "0", met: duringViolations + afterViolations === 0 });
  rows.push({
    ...ratioRow({ id: "P5", figure: "pay throughput, two servers (10+10 connections)", value: two.rate, unit: "req/s", note: `p99 ${fmt(two.p99)} ms` }, { label: "one server, 20 connections (mean of before/after)", value: one.rate, unit: "req/s" }, 0),
    goal: "report",
    met: null,
  });
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await sql.end();
}
writeRows("http", rows);
