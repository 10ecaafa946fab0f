import "server-only";
import type { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { requireAdmin, type Viewer } from "@/lib/dal/viewer";

/**
 * runAction for admin actions: a non-admin is refused before the input is even
 * read (so a customer learns nothing from validation messages), and the DAL
 * refuses again inside the body.
 */
export function runAdminAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  body: (admin: Viewer, data: z.infer<S>) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  return runAction(schema, input, body, requireAdmin);
}
