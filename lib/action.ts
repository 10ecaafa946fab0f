import "server-only";
import type { z } from "zod";
import { getViewer } from "@/lib/dal/session";
import { DalError, type Viewer } from "@/lib/dal/viewer";

/** What every server action returns: data, or a typed error with a message for people. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]> };

export const fail = (code: string, message: string): ActionResult<never> => ({ ok: false, code, message });

/**
 * The fixed order of every server action: authenticate, validate the input with
 * zod, run the body (which calls the DAL, which authorizes), and turn expected
 * refusals into typed results. Unexpected errors are logged (without the input,
 * which may hold a code) and become a generic message: never a stack trace.
 */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  body: (viewer: Viewer, data: z.infer<S>) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    const viewer = await getViewer();
    if (!viewer) return fail("unauthenticated", "Your session has ended. Sign in again.");
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join(".") || "form";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      return { ok: false, code: "invalid_input", message: "Check the highlighted fields.", fieldErrors };
    }
    return await body(viewer, parsed.data);
  } catch (err) {
    if (err instanceof DalError) return fail(err.code, err.message);
    console.error("server action failed:", err instanceof Error ? `${err.name}: ${err.message}` : "unknown error");
    return fail("internal", "Something went wrong on our side. Nothing was changed; try again.");
  }
}
