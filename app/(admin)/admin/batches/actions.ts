"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { findCodeSchema, issueBatchSchema, revokeCodeSchema, voidBatchSchema } from "@/lib/admin/schemas";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { findCode, issueBatch, revokeCode, voidBatch, type CodeLookup, type IssuedCodes, type VoidBatchResult } from "@/lib/dal/admin/batches";
import { runAdminAction } from "../_lib/admin-action";

/**
 * Issue vouchers: creates a batch and returns its plain codes, once. They are
 * in this response only (never stored, never logged); the page shows them and
 * builds the CSV in the browser.
 */
export async function issueBatchAction(input: unknown): Promise<ActionResult<IssuedCodes>> {
  const now = new Date();
  return runAdminAction(issueBatchSchema(now, platformTimeZone(), platformCurrency()), input, async (viewer, data) => {
    const issued = await issueBatch(viewer, data, now);
    revalidatePath("/admin", "layout");
    return { ok: true, data: issued };
  });
}

/** Voids a batch: its vouchers and its unredeemed codes. */
export async function voidBatchAction(input: unknown): Promise<ActionResult<VoidBatchResult>> {
  return runAdminAction(voidBatchSchema, input, async (viewer, data) => {
    const result = await voidBatch(viewer, data, new Date());
    revalidatePath("/admin", "layout");
    return { ok: true, data: result };
  });
}

/** Looks a code up by its keyed hash. A server action, not a GET: a code must never sit in a URL or an access log. */
export async function findCodeAction(input: unknown): Promise<ActionResult<CodeLookup>> {
  return runAdminAction(findCodeSchema, input, async (viewer, data) => ({ ok: true, data: await findCode(viewer, data.code, new Date()) }));
}

/** Revokes one unredeemed code, with a reason. */
export async function revokeCodeAction(input: unknown): Promise<ActionResult<{ targetId: string }>> {
  return runAdminAction(revokeCodeSchema, input, async (viewer, data) => {
    const result = await revokeCode(viewer, data, new Date());
    revalidatePath("/admin", "layout");
    return { ok: true, data: result };
  });
}
