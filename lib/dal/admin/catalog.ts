import "server-only";
import { asc, eq, isNotNull, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { products } from "@/db/schema";
import { newPublicId } from "@/lib/ids";
import { writeAudit } from "../audit";
import { claimIdempotencyKey, idempotentResponse, saveIdempotentResponse } from "../idempotency";
import { transactionWithRetry } from "../tx";
import { DalError, requireAdmin, type Viewer } from "../viewer";

export interface CatalogProduct {
  publicId: string;
  name: string;
  unitPrice: number;
  provider: string | null;
  retiredAt: Date | null;
  createdAt: Date;
}

export interface ProductInput {
  name: string;
  unitPrice: number;
  /** The compute provider whose computing power vouchers may pay for it; null for none. */
  provider: string | null;
}

const MAX_UNIT_PRICE = 100_000_000;

function checkProduct(input: ProductInput): ProductInput {
  const name = input.name.trim();
  const provider = input.provider?.trim() || null;
  if (name.length === 0 || name.length > 100) throw new DalError("invalid_input", "A product needs a name of at most 100 characters.");
  if (!Number.isSafeInteger(input.unitPrice) || input.unitPrice < 0 || input.unitPrice > MAX_UNIT_PRICE) {
    throw new DalError("invalid_input", "The unit price is not valid.");
  }
  if (provider !== null && provider.length > 40) throw new DalError("invalid_input", "A provider name has at most 40 characters.");
  return { name, unitPrice: input.unitPrice, provider };
}

const snapshot = (p: ProductInput & { retiredAt?: Date | null }) => ({
  name: p.name,
  unitPrice: p.unitPrice,
  provider: p.provider,
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
      provider: products.provider,
      retiredAt: products.retiredAt,
      createdAt: products.createdAt,
    })
    .from(products)
    .orderBy(sql`${products.retiredAt} IS NOT NULL`, asc(products.createdAt), asc(products.id));
}

/** Admin only: the provider names products and computing power vouchers use, for suggestions. */
export async function listKnownProviders(viewer: Viewer | null): Promise<string[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const rows = await db
    .selectDistinct({ provider: products.provider })
    .from(products)
    .where(isNotNull(products.provider))
    .orderBy(asc(products.provider));
  return rows.map((r) => r.provider!).filter(Boolean);
}

/**
 * Admin only: adds a product to the catalog (for sale at once). Idempotent by
 * the form's `requestKey`: a repeat creates nothing and answers the first
 * product; the same key with other fields is refused.
 */
export async function createProduct(viewer: Viewer | null, input: ProductInput & { requestKey?: string }, now: Date): Promise<{ publicId: string }> {
  const actor = requireAdmin(viewer);
  const product = checkProduct(input);
  const db = await getDb();
  const scope = `product.create:${actor.userId}`;
  return transactionWithRetry(db, async (tx) => {
    if (input.requestKey !== undefined) {
      const requestHash = JSON.stringify([product.name, product.unitPrice, product.provider]);
      if (!(await claimIdempotencyKey(tx, scope, input.requestKey, requestHash, now))) {
        const first = (await idempotentResponse(tx, scope, input.requestKey)) as { publicId?: unknown } | null;
        if (typeof first?.publicId !== "string") throw new DalError("conflict", "This product was already created. Find it in the catalog.");
        return { publicId: first.publicId };
      }
    }
    const [row] = await tx
      .insert(products)
      .values({ publicId: newPublicId("prd"), ...product, createdAt: now })
      .returning({ publicId: products.publicId });
    await writeAudit(tx, actor, { action: "product.create", targetType: "product", targetId: row!.publicId, before: null, after: snapshot(product) }, now);
    if (input.requestKey !== undefined) await saveIdempotentResponse(tx, scope, input.requestKey, { publicId: row!.publicId });
    return { publicId: row!.publicId };
  });
}

async function lockProduct(tx: Db, publicId: string) {
  const [row] = await tx.select().from(products).where(eq(products.publicId, publicId)).for("update");
  if (!row) throw new DalError("not_found", "Product not found.");
  return row;
}

/**
 * Admin only: changes a product's name, unit price or provider. Orders keep the
 * name, provider and price they were placed at (order_items copies them), so
 * only new orders see the change.
 */
export async function updateProduct(viewer: Viewer | null, input: ProductInput & { productPublicId: string }, now: Date): Promise<{ changed: boolean }> {
  const actor = requireAdmin(viewer);
  const next = checkProduct(input);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const current = await lockProduct(tx, input.productPublicId);
    if (current.name === next.name && current.unitPrice === next.unitPrice && current.provider === next.provider) return { changed: false };
    await tx.update(products).set(next).where(eq(products.id, current.id));
    await writeAudit(
      tx,
      actor,
      { action: "product.update", targetType: "product", targetId: current.publicId, before: snapshot(current), after: snapshot(next) },
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
    if (current.retiredAt) throw new DalError("conflict", "This product is already retired.");
    await tx.update(products).set({ retiredAt: now }).where(eq(products.id, current.id));
    await writeAudit(
      tx,
      actor,
      { action: "product.retire", targetType: "product", targetId: current.publicId, before: { retiredAt: null }, after: { retiredAt: now.toISOString() } },
      now,
    );
  });
}
