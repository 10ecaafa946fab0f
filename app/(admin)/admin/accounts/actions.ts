"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { adjustCashSchema, chargeUsageSchema } from "@/lib/admin/schemas";
import { platformCurrency } from "@/lib/config";
import { adjustCashBalance, chargeUsage, type CashResult } from "@/lib/dal/cash";
import { runAdminAction } from "../_lib/admin-action";

function refresh() {
  revalidatePath("/admin", "layout");
  revalidatePath("/billing", "layout");
}

/** Posts a post-paid usage charge to an account's cash balance (may leave arrears); idempotent by the form's key. */
export async function chargeUsageAction(input: unknown): Promise<ActionResult<CashResult>> {
  return runAdminAction(chargeUsageSchema(platformCurrency()), input, async (viewer, data) => {
    const result = await chargeUsage(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Credits or debits an account's cash balance, with a reason; idempotent by the form's key. */
export async function adjustCashAction(input: unknown): Promise<ActionResult<CashResult>> {
  return runAdminAction(adjustCashSchema(platformCurrency()), input, async (viewer, data) => {
    const result = await adjustCashBalance(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}
