import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getAuth } from "@/lib/auth";
import type { Role, Viewer } from "./viewer";

/** The signed-in user of this request, read once per request; null when signed out. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  // headers() first: it marks the page dynamic, so `next build` never runs this.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: string; billingAccountId?: number | null };
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: (user.role === "admin" ? "admin" : "customer") satisfies Role,
    accountId: user.billingAccountId ?? null,
  };
});

/** For pages: the viewer, or a redirect to /sign-in. */
export async function requireViewerPage(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/sign-in");
  return viewer;
}

/**
 * For pages about the caller's own billing account: the viewer, a redirect to
 * /sign-in, or (for an operator without a billing account) a redirect to /admin,
 * instead of a DAL refusal that would surface as a 500.
 */
export async function requireCustomerPage(): Promise<Viewer> {
  const viewer = await requireViewerPage();
  if (viewer.accountId === null) redirect("/admin");
  return viewer;
}

/** For admin pages: refuses (403) anyone but an admin, on the server. */
export async function requireAdminPage(): Promise<Viewer> {
  const viewer = await requireViewerPage();
  if (viewer.role !== "admin") forbidden();
  return viewer;
}
