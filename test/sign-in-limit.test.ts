/**
 * Sign-in guessing (docs/security.md): the per-email failure streak in the
 * database, the better-auth hooks that apply it, and the client address that
 * better-auth's own per-address limit keys on.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rateLimitBuckets, sessions } from "@/db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "@/db/seed";
import { getAuth, handleAuthRequest } from "@/lib/auth";
import { signInLimits } from "@/lib/config";
import { admitSignInAttempt, clearSignInFailures, signInLimitKey } from "@/lib/dal/sign-in-limit";
import { admitSignIn, type FailureStreak, type SignInLimitPolicy } from "@/lib/sign-in-limit";
import { setupTestDatabase, usingPostgres } from "./db";

// One load balancer in front of the app: X-Forwarded-For ends with the address it saw.
process.env.TRUSTED_PROXY_HOPS = "1";

const getDatabase = setupTestDatabase();

const CAROL = "carol@example.com";
const ERIN = "erin@example.com";

beforeAll(async () => {
  await seedDemoData(getDatabase().db, new Date(), 4, [CAROL, ERIN]);
});

const MINUTE = 60_000;
const policy: SignInLimitPolicy = { freeFailures: 5, lockMs: MINUTE, maxLockMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE };
const t0 = new Date("2026-12-01T08:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

async function streakRow(email: string) {
  const [row] = await getDatabase().db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, signInLimitKey(email)));
  return row ?? null;
}

/** Moves an email's last counted failure into the past: what waiting out the lock looks like to the database. */
async function age(email: string, ms: number) {
  const row = await streakRow(email);
  await getDatabase()
    .db.update(rateLimitBuckets)
    .set({ windowStart: new Date(row!.windowStart.getTime() - ms) })
    .where(eq(rateLimitBuckets.key, signInLimitKey(email)));
}

/** A sign-in through better-auth's API (hooks included, its per-address limiter not): the HTTP status it answers. */
async function signInStatus(email: string, password: string): Promise<{ status: number; message?: string; code?: string }> {
  const auth = await getAuth();
  try {
    await auth.api.signInEmail({ body: { email, password } });
    return { status: 200 };
  } catch (err) {
    const e = err as { statusCode?: number; body?: { message?: string; code?: string } };
    if (typeof e.statusCode !== "number") throw err;
    return { status: e.statusCode, message: e.body?.message, code: e.body?.code };
  }
}

/** A sign-in over HTTP through the app's auth route handler, as the load balancer would forward it. */
async function signInOverHttp(email: string, password: string, forwardedFor: string) {
  const response = await handleAuthRequest(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "http://localhost:3000", "X-Forwarded-For": forwardedFor },
      body: JSON.stringify({ email, password }),
    }),
  );
  const body = (await response.json().catch(() => null)) as { message?: string; code?: string; token?: string } | null;
  return { status: response.status, body, retryAfter: response.headers.get("X-Retry-After") };
}

describe("the failure streak in the database", () => {
  it("decides exactly like the pure policy, step by step", async () => {
    const { db } = getDatabase();
    const email = "model@example.com";
    let model: FailureStreak | null = null;
    const steps = [0, 1, 2, 3, 4, 5, 30_000, MINUTE - 1, MINUTE, MINUTE + 1, 3 * MINUTE, 3 * MINUTE + 5, 7 * MINUTE, 200 * MINUTE, 200 * MINUTE + 1];
    for (const ms of steps) {
      const expected = admitSignIn(model, at(ms), policy);
      const got = await admitSignInAttempt(db, email, at(ms), policy);
      expect(got, `attempt at +${ms} ms`).toEqual(expected);
      if (expected.allowed) model = expected.streak;
      const row = await streakRow(email);
      expect({ failures: row!.count, lastFailureAt: row!.windowStart }).toEqual(model);
    }
  });

  it("is keyed by the normalized email and names no email in the table", async () => {
    const { db } = getDatabase();
    for (const spelling of ["Frank@Example.com", " frank@example.com", "FRANK@EXAMPLE.COM", "frank@example.com", "frank@example.COM"]) {
      await admitSignInAttempt(db, spelling, at(0), policy);
    }
    expect(await admitSignInAttempt(db, "frank@example.com", at(1), policy)).toMatchObject({ allowed: false, retryAfterMinutes: 1 });
    const keys = (await db.select({ key: rateLimitBuckets.key }).from(rateLimitBuckets)).map((r) => r.key);
    expect(keys.filter((k) => k.toLowerCase().includes("frank"))).toEqual([]);
    expect(keys).toContain(signInLimitKey("frank@example.com"));
  });

  it("attempts stamped out of order (concurrent requests) are admitted below the free failures", async () => {
    const { db } = getDatabase();
    expect(await admitSignInAttempt(db, "skew@example.com", at(5), policy)).toMatchObject({ allowed: true });
    expect(await admitSignInAttempt(db, "skew@example.com", at(0), policy)).toEqual({ allowed: true, streak: { failures: 2, lastFailureAt: at(5) } });
  });

  it("a success clears the streak", async () => {
    const { db } = getDatabase();
    for (let i = 0; i < 4; i++) await admitSignInAttempt(db, "dan@example.com", at(i), policy);
    await clearSignInFailures(db, "DAN@example.com");
    expect(await streakRow("dan@example.com")).toBeNull();
    expect(await admitSignInAttempt(db, "dan@example.com", at(10), policy)).toEqual({ allowed: true, streak: { failures: 1, lastFailureAt: at(10) } });
  });

  it("concurrent failures are counted exactly: 40 at once, 5 admitted", async () => {
    const { db } = getDatabase();
    const email = "race@example.com";
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => admitSignInAttempt(db, i % 2 ? email : email.toUpperCase(), at(0), policy)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await streakRow(email))!.count).toBe(5);
    // Once the lock has passed, exactly one of another burst gets through, and the lock doubles.
    const again = await Promise.all(Array.from({ length: 20 }, () => admitSignInAttempt(db, email, at(MINUTE), policy)));
    expect(again.filter((r) => r.allowed)).toHaveLength(1);
    expect(again.filter((r) => !r.allowed).every((r) => !r.allowed && r.retryAfterMinutes === 2)).toBe(true);
    expect((await streakRow(email))!.count).toBe(6);
    if (!usingPostgres()) console.info("concurrency test ran on PGlite (serial); the PostgreSQL run is the real race");
  });
});

describe("sign-in through better-auth is limited per email", () => {
  it("the defaults: 5 failures free, then a lock", () => {
    expect(signInLimits()).toEqual(policy);
  });

  it("after 5 wrong passwords even the right one is refused with 'try again in 1 minute'; after the lock it works and clears the streak", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signInStatus(DEMO_USERS.alice, `wrong-password-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await signInStatus(DEMO_USERS.alice, "wrong-password-6")).toEqual({
      status: 429,
      code: "SIGN_IN_LIMITED",
      message: "Too many attempts, try again in 1 minute.",
    });
    expect((await signInStatus(DEMO_USERS.alice, DEMO_PASSWORD)).status).toBe(429);
    expect((await streakRow(DEMO_USERS.alice))!.count).toBe(5);

    await age(DEMO_USERS.alice, MINUTE);
    expect((await signInStatus(DEMO_USERS.alice, DEMO_PASSWORD)).status).toBe(200);
    expect(await streakRow(DEMO_USERS.alice)).toBeNull();
  });

  it("an email with no account gets the same answers, so the limit does not tell whether an account exists", async () => {
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i < 7; i++) out.push(await signInStatus(email, `guess-${i}-password`));
      return out;
    };
    const known = await answers(DEMO_USERS.bob);
    const unknown = await answers("nobody-here@example.com");
    expect(unknown).toEqual(known);
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it("concurrent right-password sign-ins (one owner, several devices) all succeed and leave no streak", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => signInStatus(ERIN, DEMO_PASSWORD)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await streakRow(ERIN)).toBeNull();
  });

  it("concurrent wrong passwords for one account: exactly 5 reach the password check", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => signInStatus("Admin@Example.com", `parallel-guess-${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(7).fill(429)]);
  });
});

describe("the client address behind a trusted proxy (TRUSTED_PROXY_HOPS=1)", () => {
  it("30 wrong passwords for one account, each with a different X-Forwarded-For, are limited per account", async () => {
    const statuses = [];
    for (let i = 0; i < 30; i++) {
      const r = await signInOverHttp(CAROL, `rotating-${i}`, `10.${i}.0.1, 192.0.2.${i + 1}`);
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.body).toMatchObject({ code: "SIGN_IN_LIMITED", message: "Too many attempts, try again in 1 minute." });
        expect(Number(r.retryAfter)).toBeGreaterThan(0);
      }
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it("better-auth's own per-address limit keys on the proxy's address: a rotating spoofed part does not dodge it", async () => {
    // 10 sign-ins a minute per address: 10 different (unknown) emails, so the per-email limit stays out of it.
    const spoofed = [];
    for (let i = 0; i < 11; i++) spoofed.push((await signInOverHttp(`visitor-${i}@example.com`, "wrong-password", `6.6.${i}.6, 203.0.113.50`)).status);
    expect(spoofed).toEqual([...Array<number>(10).fill(401), 429]);
    // Another client behind the same proxy has its own budget.
    expect((await signInOverHttp("visitor-x@example.com", "wrong-password", "6.6.6.6, 198.51.100.50")).status).toBe(401);
  });

  it("the session records the address the proxy saw, not one the client wrote (in X-Forwarded-For or in the app's own header)", async () => {
    const response = await handleAuthRequest(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: "http://localhost:3000",
          "X-Forwarded-For": "6.6.6.6, 203.0.113.77",
          "X-Billing-Client-Ip": "6.6.6.7",
        },
        body: JSON.stringify({ email: ERIN, password: DEMO_PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const [row] = await getDatabase().db.select().from(sessions).where(eq(sessions.token, token));
    expect(row?.ipAddress).toBe("203.0.113.77");
  });
});
