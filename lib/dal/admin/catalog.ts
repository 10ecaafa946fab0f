import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { products, providers } from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { writeAudit } from "../audit";
import { claimIdempotencyKey, idempotentResponse, saveIdempotentResponse } from "../idempotency";
import { transactionWithRetry } from "../tx";
import { DalError } from "../errors";
import { requireAdmin, type Viewer } from "../viewer";
import { resolveProviderRef, type ResolvedProvider } from "./providers";

export interface CatalogProduct {
  publicId: string;
  name: string;
  unitPrice: number;
  /** The compute provider's display name, or null. */
  provider: string | null;
  providerPublicId: string | null;
  retiredAt: Date | null;
  createdAt: Date;
}

export interface ProductInput {
  name: string;
  unitPrice: number;
  /**
   * The compute provider whose computing power vouchers may pay for it: its
   * public id (`prv_…`) or its name (ignoring case); null for none. It must be
   * a provider of the catalogue.
   */
  provider: string | null;
}

const MAX_UNIT_PRICE = 100_000_000;

interface CheckedProduct {
  name: string;
  unitPrice: number;
  provider: ResolvedProvider | null;
}

async function checkProduct(tx: Db, input: ProductInput): Promise<CheckedProduct> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new DalError({ code: "invalid_input", reason: "product_name" });
  if (!Number.isSafeInteger(input.unitPrice) || input.unitPrice < 0 || input.unitPrice > MAX_UNIT_PRICE) {
    throw new DalError({ code: "invalid_input", reason: "unit_price" });
  }
  return { name, unitPrice: input.unitPrice, provider: await resolveProviderRef(tx, input.provider) };
}

const snapshot = (p: { name: string; unitPrice: number; provider: { publicId: string; name: string } | null; retiredAt?: Date | null }) => ({
  name: p.name,
  unitPrice: p.unitPrice,
  provider: p.provider ? { id: p.provider.publicId, name: p.provider.name } : null,
  ...(p.retiredAt !== undefined ? { retiredAt: p.retiredAt?.toISOString() ?? null } : {}),
});

/** Admin only: every product, for sale first, then retired ones. */
export async function listCatalog(viewer: Viewer | null): Promise<CatalogProduct[]> {
  requireAdmin(viewer);
  const db = await getDb();
  return db
    .select({
      publicId: products.publicId,
      name: products.name,
      unitPrice: products.unitPrice,
      provider: providers.name,
      providerPublicId: providers.publicId,
      retiredAt: products.retiredAt,
      createdAt: products.createdAt,
    })
    .from(products)
    .leftJoin(providers, eq(providers.id, products.providerId))
    .orderBy(sql`${products.retiredAt} IS NOT NULL`, asc(products.createdAt), asc(products.id));
}

/**
 * Admin only: adds a product to the catalog (for sale at once); its provider must
 * be one of the catalogue. Idempotent by the form's `requestKey`: a repeat creates
 * nothing and answers the first product; the same key with other fields is refused.
 */
export async function createProduct(viewer: Viewer | null, input: ProductInput & { requestKey?: string }, now: Date): Promise<{ publicId: string }> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  const scope = `product.create:${actor.userId}`;
  return transactionWithRetry(db, async (tx) => {
    const product = await checkProduct(tx, input);
    if (input.requestKey !== undefined) {
      const requestHash = JSON.stringify([product.name, product.unitPrice, product.provider?.id ?? null]);
      if (!(await claimIdempotencyKey(tx, scope, input.requestKey, requestHash, now))) {
        const first = (await idempotentResponse(tx, scope, input.requestKey)) as { publicId?: unknown } | null;
        if (typeof first?.publicId !== "string") throw new DalError({ code: "conflict", reason: "product_created" });
        return { publicId: first.publicId };
      }
    }
    const [row] = await tx
      .insert(products)
      .values({ publicId: newPublicId("prd"), name: product.name, unitPrice: product.unitPrice, providerId: product.provider?.id ?? null, createdAt: now })
      .returning({ publicId: products.publicId });
    await writeAudit(tx, actor, { action: "product.create", targetType: "product", targetId: row!.publicId, before: null, after: snapshot(product) }, now);
    if (input.requestKey !== undefined) await saveIdempotentResponse(tx, scope, input.requestKey, { publicId: row!.publicId });
    return { publicId: row!.publicId };
  });
}

async function lockProduct(tx: Db, publicId: string) {
  const [row] = await tx.select().from(products).where(eq(products.publicId, publicId)).for("update");
  if (!row) throw new DalError({ code: "not_found", reason: "product" });
  return row;
}

/** A product row with its provider, for the audit snapshot. */
async function withProvider(tx: Db, row: { name: string; unitPrice: number; providerId: number | null; retiredAt: Date | null }) {
  if (row.providerId === null) return { ...row, provider: null };
  const [provider] = await tx.select({ publicId: providers.publicId, name: providers.name }).from(providers).where(eq(providers.id, row.providerId));
  return { ...row, provider: provider ?? null };
}

/**
 * Admin only: changes a product's name, unit price or provider (one of the
 * catalogue). Orders keep the name, provider and price they were placed at
 * (order_items copies them), so only new orders see the change.
 */
export async function updateProduct(viewer: Viewer | null, input: ProductInput & { productPublicId: string }, now: Date): Promise<{ changed: boolean }> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const current = await lockProduct(tx, input.productPublicId);
    const next = await checkProduct(tx, input);
    const providerId = next.provider?.id ?? null;
    if (current.name === next.name && current.unitPrice === next.unitPrice && current.providerId === providerId) return { changed: false };
    await tx.update(products).set({ name: next.name, unitPrice: next.unitPrice, providerId }).where(eq(products.id, current.id));
    await writeAudit(
      tx,
      actor,
      {
        action: "product.update",
        targetType: "product",
        targetId: current.publicId,
        before: snapshot(await withProvider(tx, current)),
        after: snapshot(next),
      },
      now,
    );
    return { changed: true };
  });
}

/** Admin only: takes a product off sale. Its past orders keep their items; vouchers scoped to it stay as they are. */
export async function retireProduct(viewer: Viewer | null, input: { productPublicId: string }, now: Date): Promise<void> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  await transactionWithRetry(db, async (tx) => {
    const current = await lockProduct(tx, input.productPublicId);
    if (current.retiredAt) throw new DalError({ code: "conflict", reason: "product_retired" });
    await tx.update(products).set({ retiredAt: now }).where(eq(products.id, current.id));
    await writeAudit(
      tx,
      actor,
      { action: "product.retire", targetType: "product", targetId: current.publicId, before: { retiredAt: null }, after: { retiredAt: now.toISOString() } },
      now,
    );
  });
}
