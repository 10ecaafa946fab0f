/**
 * What the security web server (e2e/security/server.ts) tells the suites: where
 * it runs, its database (null on PGlite), where its log and demo codes are.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const SECURITY_DIR = path.resolve(".data", "e2e-security");
export const TARGET_FILE = path.join(SECURITY_DIR, "target.json");

/** Customers only the security suites use, so their rate-limit buckets and balances are their own. */
export const CUSTOMER_A = "alice@example.com";
export const CUSTOMER_B = "bob@example.com";
export const ADMIN = "admin@example.com";
export const BRUTE_FORCE_CUSTOMER = "dave@example.com";
export const SECRETS_CUSTOMER = "erin@example.com";
/** The account whose password the sign-in guessing test attacks (e2e/security/brute-force.spec.ts). */
export const SIGN_IN_CUSTOMER = "grace@example.com";
/** The customer whose account the API idempotency suite (e2e/security/api-idempotency.spec.ts) spends and charges. */
export const API_CUSTOMER = "heidi@example.com";
export const EXTRA_CUSTOMERS = [BRUTE_FORCE_CUSTOMER, SECRETS_CUSTOMER, SIGN_IN_CUSTOMER, API_CUSTOMER];

/**
 * The secret of the API key the security server stores at start (every scope;
 * e2e/security/server.ts). The database holds only its keyed hash, under the
 * server's own BETTER_AUTH_SECRET; the test code alone knows the secret, as a
 * platform service would.
 */
export const API_SECRET = "sk_live_rfourovershttpidempotencykeyabcd";

/**
 * The security server's sign-in lock (SIGN_IN_LOCK_SECONDS and SIGN_IN_MAX_LOCK_SECONDS,
 * playwright.config.ts): seconds instead of the production minutes, so the test
 * can wait the lock out. The 5 free failures stay as in production.
 */
export const SIGN_IN_LOCK_SECONDS = 4;

export interface Target {
  baseURL: string;
  /** The server's PostgreSQL database, or null when it runs on PGlite (checks that read the database skip). */
  databaseUrl: string | null;
  logFile: string;
  codesFile: string;
}

export function readTarget(): Target {
  return JSON.parse(readFileSync(TARGET_FILE, "utf8")) as Target;
}

export const NEEDS_POSTGRES =
  "needs PostgreSQL (set E2E_DATABASE_URL, or run one at 127.0.0.1:5432): the server runs on PGlite, whose files only the server process may open";

/** The demo codes the seed issued, by kind (the plain codes exist only in this file and in memory). */
export function demoCodes(target: Target): Array<{ kind: "cash" | "discount" | "compute"; code: string }> {
  return readFileSync(target.codesFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [kind, code] = line.split(" ");
      return { kind: kind as "cash" | "discount" | "compute", code: code! };
    });
}
