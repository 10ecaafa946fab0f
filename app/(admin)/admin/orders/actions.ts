"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { refundOrderSchema } from "@/lib/admin/schemas";
import { platformCurrency } from "@/lib/config";
import { refundOrder, type RefundOutcome } from "@/lib/dal/refunds";
import { runAdminAction } from "../_lib/admin-action";

/** Refunds an order in full or in part, with a reason (SPEC 6); idempotent by the form's refund key. */
export async function refundOrderAction(input: unknown): Promise<ActionResult<RefundOutcome>> {
  return runAdminAction(refundOrderSchema(platformCurrency()), input, async (viewer, data) => {
    const result = await refundOrder(viewer, data, new Date());
    revalidatePath("/admin", "layout");
    revalidatePath("/billing", "layout");
    return { ok: true, data: result };
  });
}
