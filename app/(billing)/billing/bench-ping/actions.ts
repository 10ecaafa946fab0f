"use server";

import { z } from "zod";
import { fail, runAction, type ActionResult } from "@/lib/action";
import { benchReferenceEnabled } from "@/lib/config";

const pingSchema = z.strictObject({});

/**
 * The reference of the HTTP benchmarks (docs/performance.md, P2): the same
 * session check and input validation as every server action, and nothing else.
 * Signed-in users only; it reads and changes nothing. Off ("not found", like
 * its page) unless the server was started for the benchmarks (BENCH_REFERENCE=on).
 */
export async function pingAction(input: unknown): Promise<ActionResult<{ pong: true }>> {
  return runAction(pingSchema, input, async () => (benchReferenceEnabled() ? { ok: true, data: { pong: true } } : fail({ code: "not_found", reason: "route" })));
}
