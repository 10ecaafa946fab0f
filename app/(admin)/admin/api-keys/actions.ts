"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { createApiKeySchema, revokeApiKeySchema } from "@/lib/api/key-schemas";
import { createApiKey, revokeApiKey, type CreatedApiKey } from "@/lib/dal/api-keys";
import { runAdminAction } from "../_lib/admin-action";

/**
 * Creates an API key and returns its secret, once: in this response only (never
 * stored, never logged). A replay of the same request key creates nothing and
 * gets `secret: null`.
 */
export async function createApiKeyAction(input: unknown): Promise<ActionResult<CreatedApiKey>> {
  return runAdminAction(createApiKeySchema, input, async (viewer, data) => {
    const created = await createApiKey(viewer, data, new Date());
    revalidatePath("/admin", "layout");
    return { ok: true, data: created };
  });
}

/** Revokes an API key, with a reason; revoking a revoked key changes nothing and says so. */
export async function revokeApiKeyAction(input: unknown): Promise<ActionResult<{ changed: boolean; revokedAt: Date }>> {
  return runAdminAction(revokeApiKeySchema, input, async (viewer, data) => {
    const result = await revokeApiKey(viewer, data, new Date());
    revalidatePath("/admin", "layout");
    return { ok: true, data: result };
  });
}
