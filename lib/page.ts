import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { getViewer } from "@/lib/dal/session";
import { DalError } from "@/lib/dal/errors";
import type { Viewer } from "@/lib/dal/viewer";
import { isPublicId, type PublicIdPrefix } from "@/lib/ids";

/**
 * The first lines of every page of both consoles: who may see it, which id it
 * is about, and a 404 for what does not exist or is not the caller's. Pages
 * check on the server even though the layouts and proxy.ts check too: a page
 * can be rendered on its own (a soft navigation, a prefetch).
 */

export { searchParam, type SearchParams } from "@/lib/search-params";

/** Any signed-in user, or a redirect to /sign-in. */
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

/** The public id in a route segment, or a 404 when it can't be one (lib/ids.ts decides). */
export function publicIdParam(value: string, prefix: PublicIdPrefix): string {
  if (!isPublicId(prefix, value)) notFound();
  return value;
}

/**
 * A DAL read for a page: "not found" renders the 404 page instead of an error.
 * Another account's object is "not found" too, so a page never reveals that it exists.
 */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof DalError && err.code === "not_found") notFound();
    throw err;
  }
}
