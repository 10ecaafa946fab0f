import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { ATTEMPTS } from "./e2e/fixtures";
import { SIGN_IN_LOCK_SECONDS } from "./e2e/security/support/target";

/**
 * Browser tests drive a real Chromium (Debian's, see .ci/run) against a real
 * `next start` on a throwaway database, prepared by e2e/prepare-db.ts:
 * E2E_DATABASE_URL (a local PostgreSQL database) when set, else a fresh PGlite.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
/** The security suites' own server (e2e/security/server.ts): its own database, a trusted proxy, default limits. */
const securityPort = Number(process.env.E2E_SECURITY_PORT ?? port + 1);
const securityURL = `http://localhost:${securityPort}`;
/** `npm run stress` sets STRESS=1: full sizes, so much longer tests. */
const stress = process.env.STRESS === "1";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const serverEnv: Record<string, string> = {
  NODE_ENV: "production",
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "e2e-better-auth-secret-0123456789abcdef",
  VOUCHER_CODE_SECRET: process.env.VOUCHER_CODE_SECRET ?? "e2e-voucher-code-secret-0123456789abcdef",
  BETTER_AUTH_URL: baseURL,
  BETTER_AUTH_TRUSTED_ORIGINS: `${baseURL},http://127.0.0.1:${port}`,
  // Tests sign in more often than the production sign-in limit allows from one IP.
  AUTH_RATE_LIMIT: "off",
  // The suites compare the database before and after calls; the minute schedule would write
  // events on the wall clock in between (test/scheduler.test.ts runs it on its own clock).
  EVENTS_SCHEDULE_INTERVAL_MINUTES: "0",
  // The job runner runs in the app server (dispatch, webhooks, e-mails), as in production, and
  // with production's webhook URL rules (e2e/admin-webhooks.spec.ts sees a loopback URL refused);
  // delivery to a real receiver is test/event-delivery-flow.test.ts's and test/webhook-delivery.test.ts's.
  // Redemption limits sized for the suite: e2e/redeem.spec.ts drives bob into the account limit.
  REDEEM_LIMIT_PER_ACCOUNT: "25",
  REDEEM_LIMIT_PER_IP: "1000",
  NEXT_TELEMETRY_DISABLED: "1",
  // Requests without Accept-Language (API calls of the suites) get English; the zh-CN
  // suites (e2e/i18n-*.spec.ts) ask for Chinese with their browser's Accept-Language.
  PLATFORM_LOCALE: "en",
};
if (process.env.E2E_DATABASE_URL) serverEnv.DATABASE_URL = process.env.E2E_DATABASE_URL;
else serverEnv.PGLITE_DIR = path.resolve(".data", "e2e", "pglite");

// The security server picks its own database (e2e/security/server.ts) and keeps the
// production redemption limits; it sits behind one trusted proxy, so the brute-force
// suite can speak from several client IPs through X-Forwarded-For. The main server
// trusts none (TRUSTED_PROXY_HOPS unset: 0), like a deployment reached directly.
const { DATABASE_URL: _mainDatabase, PGLITE_DIR: _mainPglite, REDEEM_LIMIT_PER_ACCOUNT: _a, REDEEM_LIMIT_PER_IP: _i, ...sharedEnv } = serverEnv;
const securityEnv: Record<string, string> = {
  ...sharedEnv,
  PORT: String(securityPort),
  BETTER_AUTH_URL: securityURL,
  BETTER_AUTH_TRUSTED_ORIGINS: `${securityURL},http://127.0.0.1:${securityPort}`,
  TRUSTED_PROXY_HOPS: "1",
  // No job runner: the suites compare the whole database before and after each call, and a
  // dispatch of an earlier call's events (inbox rows, the outbox cursor) would land in between.
  JOBS_IN_PROCESS: "0",
  // A short sign-in lock, so the brute-force suite sees the owner sign in again after it.
  SIGN_IN_LOCK_SECONDS: String(SIGN_IN_LOCK_SECONDS),
  SIGN_IN_MAX_LOCK_SECONDS: String(SIGN_IN_LOCK_SECONDS),
  ...(process.env.E2E_DATABASE_URL ? { E2E_DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  // A retry of a serial group that spends money signs in as that attempt's own customer (e2e/fixtures.ts).
  retries: process.env.CI ? ATTEMPTS - 1 : 0,
  reporter: [["list"]],
  timeout: stress ? 3_600_000 : 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: existsSync(chromium) ? { executablePath: chromium } : {},
  },
  projects: [
    // Reliability and security suites (docs/reliability.md): one at a time, since they
    // compare the whole database before and after, against their own server. Listed first,
    // so their one worker starts at once beside a chromium one, rather than running
    // alone at the end with the other core idle.
    { name: "security", testDir: "e2e/security", workers: 1, retries: 0, use: { ...devices["Desktop Chrome"], baseURL: securityURL } },
    { name: "chromium", testIgnore: "security/**", use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: [
    {
      // Node's default keep-alive timeout (5 s) races the tests' own HTTP client (page.request keeps its
      // sockets): a request sent as the server closes an idle socket fails with ECONNRESET. Idle sockets
      // stay open for the run instead, as they would behind a proxy that holds them.
      command: `npx tsx e2e/prepare-db.ts && npx next start -p ${port} --keepAliveTimeout 600000`,
      url: `${baseURL}/sign-in`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: serverEnv,
      stdout: "pipe",
    },
    {
      command: "npx tsx e2e/security/server.ts",
      url: `${securityURL}/sign-in`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: securityEnv,
      stdout: "ignore",
      stderr: "pipe",
      // SIGTERM lets it stop next start and drop its database.
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
