"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/action";
import { grantVoucherSchema, voidVoucherSchema } from "@/lib/admin/schemas";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { grantVoucher, voidVoucher } from "@/lib/dal/admin/vouchers";
import type { VoucherKind } from "@/lib/vouchers/kinds";
import { runAdminAction } from "../_lib/admin-action";

/** Voids a voucher with a reason; the customer's pages derive Voided from it at once. */
export async function voidVoucherAction(input: unknown): Promise<ActionResult<{ publicId: string; voidedAmount: number | null }>> {
  return runAdminAction(voidVoucherSchema, input, async (viewer, data) => {
    const result = await voidVoucher(viewer, data, new Date());
    revalidatePath("/admin", "layout");
    revalidatePath("/billing", "layout");
    return { ok: true, data: result };
  });
}

/** Grants a voucher straight to a customer's account (no code). */
export async function grantVoucherAction(input: unknown): Promise<ActionResult<{ publicId: string; accountPublicId: string; kind: VoucherKind }>> {
  const now = new Date();
  return runAdminAction(grantVoucherSchema(now, platformTimeZone(), platformCurrency()), input, async (viewer, data) => {
    const result = await grantVoucher(viewer, data, now);
    revalidatePath("/admin", "layout");
    revalidatePath("/billing", "layout");
    return { ok: true, data: result };
  });
}
