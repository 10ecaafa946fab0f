/**
 * Who is calling. Every DAL function takes the caller's Viewer and decides from
 * it what the caller may see or change; ids from the client never choose the account.
 */
export type Role = "customer" | "admin";

export interface Viewer {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** The billing account the user acts on; null for operators without one. */
  accountId: number | null;
}

export type DalErrorCode = "unauthenticated" | "forbidden" | "not_found" | "invalid_input" | "conflict";

/** The HTTP status of each refusal, for route handlers. */
export const HTTP_STATUS_OF: Record<DalErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
};

/** An expected refusal (authorization, missing row, bad input); bugs throw plain Errors. */
export class DalError extends Error {
  constructor(
    readonly code: DalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DalError";
  }
}

/** The caller's billing account, or a refusal if the caller has none. */
export function requireAccount(viewer: Viewer | null): number {
  if (!viewer) throw new DalError("unauthenticated", "Sign in to continue.");
  if (viewer.accountId === null) throw new DalError("forbidden", "This user has no billing account.");
  return viewer.accountId;
}

/** Refuses anyone but an admin. */
export function requireAdmin(viewer: Viewer | null): Viewer {
  if (!viewer) throw new DalError("unauthenticated", "Sign in to continue.");
  if (viewer.role !== "admin") throw new DalError("forbidden", "Administrators only.");
  return viewer;
}
