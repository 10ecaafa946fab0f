/**
 * App servers for the HTTP benchmarks: `next start` of the production build on
 * a port of BENCH_PORT_BASE … + 7 (bench/lib/env.ts), against the benchmark database
 * (or the DATABASE_URL given in `extraEnv`, e.g. PgBouncer's), with the benchmark
 * secrets and limits; plus sign-in and server-action calls as a browser makes them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { BENCH_DB_URL, BENCH_ENV, PORT_BASE } from "./env";
import { cpuMsOf } from "./cpu";

export interface AppServer {
  port: number;
  origin: string;
  pid: number;
  /** Resident memory of the server's process tree now, in bytes. */
  rss(): number;
  /** CPU milliseconds the server's process tree has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // The process is gone.
  }
  return out;
}

function treeOf(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]!));
  return all;
}

function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

export async function startServer(port: number, extraEnv: Record<string, string> = {}): Promise<AppServer> {
  if (port < PORT_BASE || port > PORT_BASE + 7) throw new Error(`benchmark servers use ports ${PORT_BASE}-${PORT_BASE + 7} (BENCH_PORT_BASE), not ${port}`);
  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      ...BENCH_ENV,
      NODE_ENV: "production",
      DATABASE_URL: BENCH_DB_URL,
      BETTER_AUTH_URL: origin,
      BETTER_AUTH_TRUSTED_ORIGINS: `${origin},http://localhost:${port}`,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start on ${port} exited:\n${log}`);
    try {
      const res = await fetch(`${origin}/sign-in`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`next start on ${port} did not answer in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    origin,
    pid: child.pid!,
    rss: () => treeOf(child.pid!).reduce((sum, pid) => sum + rssOf(pid), 0),
    cpuMs: () => treeOf(child.pid!).reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Signs in by email and password as the sign-in page does; returns the Cookie header value. */
export async function signIn(server: AppServer, email: string, password: string): Promise<string> {
  const res = await fetch(`${server.origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} on ${server.port}: HTTP ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  if (cookies.length === 0) throw new Error(`sign-in of ${email} set no cookie`);
  return cookies.join("; ");
}

/** Server action ids by exported name, from the production build's manifest. */
export function actionIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const ids: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) ids[entry.exportedName] = id;
  return ids;
}

/**
 * The router state a browser on `pagePath` sends with an action, so that an
 * action that revalidates gets back the page's segments, as in the browser.
 */
export function routerStateTree(segments: string[]): string {
  let tree: unknown = ["__PAGE__", {}];
  for (const segment of [...segments].reverse()) tree = [segment, { children: tree }];
  return encodeURIComponent(JSON.stringify(["", { children: tree }, null, null, true]));
}

/** Headers of a server action call made by the browser's fetch. */
export function actionHeaders(server: AppServer, actionId: string, cookie: string, tree: string): Record<string, string> {
  return {
    accept: "text/x-component",
    "content-type": "text/plain;charset=UTF-8",
    "next-action": actionId,
    "next-router-state-tree": tree,
    origin: server.origin,
    cookie,
  };
}

/** Calls a server action once and returns its result (the Flight row that holds it). */
export async function callAction(server: AppServer, pagePath: string, headers: Record<string, string>, args: unknown[]): Promise<{ status: number; result: unknown; bytes: number }> {
  const res = await fetch(`${server.origin}${pagePath}`, { method: "POST", headers, body: JSON.stringify(args), signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { status: res.status, result: actionResultOf(text), bytes: text.length };
}

/** The ActionResult in a Flight response: the first row that is an object with `ok`. */
export function actionResultOf(body: string): unknown {
  for (const line of body.split("\n")) {
    const json = line.slice(line.indexOf(":") + 1);
    if (!json.startsWith("{")) continue;
    try {
      const value = JSON.parse(json) as { ok?: unknown };
      if (typeof value.ok === "boolean") return value;
    } catch {
      // Not a JSON row.
    }
  }
  return undefined;
}
