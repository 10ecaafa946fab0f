/**
 * PgBouncer in front of the benchmark database, for P5 through a pooler
 * (docs/performance.md): Debian's `pgbouncer` (installed with apt-get if
 * missing), started as a child process with its own configuration in a
 * temporary folder, in transaction pooling mode, and stopped at the end.
 *
 * PgBouncer 1.18 (Debian bookworm) does not keep protocol-level prepared
 * statements across transactions in this mode: the app servers behind it run
 * with DATABASE_PGBOUNCER=1, which turns postgres.js's named statements off
 * (db/index.ts).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { PG_SERVER_URL } from "./env";

export interface PgBouncer {
  port: number;
  /** The URL an app server uses for `database` through PgBouncer. */
  url(database: string): string;
  /** One sample of SHOW POOLS for `database`: client (app-side) and server connections. */
  pools(database: string): Promise<{ clients: number; servers: number; waiting: number }>;
  log(): string;
  stop(): Promise<void>;
}

/** The pgbouncer binary; installs Debian's package when there is none (the bench runs as root). */
export function pgbouncerPath(): string {
  const find = () => {
    const which = spawnSync("sh", ["-c", "command -v pgbouncer || ls /usr/sbin/pgbouncer"], { encoding: "utf8" });
    return which.status === 0 ? which.stdout.trim().split("\n")[0] : undefined;
  };
  const found = find();
  if (found) return found;
  console.log("  pgbouncer not found: apt-get install -y pgbouncer");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  let install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "pgbouncer"], { stdio: "inherit", env });
  if (install.status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "pgbouncer"], { stdio: "inherit", env });
  }
  const installed = find();
  if (install.status !== 0 || !installed) throw new Error("could not install pgbouncer (apt-get install -y pgbouncer; the bench must run as root, or install it first)");
  return installed;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** BENCH_PGBOUNCER_PORT if set (it must be free), else the first free port from 6432 up. */
async function choosePort(): Promise<number> {
  const wanted = process.env.BENCH_PGBOUNCER_PORT;
  if (wanted) {
    const port = Number(wanted);
    if (!(await portFree(port))) throw new Error(`BENCH_PGBOUNCER_PORT ${port} is taken`);
    return port;
  }
  for (let port = 6432; port < 6532; port++) if (await portFree(port)) return port;
  throw new Error("no free port for PgBouncer in 6432-6531 (set BENCH_PGBOUNCER_PORT)");
}

/** The uid and gid PgBouncer runs as: it refuses to run as root. */
function runAs(): { user: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = process.env.BENCH_PGBOUNCER_USER ?? "postgres";
  const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
  return { user, uid, gid };
}

/**
 * Starts PgBouncer for `database` on 127.0.0.1: transaction pooling, at most
 * `poolSize` server connections to that database (default_pool_size and
 * max_db_connections), up to `maxClients` client connections, trust auth.
 */
export async function startPgBouncer(options: { database: string; poolSize: number; maxClients: number }): Promise<PgBouncer> {
  const bin = pgbouncerPath();
  const port = await choosePort();
  const server = new URL(PG_SERVER_URL);
  const user = decodeURIComponent(server.username || "postgres");
  const dir = mkdtempSync(path.join(tmpdir(), "bench-pgbouncer-"));
  const as = runAs();
  const password = server.password ? ` password=${decodeURIComponent(server.password)}` : "";
  const ini = [
    "[databases]",
    `${options.database} = host=${server.hostname} port=${server.port || 5432} dbname=${options.database} user=${user}${password} pool_size=${options.poolSize}`,
    "",
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    // No Unix socket: nothing but this benchmark talks to this PgBouncer.
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "userlist.txt")}`,
    `admin_users = ${user}`,
    `stats_users = ${user}`,
    "pool_mode = transaction",
    `max_client_conn = ${options.maxClients}`,
    `default_pool_size = ${options.poolSize}`,
    `max_db_connections = ${options.poolSize}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    // A request that waits this long for a server connection fails (a pool too small or a
    // transaction that waits on a second connection shows as errors, not a hang).
    "query_wait_timeout = 60",
    `logfile = ${path.join(dir, "pgbouncer.log")}`,
    `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "pgbouncer.ini"), ini);
  writeFileSync(path.join(dir, "userlist.txt"), `"${user}" ""\n`);
  chmodSync(dir, 0o755);
  if (as) for (const f of ["", "pgbouncer.ini", "userlist.txt"]) chownSync(path.join(dir, f), as.uid, as.gid);

  const args = [...(as ? ["-u", as.user] : []), path.join(dir, "pgbouncer.ini")];
  const child: ChildProcess = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr?.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const log = () => {
    try {
      return out + readFileSync(path.join(dir, "pgbouncer.log"), "utf8").slice(-4000);
    } catch {
      return out;
    }
  };

  // The admin console speaks only the simple query protocol and knows no types.
  const admin = postgres({ host: "127.0.0.1", port, database: "pgbouncer", username: user, max: 1, fetch_types: false, prepare: false, onnotice: () => {} });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}):\n${log()}`);
    try {
      await admin`SHOW VERSION`.simple();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`pgbouncer did not answer on ${port} in 15 s (${err instanceof Error ? err.message : String(err)}):\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  console.log(`  pgbouncer (${bin}) on 127.0.0.1:${port}, transaction pooling, ${options.poolSize} server connections for ${options.database}; config in ${dir}`);

  return {
    port,
    url(database) {
      return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
    },
    async pools(database) {
      const rows = (await admin`SHOW POOLS`.simple()) as unknown as Record<string, string | number>[];
      const mine = rows.filter((r) => r.database === database);
      const sum = (columns: string[]) => mine.reduce((n, r) => n + columns.reduce((m, c) => m + Number(r[c] ?? 0), 0), 0);
      // Clients linked to a server or idle (cl_active) and waiting for one; servers in every state.
      return {
        clients: sum(["cl_active", "cl_waiting"]),
        servers: sum(["sv_active", "sv_idle", "sv_used", "sv_tested", "sv_login"]),
        waiting: sum(["cl_waiting"]),
      };
    },
    log,
    async stop() {
      await admin.end({ timeout: 1 }).catch(() => {});
      if (child.exitCode === null) child.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
