import { DalError } from "./errors";
import type { Locale } from "@/lib/i18n/locale";

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
  /** The console language the user chose; unset until they choose one. */
  locale?: Locale | null;
}

/** The caller's billing account, or a refusal if the caller has none. */
export function requireAccount(viewer: Viewer | null): number {
  if (!viewer) throw new DalError({ code: "unauthenticated", reason: "signed_out" });
  if (viewer.accountId === null) throw new DalError({ code: "forbidden", reason: "no_account" });
  return viewer.accountId;
}

/** Refuses anyone but an admin. */
export function requireAdmin(viewer: Viewer | null): Viewer {
  if (!viewer) throw new DalError({ code: "unauthenticated", reason: "signed_out" });
  if (viewer.role !== "admin") throw new DalError({ code: "forbidden", reason: "admins_only" });
  return viewer;
}
