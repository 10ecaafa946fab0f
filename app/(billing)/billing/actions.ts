"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { fail, runAction, type ActionResult } from "@/lib/action";
import { clientIpOf } from "@/lib/client-ip";
import { platformTimeZone } from "@/lib/config";
import { formatDateTime } from "@/lib/time";
import { checkRedemptionCode, redeemCode, type CodePreview, type RedeemContext } from "@/lib/dal/redeem";
import { VOUCHER_KINDS, type VoucherKind } from "@/lib/vouchers/kinds";

const redeemInputSchema = z.object({
  code: z.string().max(100, "A redemption code is at most 20 characters."),
  kind: z.enum(VOUCHER_KINDS),
});
export type RedeemInput = z.infer<typeof redeemInputSchema>;

/** Dates cross to the client already formatted in the platform time zone. */
export type CodePreviewDto = Omit<CodePreview, "effectiveAt" | "expiresAt"> & { effectiveAt: string; expiresAt: string };

async function context(): Promise<RedeemContext> {
  return { ip: clientIpOf(await headers()), now: new Date() };
}

/** Check: shows what a code gives before anything changes (SPEC 5). */
export async function checkCodeAction(input: RedeemInput): Promise<ActionResult<CodePreviewDto>> {
  return runAction(redeemInputSchema, input, async (viewer, data) => {
    const result = await checkRedemptionCode(viewer, data, await context());
    if (!result.ok) return fail(result.failure);
    const p = result.value;
    const tz = platformTimeZone();
    return { ok: true, data: { ...p, effectiveAt: formatDateTime(p.effectiveAt, tz), expiresAt: formatDateTime(p.expiresAt, tz) } };
  });
}

/**
 * Redeem: adds the code's voucher to the caller's account. It returns what
 * changed (the new voucher) and renders nothing: no revalidatePath, which would
 * make Next render the whole /billing page into this response. The dialog
 * refreshes the page after a success (router.refresh(), one GET), and every
 * other page is dynamic, so the next navigation reads the new balances
 * (docs/performance.md, P2).
 */
export async function redeemCodeAction(input: RedeemInput): Promise<ActionResult<{ publicId: string; kind: VoucherKind }>> {
  return runAction(redeemInputSchema, input, async (viewer, data) => {
    const result = await redeemCode(viewer, data, await context());
    if (!result.ok) return fail(result.failure);
    return { ok: true, data: result.value };
  });
}
