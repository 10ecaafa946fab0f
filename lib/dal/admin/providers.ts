import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { products, providers } from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { isProviderPublicId, normalizeProviderName, parseProviderName } from "@/lib/providers/name";
import { checkReason, writeAudit } from "../audit";
import { claimIdempotencyKey } from "../idempotency";
import { pgCode, rowsOf, transactionWithRetry } from "../tx";
import { DalError } from "../errors";
import { requireAdmin, type Viewer } from "../viewer";

/** A provider of the catalogue as the admin console lists it. */
export interface ProviderView {
  publicId: string;
  name: string;
  /** Products for sale that belong to it. */
  productsForSale: number;
  createdAt: Date;
}

/** A provider reference resolved to its row. */
export interface ResolvedProvider {
  id: number;
  publicId: string;
  name: string;
}

/** Admin only: every provider, by name (byte order, like the rest of the console's provider lists). */
export async function listProviders(viewer: Viewer | null): Promise<ProviderView[]> {
  requireAdmin(viewer);
  const db = await getDb();
  return db
    .select({
      publicId: providers.publicId,
      name: providers.name,
      productsForSale: sql<number>`(SELECT count(*)::int FROM ${products} WHERE ${products.providerId} = ${providers.id} AND ${products.retiredAt} IS NULL)`.mapWith(
        Number,
      ),
      createdAt: providers.createdAt,
    })
    .from(providers)
    .orderBy(sql`${providers.name} COLLATE "C"`, asc(providers.id));
}

/**
 * For admin write paths, inside their transaction (the caller authorized): the
 * providers that `refs` name, each a public id (`prv_…`) or a name matched
 * ignoring case and spacing, so "muxi" is the catalogue's Muxi. Each provider
 * once, ids ascending (the stored order). A reference that names no provider is
 * refused: nothing is ever created by typing a name.
 */
export async function resolveProviderRefs(tx: Db, refs: readonly string[]): Promise<ResolvedProvider[]> {
  const wanted = [...new Set(refs.map(normalizeProviderName).filter((r) => r !== ""))];
  if (wanted.length === 0) return [];
  const list = sql.join(
    wanted.map((r) => sql`${r}::text`),
    sql`, `,
  );
  // Whether a reference is an id is decided once, by lib/ids.ts, not again in SQL.
  const isId = sql.join(
    wanted.map((r) => sql`${isProviderPublicId(r)}::boolean`),
    sql`, `,
  );
  const rows = rowsOf<{ ref: string; id: string | number | null; public_id: string | null; name: string | null }>(
    await tx.execute(sql`
      SELECT r.ref, p.id, p.public_id, p.name
      FROM unnest(ARRAY[${list}], ARRAY[${isId}]) WITH ORDINALITY AS r(ref, is_id, n)
      LEFT JOIN ${providers} AS p
        ON CASE WHEN r.is_id THEN p.public_id = r.ref ELSE lower(p.name) = lower(r.ref) END
      ORDER BY r.n`),
  );
  const unknown = rows.find((r) => r.id === null);
  if (unknown) {
    throw new DalError({ code: "invalid_input", reason: isProviderPublicId(unknown.ref) ? "provider_id" : "provider_name", ref: unknown.ref });
  }
  const byId = new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), publicId: r.public_id!, name: r.name! }]));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** For admin write paths: the one provider `ref` names (public id or name), or null for a blank ref. */
export async function resolveProviderRef(tx: Db, ref: string | null): Promise<ResolvedProvider | null> {
  if (ref === null || normalizeProviderName(ref) === "") return null;
  const [resolved] = await resolveProviderRefs(tx, [ref]);
  return resolved ?? null;
}

function checkName(raw: string): string {
  const parsed = parseProviderName(raw);
  if (!parsed.ok) throw new DalError({ code: "invalid_input", reason: "rule", text: parsed.message });
  return parsed.value;
}

const nameTaken = (name: string) => new DalError({ code: "conflict", reason: "provider_name_taken", name });

/** Another provider already holding `name` ignoring case, if any (the unique index on lower(name) is the last word). */
async function holderOf(tx: Db, name: string, except?: number) {
  const [row] = await tx
    .select({ id: providers.id, name: providers.name })
    .from(providers)
    .where(and(sql`lower(${providers.name}) = lower(${name})`, except === undefined ? undefined : ne(providers.id, except)));
  return row;
}

/** Runs a provider write; a concurrent write that took the name first surfaces as a unique violation. */
async function guardUnique<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (pgCode(err) === "23505") throw nameTaken(name);
    throw err;
  }
}

export interface CreateProviderInput {
  name: string;
  reason: string;
  /** The form's key: the same key creates once, and a retry gets the provider it created. */
  requestKey?: string;
}

/**
 * Admin only: adds a provider to the catalogue, with a reason, audited
 * (`provider.create`). Its name must be free ignoring case. Idempotent by the
 * form's request key: the same request again returns the same provider.
 */
export async function createProvider(
  viewer: Viewer | null,
  input: CreateProviderInput,
  now: Date,
): Promise<{ publicId: string; name: string; created: boolean }> {
  const actor = requireAdmin(viewer);
  const name = checkName(input.name);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return guardUnique(name, () =>
    transactionWithRetry(db, async (tx) => {
      if (input.requestKey && !(await claimIdempotencyKey(tx, `provider.create:${actor.userId}`, input.requestKey, name.toLowerCase(), now))) {
        const [done] = await tx.select({ publicId: providers.publicId, name: providers.name }).from(providers).where(sql`lower(${providers.name}) = lower(${name})`);
        if (!done) throw new DalError({ code: "conflict", reason: "request_used" });
        return { ...done, created: false };
      }
      const taken = await holderOf(tx, name);
      if (taken) throw nameTaken(taken.name);
      const [row] = await tx
        .insert(providers)
        .values({ publicId: newPublicId("prv"), name, createdAt: now })
        .returning({ publicId: providers.publicId, name: providers.name });
      await writeAudit(
        tx,
        actor,
        { action: "provider.create", targetType: "provider", targetId: row!.publicId, before: null, after: { name }, reason },
        now,
      );
      return { publicId: row!.publicId, name, created: true };
    }),
  );
}

export interface RenameProviderInput {
  providerPublicId: string;
  name: string;
  reason: string;
}

/**
 * Admin only: renames a provider, with a reason, audited (`provider.rename`).
 * Products, batches, vouchers and orders hold its id, so they all show the new
 * name at once and nothing they may pay for changes. The new name must be free
 * ignoring case (a change of case only is allowed); the same name is no change.
 */
export async function renameProvider(viewer: Viewer | null, input: RenameProviderInput, now: Date): Promise<{ changed: boolean }> {
  const actor = requireAdmin(viewer);
  const name = checkName(input.name);
  const reason = checkReason(input.reason);
  const db = await getDb();
  return guardUnique(name, () =>
    transactionWithRetry(db, async (tx) => {
      const [current] = await tx.select().from(providers).where(eq(providers.publicId, input.providerPublicId)).for("update");
      if (!current) throw new DalError({ code: "not_found", reason: "provider" });
      if (current.name === name) return { changed: false };
      const taken = await holderOf(tx, name, current.id);
      if (taken) throw nameTaken(taken.name);
      await tx.update(providers).set({ name }).where(eq(providers.id, current.id));
      await writeAudit(
        tx,
        actor,
        { action: "provider.rename", targetType: "provider", targetId: current.publicId, before: { name: current.name }, after: { name }, reason },
        now,
      );
      return { changed: true };
    }),
  );
}
