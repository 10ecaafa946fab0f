import { defineConfig } from "vitest/config";
import path from "node:path";

const root = import.meta.dirname;
const resolve = {
  alias: {
    "@": root,
    // `server-only` throws outside React Server Components; tests call the DAL directly.
    "server-only": path.resolve(root, "test/server-only-stub.ts"),
  },
};

/**
 * unit: the pure domain in lib/. integration: the DAL and the schema against a
 * real database, on embedded PGlite always and on PostgreSQL too when
 * TEST_DATABASE_URL is set (CI sets it), so both drivers are proven.
 */
const integration = (driver: "pglite" | "postgres") => ({
  resolve,
  test: {
    name: `integration:${driver}`,
    include: ["test/**/*.test.ts"],
    // Pure checks without a database (the dependency floor) run once, in the unit project.
    exclude: ["test/unit/**", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    provide: { dbDriver: driver },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve,
  test: {
    pool: "forks",
    projects: [
      { resolve, test: { name: "unit", include: ["lib/**/*.test.ts", "test/unit/**/*.test.ts"] } },
      integration("pglite"),
      ...(process.env.TEST_DATABASE_URL ? [integration("postgres")] : []),
    ],
  },
});
