import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db";
import { providers } from "@/db/schema";

/**
 * Compute providers as the rest of the DAL reads them. Rows everywhere hold
 * provider ids (products.provider_id, order_items.provider_id, the provider_ids
 * arrays of batches and vouchers); names are looked up when shown, so a rename
 * shows everywhere at once and matching never depends on how a name was typed.
 */

/** Any caller (no authorization: names are public catalogue facts): id → display name of every provider. */
export async function providerNameMap(db: Db): Promise<Map<number, string>> {
  const rows = await db.select({ id: providers.id, name: providers.name }).from(providers);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * SQL for the display names of a provider id array, sorted by byte order (COLLATE
 * "C", so both drivers sort alike whatever their locale); NULL for NULL.
 */
export function providerNamesSql(ids: AnyPgColumn | SQL): SQL<string[] | null> {
  return sql<string[] | null>`CASE WHEN ${ids} IS NULL THEN NULL ELSE array(
    SELECT ${providers.name} FROM ${providers} WHERE ${providers.id} = ANY(${ids}) ORDER BY ${providers.name} COLLATE "C") END`;
}

/** The same names joined with ", ": one group key per provider set (the billing overview). */
export function providerListSql(ids: AnyPgColumn | SQL): SQL<string> {
  return sql<string>`array_to_string(array(
    SELECT ${providers.name} FROM ${providers} WHERE ${providers.id} = ANY(${ids}) ORDER BY ${providers.name} COLLATE "C"), ', ')`;
}
