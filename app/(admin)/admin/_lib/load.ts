import "server-only";
import { notFound } from "next/navigation";
import { DalError } from "@/lib/dal/errors";

/** A DAL read for a page: "not found" (or a malformed id) renders the 404 page instead of an error. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof DalError && err.code === "not_found") notFound();
    throw err;
  }
}

/** The public id in a route segment, or a 404 when it can't be one. */
export function publicIdParam(value: string, prefix: "vch" | "bat" | "acc" | "ord" | "prd"): string {
  if (!new RegExp(`^${prefix}_[0-9a-z]{1,40}$`).test(value)) notFound();
  return value;
}

/** The first value of a search parameter, trimmed; "" when absent. */
export function param(params: Record<string, string | string[] | undefined>, key: string): string {
  const value = Object.hasOwn(params, key) ? params[key] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first.trim() : "";
}
