import "server-only";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { requireAdmin, type Viewer } from "@/lib/dal/viewer";

/**
 * runAction for admin actions: a non-admin is refused before the input is even
 * read (so a customer learns nothing from validation messages), and the DAL
 * refuses again inside the body. The order is still session, zod, DAL.
 */
export async function runAdminAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  body: (viewer: Viewer, data: z.infer<S>) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const gate = await runAction(z.unknown(), null, async (viewer) => {
    requireAdmin(viewer);
    return { ok: true, data: null };
  });
  if (!gate.ok) return gate;
  return runAction(schema, input, async (viewer, data) => body(requireAdmin(viewer), data));
}
