import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests drive a real Chromium (Debian's, see .ci/run) against a real
 * `next start` on a throwaway database, prepared by e2e/prepare-db.ts:
 * E2E_DATABASE_URL (a local PostgreSQL database) when set, else a fresh PGlite.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const serverEnv: Record<string, string> = {
  NODE_ENV: "production",
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? "e2e-better-auth-secret-0123456789abcdef",
  VOUCHER_CODE_SECRET: process.env.VOUCHER_CODE_SECRET ?? "e2e-voucher-code-secret-0123456789abcdef",
  BETTER_AUTH_URL: baseURL,
  BETTER_AUTH_TRUSTED_ORIGINS: `${baseURL},http://127.0.0.1:${port}`,
  // Tests sign in more often than the production sign-in limit allows from one IP.
  AUTH_RATE_LIMIT: "off",
  // Redemption limits sized for the suite: e2e/redeem.spec.ts drives bob into the account limit.
  REDEEM_LIMIT_PER_ACCOUNT: "25",
  REDEEM_LIMIT_PER_IP: "1000",
  NEXT_TELEMETRY_DISABLED: "1",
};
if (process.env.E2E_DATABASE_URL) serverEnv.DATABASE_URL = process.env.E2E_DATABASE_URL;
else serverEnv.PGLITE_DIR = path.resolve(".data", "e2e", "pglite");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: existsSync(chromium) ? { executablePath: chromium } : {},
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `npx tsx e2e/prepare-db.ts && npx next start -p ${port}`,
    url: `${baseURL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: serverEnv,
    stdout: "pipe",
  },
});
