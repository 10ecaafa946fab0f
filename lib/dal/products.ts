import "server-only";
import { asc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { products, providers } from "@/db/schema";
import { requireAccount, type Viewer } from "./viewer";

/** Everything a product picker needs: the catalog products for sale. */
export async function listProducts(viewer: Viewer | null) {
  requireAccount(viewer);
  const db = await getDb();
  return db
    .select({ publicId: products.publicId, name: products.name, unitPrice: products.unitPrice, provider: providers.name })
    .from(products)
    .leftJoin(providers, eq(providers.id, products.providerId))
    .where(isNull(products.retiredAt))
    .orderBy(asc(products.id));
}
