/** The reference: PostgreSQL's own pgbench (TPC-B-like) on the same server, in its own database. */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { PGBENCH_DB, PG_SERVER_URL, adminSql } from "./env";

export function pgbenchPath(): string {
  const which = spawnSync("sh", ["-c", "command -v pgbench"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort().reverse()) {
      const candidate = `${root}/${version}/bin/pgbench`;
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error("pgbench not found: install postgresql-client (Debian: apt-get install postgresql-contrib or postgresql-client).");
}

function connectionArgs(): string[] {
  const url = new URL(PG_SERVER_URL);
  return ["-h", url.hostname, "-p", url.port || "5432", "-U", decodeURIComponent(url.username || "postgres")];
}

const env = () => {
  const url = new URL(PG_SERVER_URL);
  return url.password ? { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } : process.env;
};

/** Creates the pgbench database and its tables (scale 8: 800,000 accounts, one branch per client). */
export async function initPgbench(scale = 8): Promise<void> {
  const admin = adminSql();
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${PGBENCH_DB}`);
  } finally {
    await admin.end();
  }
  execFileSync(pgbenchPath(), ["-i", "-q", "-s", String(scale), ...connectionArgs(), PGBENCH_DB], { stdio: "pipe", env: env() });
}

/**
 * Runs pgbench for `seconds` and returns its tps (without initial connection
 * time); `window` is called 2 s after the start and 1 s before the end.
 */
export function runPgbench(
  args: string[],
  seconds: number,
  window?: { start(): void; end(): void },
): Promise<{ tps: number; latencyMs: number; output: string; windowSeconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(pgbenchPath(), [...args, "-T", String(seconds), ...connectionArgs(), PGBENCH_DB], { env: env(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timers = window ? [setTimeout(window.start, 2000), setTimeout(window.end, (seconds - 1) * 1000)] : [];
    child.on("close", (code) => {
      for (const t of timers) clearTimeout(t);
      const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
      const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
      if (code !== 0 || !Number.isFinite(tps)) reject(new Error(`pgbench failed (exit ${code}):\n${output}`));
      else resolve({ tps, latencyMs, output, windowSeconds: seconds - 3 });
    });
  });
}

export async function dropPgbench(): Promise<void> {
  const admin = adminSql();
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${PGBENCH_DB} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
