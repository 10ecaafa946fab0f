/**
 * R3, crash safety: customers pay orders and top up over HTTP, concurrently,
 * against a `next start` of our own, and the server is killed with SIGKILL in
 * the middle of that load, again and again (12 times in `npm test`, 100 in
 * `npm run stress`; CRASH_CYCLES overrides). After every kill, with the server
 * down, the database must show 0 invariant violations and 0 partial payments
 * (test/invariants.ts plus support/db.ts). After every restart the requests the
 * kill cut off are sent again with the same request keys and must be answered
 * once, typed; and at the end every payment or top-up the server had
 * acknowledged must still be there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { migrateDatabase, openDatabase } from "../../db/index";
import { seedDemoData } from "../../db/seed";
import { findViolations } from "./support/db";
import { classifyAction, postAction, signIn, type Classified } from "./support/http";
import { listActions, type ExposedAction } from "./support/manifest";
import { databaseName, dropDatabase, findPostgresServer, recreateDatabase } from "./support/pg";
import { NEEDS_POSTGRES } from "./support/target";

const CYCLES = Number(process.env.CRASH_CYCLES ?? (process.env.STRESS === "1" ? 100 : 12));
const WORKERS = 8;
/** Answers to wait for in a cycle before the kill may come, so the load is in full swing. */
const ANSWERS_BEFORE_KILL = 12;
const CUSTOMERS = ["alice@example.com", "bob@example.com", "crash1@example.com", "crash2@example.com", "crash3@example.com", "crash4@example.com"];
const SECRETS = {
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "crash-better-auth-secret-0123456789abcdef",
  VOUCHER_CODE_SECRET: process.env.VOUCHER_CODE_SECRET ?? "crash-voucher-code-secret-0123456789abcdef",
};

async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 3400 + Math.floor(Math.random() * 100);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once("error", () => resolve(false))
        .once("listening", () => probe.close(() => resolve(true)))
        .listen(port, "0.0.0.0");
    });
    if (free) return port;
  }
  throw new Error("no free port in 3400-3499");
}

interface Op {
  kind: "pay" | "topUp" | "payPending";
  customer: number;
  key: string;
  args: unknown[];
}

interface Sent {
  op: Op;
  answer?: Classified;
}

test("[SECURITY][R3] kill -9 during payment load: no partial payment, no invariant violation, nothing acknowledged lost", async () => {
  test.setTimeout(process.env.STRESS === "1" ? 3_600_000 : 420_000);
  const pgServer = await findPostgresServer();
  if (!pgServer) console.log(`[crash] SKIPPED: ${NEEDS_POSTGRES}`);
  test.skip(!pgServer, NEEDS_POSTGRES);

  const actions = listActions();
  const action = (name: string): ExposedAction => actions.find((a) => a.exportedName === name)!;
  const pay = action("placeAndPayOrderAction");
  const topUp = action("topUpAction");
  const payOrder = action("payOrderAction");

  const dbName = `billing_sec_crash_${randomBytes(4).toString("hex")}`;
  const databaseUrl = await recreateDatabase(pgServer!, dbName);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  let server: ChildProcess | null = null;
  const output: string[] = [];
  try {
    const database = await openDatabase({ url: databaseUrl });
    try {
      await migrateDatabase(database);
      await seedDemoData(database.db, new Date(), 1, CUSTOMERS.slice(2));
    } finally {
      await database.close();
    }
    const catalog = await sql<{ public_id: string; unit_price: string }[]>`SELECT public_id, unit_price::text FROM products ORDER BY id`;
    const products = catalog.map((r) => r.public_id);
    const priceOf = new Map(catalog.map((r) => [r.public_id, Number(r.unit_price)]));
    // Pay sends the plan the page showed (SPEC 6); here, the plan paying it all from the cash balance.
    const cashPlan = (amount: number) => ({ amount, discount: null, vouchers: [], cash: amount });
    const pendingAmounts = new Map<string, number>();

    const port = await freePort();
    const baseURL = `http://localhost:${port}`;
    const start = async () => {
      const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
        env: {
          ...process.env,
          ...SECRETS,
          NODE_ENV: "production",
          DATABASE_URL: databaseUrl,
          BETTER_AUTH_URL: baseURL,
          BETTER_AUTH_TRUSTED_ORIGINS: baseURL,
          AUTH_RATE_LIMIT: "off",
          NEXT_TELEMETRY_DISABLED: "1",
        },
        // Its own process group: `next start` runs the server in a child process, and the kill must take both.
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.length > 200) output.shift();
      };
      child.stdout!.on("data", keep);
      child.stderr!.on("data", keep);
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output.join("")}`);
        const up = await fetch(`${baseURL}/sign-in`).then((r) => r.status === 200, () => false);
        if (up) break;
        if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output.join("")}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return child;
    };
    const kill = async (child: ChildProcess) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGKILL");
      await exited;
      // Wait until nothing answers on the port any more (the child of `next start` too).
      for (let i = 0; i < 100; i++) {
        if (!(await fetch(`${baseURL}/sign-in`).then(() => true, () => false))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("the server still answers after SIGKILL");
    };

    server = await start();
    const cookies = await Promise.all(CUSTOMERS.map(async (email) => (await signIn(baseURL, email)).cookie));

    const all: Sent[] = [];
    const pendingOrders = new Map<number, string[]>();
    const send = async (sent: Sent): Promise<void> => {
      const target = sent.op.kind === "pay" ? pay : sent.op.kind === "topUp" ? topUp : payOrder;
      const response = await postAction(baseURL, target.pagePath, target.id, sent.op.args, { cookie: cookies[sent.op.customer] });
      sent.answer = classifyAction(response);
      const result = sent.answer.result;
      if (sent.op.kind === "pay" && result && !result.ok && result.code === "payment_failed") {
        const order = result.failure?.orderPublicId;
        if (order) {
          pendingOrders.set(sent.op.customer, [...(pendingOrders.get(sent.op.customer) ?? []), order]);
          pendingAmounts.set(order, (sent.op.args[0] as { plan: { amount: number } }).plan.amount);
        }
      }
    };
    const newOp = (): Op => {
      const customer = Math.floor(Math.random() * CUSTOMERS.length);
      const roll = Math.random();
      const pending = pendingOrders.get(customer) ?? [];
      if (roll < 0.1 && pending.length > 0) {
        const orderPublicId = pending.shift()!;
        return { kind: "payPending", customer, key: orderPublicId, args: [{ orderPublicId, plan: cashPlan(pendingAmounts.get(orderPublicId) ?? 0) }] };
      }
      const key = randomUUID();
      if (roll < 0.3) return { kind: "topUp", customer, key, args: [{ amount: `${50 + Math.floor(Math.random() * 450)}.00`, requestKey: key }] };
      const productPublicId = products[Math.floor(Math.random() * products.length)]!;
      const quantity = 1 + Math.floor(Math.random() * 3);
      return { kind: "pay", customer, key, args: [{ productPublicId, quantity, requestKey: key, plan: cashPlan(priceOf.get(productPublicId)! * quantity) }] };
    };

    const figures = { operations: 0, answered: 0, cutOff: 0, retried: 0, crashes: 0, checks: 0 };
    let cutOff: Sent[] = [];
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      // The requests the last kill cut off, again with the same keys: one effect each, a typed answer now.
      const retried = cutOff.map((s) => ({ op: s.op }) as Sent);
      await Promise.all(retried.map(send));
      for (const r of retried) expect(r.answer?.outcome, `retried ${r.op.kind} ${r.op.key}: ${r.answer?.detail}`).toBe("allow");
      all.push(...retried);
      figures.retried += retried.length;

      let answeredThisCycle = 0;
      let stop = false;
      const inFlight = new Set<Sent>();
      const workers = Array.from({ length: WORKERS }, async () => {
        while (!stop) {
          const sent: Sent = { op: newOp() };
          all.push(sent);
          inFlight.add(sent);
          figures.operations++;
          try {
            await send(sent);
            answeredThisCycle++;
            inFlight.delete(sent);
          } catch {
            // Cut off by the kill: it stays in flight and is sent again after the restart.
            return;
          }
        }
      });
      const loadDeadline = Date.now() + 60_000;
      while (answeredThisCycle < ANSWERS_BEFORE_KILL) {
        if (Date.now() > loadDeadline) throw new Error(`cycle ${cycle}: only ${answeredThisCycle} answers in 60 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, Math.random() * 200));
      // No new request after this point; those under way are cut off by the kill.
      stop = true;
      const inFlightAtKill = inFlight.size;
      await kill(server);
      figures.crashes++;
      await Promise.all(workers);
      cutOff = [...inFlight].filter((s) => !s.answer);
      figures.cutOff += cutOff.length;
      expect(inFlightAtKill, `cycle ${cycle}: requests in flight when the server was killed`).toBeGreaterThan(0);

      // With the server down: the database as the crash left it.
      const violations = await findViolations(databaseUrl);
      figures.checks++;
      expect(violations, `cycle ${cycle}: violations after the kill`).toEqual({});
      server = await start();
    }
    // The last kill's cut-off requests, once more.
    const retried = cutOff.map((s) => ({ op: s.op }) as Sent);
    await Promise.all(retried.map(send));
    all.push(...retried);
    figures.retried += retried.length;
    figures.answered = all.filter((s) => s.answer).length;

    // Nothing the server acknowledged was lost: every paid order is paid, every top-up is on record.
    const paidKeys = all.filter((s) => s.op.kind === "pay" && s.answer?.result?.ok).map((s) => s.op.key);
    const paidRows = await sql<{ request_key: string; status: string }[]>`SELECT request_key, status FROM orders WHERE request_key = ANY(${paidKeys})`;
    expect(paidRows.filter((r) => r.status === "paid").length, "acknowledged payments found paid").toBe(new Set(paidKeys).size);
    const topUpKeys = all.filter((s) => s.op.kind === "topUp" && s.answer?.result?.ok).map((s) => s.op.key);
    const [topUps] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = ANY(${topUpKeys})`;
    expect(topUps!.n, "acknowledged top-ups on record").toBe(new Set(topUpKeys).size);
    // No request key made two orders (the unique index says so; the count says it held).
    const [dupes] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT account_id, request_key FROM orders WHERE request_key IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) d`;
    expect(dupes!.n).toBe(0);
    const [orderCounts] = await sql<{ paid: number; pending: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'paid')::int AS paid, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM orders WHERE request_key IS NOT NULL`;
    const violations = await findViolations(databaseUrl);
    figures.checks++;
    expect(violations, "violations at the end").toEqual({});
    console.log(
      `[crash] ${figures.crashes} kills with SIGKILL, ${figures.operations} operations sent under load, ${figures.cutOff} of them cut off by a kill and sent again, ` +
        `${figures.answered} answers in all ` +
        `(${figures.retried} retries), orders ${orderCounts!.paid} paid / ${orderCounts!.pending} pending, ${figures.checks} invariant checks: 0 violations, 0 partial payments`,
    );
  } catch (err) {
    console.log(`[crash] server output (last lines):\n${output.join("").slice(-4000)}`);
    throw err;
  } finally {
    if (server && server.exitCode === null) {
      try {
        process.kill(-server.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await sql.end({ timeout: 5 });
    await dropDatabase(pgServer!, databaseName(databaseUrl));
  }
});
