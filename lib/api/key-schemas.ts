/**
 * The inputs of the admin API key actions (app/(admin)/admin/api-keys/actions.ts).
 * They take no owner or actor: the creator is the signed-in admin. The rules are
 * those of lib/api/keys.ts, which the DAL applies again.
 */
import { z } from "zod";
import { reasonSchema } from "../admin/schemas";
import { API_KEY_ID_PATTERN, API_KEY_PROBLEM_TEXT, parseApiKeyName, parseApiScopes } from "./keys";

export const createApiKeySchema = z.object({
  name: z
    .string()
    .max(1_000, API_KEY_PROBLEM_TEXT.name_long)
    .transform((value, ctx) => {
      const parsed = parseApiKeyName(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: API_KEY_PROBLEM_TEXT[parsed.problem] });
      return z.NEVER;
    }),
  scopes: z
    .array(z.string().max(20))
    .max(20)
    .transform((value, ctx) => {
      const parsed = parseApiScopes(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: API_KEY_PROBLEM_TEXT[parsed.problem] });
      return z.NEVER;
    }),
  requestKey: z.uuid("Reload the page and try again."),
});

export const revokeApiKeySchema = z.object({
  publicId: z.string().regex(API_KEY_ID_PATTERN, "Not a valid API key ID."),
  reason: reasonSchema,
});
