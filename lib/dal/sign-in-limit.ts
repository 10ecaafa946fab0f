import "server-only";
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { rateLimitBuckets } from "@/db/schema";
import { authSecret } from "@/lib/config";
import { admitSignIn, normalizeSignInEmail, type SignInAdmission, type SignInLimitPolicy } from "@/lib/sign-in-limit";
import { transactionWithRetry } from "./tx";

/**
 * The bucket of an email in rate_limit_buckets: a keyed hash of the normalized
 * email, so the table names no address (typed guesses included) and one can't
 * be looked up without the server secret. Known and unknown emails alike.
 */
export function signInLimitKey(email: string): string {
  const digest = createHmac("sha256", authSecret()).update(`sign-in-limit\0${normalizeSignInEmail(email)}`).digest("base64url");
  return `signin:${digest}`;
}

/**
 * Anyone signing in (called by the better-auth hook in lib/auth.ts before the
 * password is checked): refuses the attempt while the email is locked, else
 * counts it as a failure in advance. The row is locked for the decision, so
 * concurrent attempts on any number of app servers are decided one by one and
 * counted exactly.
 */
export async function admitSignInAttempt(db: Db, email: string, now: Date, policy: SignInLimitPolicy): Promise<SignInAdmission> {
  const key = signInLimitKey(email);
  return transactionWithRetry(db, async (tx) => {
    // A row to lock, also for the first attempt (count 0 is "no streak").
    await tx.insert(rateLimitBuckets).values({ key, windowStart: now, count: 0 }).onConflictDoNothing();
    const [row] = await tx.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key)).for("update");
    const streak = row && row.count > 0 ? { failures: row.count, lastFailureAt: row.windowStart } : null;
    const admission = admitSignIn(streak, now, policy);
    if (admission.allowed) {
      await tx
        .update(rateLimitBuckets)
        .set({ count: admission.streak.failures, windowStart: admission.streak.lastFailureAt })
        .where(eq(rateLimitBuckets.key, key));
    }
    return admission;
  });
}

/** After a successful sign-in (the hook in lib/auth.ts): the email's failure streak is cleared. */
export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, signInLimitKey(email)));
}
