import "server-only";
import { and, eq, gt } from "drizzle-orm";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { getDb } from "@/db";
import { sessions, users } from "@/db/schema";
import { getAuth } from "@/lib/auth";
import { isLocale } from "@/lib/i18n/locale";
import type { Role, Viewer } from "./viewer";

interface SessionUser {
  id: string;
  email: string;
  name: string;
  role?: string | null;
  billingAccountId?: number | null;
  locale?: string | null;
}

function viewerOf(user: SessionUser): Viewer {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: (user.role === "admin" ? "admin" : "customer") satisfies Role,
    accountId: user.billingAccountId ?? null,
    locale: isLocale(user.locale) ? user.locale : null,
  };
}

/**
 * The user of a session as the database has it now: null when the session row
 * is gone (signed out, revoked) or has expired at `now`. One query, and no
 * cookie written (a better-auth read without its cache would rewrite the cache
 * cookie, which makes Next render the page again into an action's response).
 */
export async function liveSessionUser(token: string, now: Date): Promise<SessionUser | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, billingAccountId: users.billingAccountId, locale: users.locale })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.token, token), gt(sessions.expiresAt, now)));
  return row ?? null;
}

/**
 * The viewer of a request's cookies. better-auth answers from its signed
 * session cache cookie when it is younger than SESSION_CACHE_SECONDS (no
 * database round trip), else from the database (and refreshes the cookie where
 * a response can set one). A session that says admin is confirmed in the
 * database every time, with the role the database has now: the cache never
 * grants more than the database does (docs/security.md, "Session cookie cache").
 */
export async function viewerFromHeaders(requestHeaders: Headers, now: Date): Promise<Viewer | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const viewer = viewerOf(session.user);
  if (viewer.role !== "admin") return viewer;
  const fresh = await liveSessionUser(session.session.token, now);
  return fresh ? viewerOf(fresh) : null;
}

/** The signed-in user of this request, read once per request; null when signed out. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  // headers() first: it marks the page dynamic, so `next build` never runs this.
  const requestHeaders = new Headers(await headers());
  // The cookies as this request has them now: after an action set the session
  // cache cookie, the page it renders again reads the new one, not the one sent.
  const jar = (await cookies()).toString();
  if (jar) requestHeaders.set("cookie", jar);
  return viewerFromHeaders(requestHeaders, new Date());
});

/**
 * Reads the caller's session from the database and rewrites its cache cookie,
 * after a change to what the cache holds (the user's saved language). In a
 * server action only (the one place a response sets cookies from here).
 */
export async function refreshSessionCache(): Promise<void> {
  const auth = await getAuth();
  await auth.api.getSession({ headers: await headers(), query: { disableCookieCache: true } });
}
