/**
 * Authentication (better-auth): email + password, sessions as database rows.
 * `role` and `billingAccountId` are server-only fields: a request can never set
 * them (input: false). Accounts are provisioned by the platform (seed or admin),
 * so public sign-up is off.
 */
import "server-only";
import { betterAuth } from "better-auth/minimal";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/db";
import * as schema from "@/db/schema";
import { authSecret, isProduction } from "@/lib/config";

function trustedOrigins(): string[] {
  const fromEnv = (process.env.BETTER_AUTH_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : ["http://localhost:3000", "http://127.0.0.1:3000"];
}

async function createAuth() {
  const db = await getDb();
  return betterAuth({
    secret: authSecret(),
    baseURL: process.env.BETTER_AUTH_URL,
    trustedOrigins: trustedOrigins(),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: schema.users,
        session: schema.sessions,
        account: schema.authAccounts,
        verification: schema.verifications,
        rateLimit: schema.authRateLimits,
      },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: "string", input: false, required: false, defaultValue: "customer" },
        billingAccountId: { type: "number", input: false, required: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      // Kept in the database so the limit holds across several app servers.
      enabled: process.env.AUTH_RATE_LIMIT !== "off",
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 10 } },
    },
    advanced: {
      useSecureCookies: isProduction() && process.env.INSECURE_COOKIES !== "1",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    // Must stay last: lets server actions set and clear the session cookie.
    plugins: [nextCookies()],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

const holder = globalThis as unknown as { __billingAuth?: Promise<Auth> };

/** The better-auth instance, created on first use with the process-wide database. */
export function getAuth(): Promise<Auth> {
  holder.__billingAuth ??= createAuth();
  return holder.__billingAuth;
}
