"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";

const pingSchema = z.strictObject({});

/**
 * The reference of the HTTP benchmarks (docs/performance.md, P2): the same
 * session check and input validation as every server action, and nothing else.
 * Signed-in users only; it reads and changes nothing.
 */
export async function pingAction(input: unknown): Promise<ActionResult<{ pong: true }>> {
  return runAction(pingSchema, input, async () => ({ ok: true, data: { pong: true } }));
}
