/**
 * Authentication (better-auth): email + password, sessions as database rows,
 * cached for SESSION_CACHE_SECONDS in a signed cookie.
 * `role` and `billingAccountId` are server-only fields: a request can never set
 * them (input: false). Accounts are provisioned by the platform (seed or admin),
 * so public sign-up is off.
 */
import "server-only";
import { betterAuth } from "better-auth/minimal";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/db";
import * as schema from "@/db/schema";
import { CLIENT_IP_HEADER, clientIpOf } from "@/lib/client-ip";
import { authSecret, isProduction, signInLimits } from "@/lib/config";
import { admitSignInAttempt, clearSignInFailures } from "@/lib/dal/sign-in-limit";
import { tooManyAttemptsMessage } from "@/lib/sign-in-limit";

function trustedOrigins(): string[] {
  const fromEnv = (process.env.BETTER_AUTH_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : ["http://localhost:3000", "http://127.0.0.1:3000"];
}

const SIGN_IN_PATH = "/sign-in/email";

/** The email of a sign-in body, before better-auth validates it; null when there is none to count. */
function signInEmailOf(body: unknown): string | null {
  const email = typeof body === "object" && body !== null ? (body as { email?: unknown }).email : undefined;
  return typeof email === "string" ? email : null;
}

/**
 * Failed sign-ins per email (lib/sign-in-limit.ts). Before the endpoint: a
 * locked email is refused with 429 before any password check, else the attempt
 * is counted. After it: a successful sign-in clears the streak; a failure stays
 * counted. Hooks run for HTTP requests and `auth.api.signInEmail` alike.
 */
const signInLimitHooks = {
  before: createAuthMiddleware(async (ctx) => {
    if (ctx.path !== SIGN_IN_PATH) return;
    const email = signInEmailOf(ctx.body);
    // No email string: better-auth refuses the body (400) without checking any password.
    if (email === null) return;
    const admission = await admitSignInAttempt(await getDb(), email, new Date(), signInLimits());
    if (!admission.allowed) {
      throw new APIError(
        "TOO_MANY_REQUESTS",
        { code: "SIGN_IN_LIMITED", message: tooManyAttemptsMessage(admission.retryAfterMs) },
        { "X-Retry-After": String(Math.ceil(admission.retryAfterMs / 1000)) },
      );
    }
  }),
  after: createAuthMiddleware(async (ctx) => {
    if (ctx.path !== SIGN_IN_PATH) return;
    const email = signInEmailOf(ctx.body);
    if (email === null || isAPIError(ctx.context.returned) || !ctx.context.newSession) return;
    await clearSignInFailures(await getDb(), email);
  }),
};

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
        locale: { type: "string", input: false, required: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // Signed (HMAC with the auth secret), not encrypted: it holds only what the user may see of themselves.
      cookieCache: { enabled: true, maxAge: SESSION_CACHE_SECONDS, strategy: "compact" },
    },
    rateLimit: {
      // Kept in the database so the limit holds across several app servers.
      enabled: process.env.AUTH_RATE_LIMIT !== "off",
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 10 } },
    },
    hooks: signInLimitHooks,
    advanced: {
      // The client address comes from lib/client-ip.ts (TRUSTED_PROXY_HOPS), set on
      // each request by handleAuthRequest, never from a header the client chose.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: isProduction() && process.env.INSECURE_COOKIES !== "1",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    // Must stay last: lets server actions set and clear the session cookie.
    plugins: [nextCookies()],
  });
}

/**
 * How long a session read from the database is cached in better-auth's signed
 * `session_data` cookie (session.cookieCache), so customers' pages and actions
 * skip the session query. It is also the bound on how long a revoked session
 * (signed out elsewhere, deleted) can still act as a customer; admins are
 * re-checked in the database on every request (lib/dal/session.ts). See
 * docs/security.md, "Session cookie cache".
 */
export const SESSION_CACHE_SECONDS = 5 * 60;

export type Auth = Awaited<ReturnType<typeof createAuth>>;

const holder = globalThis as unknown as { __billingAuth?: Promise<Auth> };

/** The better-auth instance, created on first use with the process-wide database. */
export function getAuth(): Promise<Auth> {
  holder.__billingAuth ??= createAuth();
  return holder.__billingAuth;
}

/**
 * The HTTP entry of better-auth (app/api/auth/[...all]/route.ts): stamps the
 * client address of lib/client-ip.ts on the request, over any value the client
 * sent, so better-auth's per-address sign-in limit and its session records use it.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(CLIENT_IP_HEADER, clientIpOf(request.headers));
  return (await getAuth()).handler(new Request(request, { headers }));
}
