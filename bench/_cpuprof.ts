import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { applyBenchEnv, BENCH_DB_URL, BENCH_ENV } from "./lib/env";
import { signIn, type AppServer } from "./lib/server";
import { SHAPE } from "./shape";
applyBenchEnv();
const port = 3322, origin = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir=/tmp/nextprof", "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], { env: { ...process.env, ...BENCH_ENV, NODE_ENV: "production", DATABASE_URL: BENCH_DB_URL, BETTER_AUTH_URL: origin, BETTER_AUTH_TRUSTED_ORIGINS: origin }, stdio: "inherit" });
for (;;) { try { if ((await fetch(origin + "/sign-in")).ok) break; } catch {} await new Promise((r) => setTimeout(r, 300)); }
const s = { origin, port } as AppServer;
const cookie = await signIn(s, SHAPE.largeUserEmail, SHAPE.password);
const path = process.argv[2] ?? "/billing";
const { actionIds, actionHeaders, routerStateTree } = await import("./lib/server");
const { randomUUID } = await import("node:crypto");
const cookies: string[] = []; for (let i = 1; i <= 20; i++) cookies.push(await signIn(s, SHAPE.userEmail(i), SHAPE.password));
let n = 0;
const id = actionIds().placeAndPayOrderAction!; const tree = routerStateTree(["(billing)", "billing", "orders", "new"]);
const r = path === "pay" ? await autocannon({ url: origin, connections: 20, duration: 10, requests: [{ method: "POST", path: "/billing/orders/new", setupRequest: (req) => ({ ...req, headers: actionHeaders(s, id, cookies[n++ % 20]!, tree), body: JSON.stringify([{ productPublicId: SHAPE.products.serverless, quantity: 1, plan: { amount: 1_000, discount: null, vouchers: [], cash: 1_000 }, requestKey: randomUUID() }]) }) }] })
  : await autocannon({ url: origin, connections: 4, duration: 10, requests: [{ method: "GET", path, headers: { cookie } }] });
console.log(path, r.requests.average, "req/s p50", r.latency.p50, "p99", r.latency.p99);
child.kill("SIGINT");
await new Promise((r) => child.once("exit", r));
