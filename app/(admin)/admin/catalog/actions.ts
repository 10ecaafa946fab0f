"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { createProductSchema, retireProductSchema, updateProductSchema } from "@/lib/admin/schemas";
import { platformCurrency } from "@/lib/config";
import { createProduct, retireProduct, updateProduct } from "@/lib/dal/admin/catalog";
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

/** Takes a product off sale. */
export async function retireProductAction(input: unknown): Promise<ActionResult<null>> {
  return runAdminAction(retireProductSchema, input, async (viewer, data) => {
    await retireProduct(viewer, data, new Date());
    refresh();
    return { ok: true, data: null };
  });
}
