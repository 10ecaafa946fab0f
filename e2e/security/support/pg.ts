/**
 * The PostgreSQL server the security suites make their throwaway databases on:
 * the one of E2E_DATABASE_URL (CI), else a local one at 127.0.0.1:5432 when it
 * answers. Without either, the suites that read the database skip, saying so.
 */
import postgres from "postgres";

export const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

const LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"];

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** The maintenance URL (database `postgres`) of a usable local server, or null. */
export async function findPostgresServer(): Promise<string | null> {
  // To see the suites as a machine without PostgreSQL would run them.
  if (process.env.E2E_SECURITY_POSTGRES === "off") return null;
  const candidate = process.env.E2E_DATABASE_URL ? withDatabase(process.env.E2E_DATABASE_URL, "postgres") : LOCAL_SERVER;
  if (!LOCAL_HOSTS.includes(new URL(candidate).hostname)) {
    throw new Error(`Refusing to create test databases on ${new URL(candidate).hostname}: the security suites only use a local PostgreSQL.`);
  }
  return (await answers(candidate)) ? candidate : null;
}

/** Only names these suites make may be dropped. */
function checkName(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name) || !/(_sec|billing_sec_)/.test(name)) throw new Error(`not a security-suite database name: ${name}`);
}

export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  checkName(name);
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end();
  }
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  checkName(name);
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await sql.end();
  }
}
