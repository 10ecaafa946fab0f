"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { createProductSchema, createProviderSchema, renameProviderSchema, retireProductSchema, updateProductSchema } from "@/lib/admin/schemas";
import { platformCurrency } from "@/lib/config";
import { createProduct, retireProduct, updateProduct } from "@/lib/dal/admin/catalog";
import { createProvider, renameProvider } from "@/lib/dal/admin/providers";
import { runAdminAction } from "../_lib/admin-action";

function refresh() {
  revalidatePath("/admin", "layout");
  // The order form lists the products for sale.
  revalidatePath("/billing", "layout");
}

/** Adds a product to the catalog; idempotent by the form's request key. */
export async function createProductAction(input: unknown): Promise<ActionResult<{ publicId: string }>> {
  return runAdminAction(createProductSchema(platformCurrency()), input, async (viewer, data) => {
    const result = await createProduct(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Changes a product's name, unit price or provider; orders keep the price they were placed at. */
export async function updateProductAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAdminAction(updateProductSchema(platformCurrency()), input, async (viewer, data) => {
    const result = await updateProduct(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Adds a compute provider to the catalogue, with a reason; the form's request key makes a retry create it once. */
export async function createProviderAction(input: unknown): Promise<ActionResult<{ publicId: string; name: string; created: boolean }>> {
  return runAdminAction(createProviderSchema, input, async (viewer, data) => {
    const result = await createProvider(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Renames a compute provider, with a reason; products, batches, vouchers and orders follow (they hold its id). */
export async function renameProviderAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAdminAction(renameProviderSchema, input, async (viewer, data) => {
    const result = await renameProvider(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Takes a product off sale. */
export async function retireProductAction(input: unknown): Promise<ActionResult<null>> {
  return runAdminAction(retireProductSchema, input, async (viewer, data) => {
    await retireProduct(viewer, data, new Date());
    refresh();
    return { ok: true, data: null };
  });
}
