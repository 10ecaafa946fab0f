/**
 * The reason an admin gives for a change (SPEC 8): required, so the audit log
 * explains every change, and bounded, so it stays a sentence. One rule for the
 * admin forms' schemas and for the DAL, which checks again. Its sentences are
 * written here in English, like every rule's; they are `failures.reason` in the
 * catalogues, which put them in the reader's language (lib/validation-messages.ts,
 * lib/failure-messages.ts `reasonMessage`).
 */
import type { ReasonProblem } from "../failure-messages";
import type { Parsed } from "./terms-form";

export const MIN_REASON_LENGTH = 3;
export const MAX_REASON_LENGTH = 500;

/** What is wrong with a reason, or null when it is one. */
export function reasonProblem(raw: string | undefined): ReasonProblem | null {
  const length = (raw ?? "").trim().length;
  if (length < MIN_REASON_LENGTH) return { reason: "reason_short", min: MIN_REASON_LENGTH };
  if (length > MAX_REASON_LENGTH) return { reason: "reason_long", max: MAX_REASON_LENGTH };
  return null;
}

/** The English sentence of a reason that breaks the rule (failures.reason in messages/en.json). */
function englishReasonMessage(p: ReasonProblem): string {
  return p.reason === "reason_short" ? `Give a reason (at least ${p.min} characters).` : `Keep the reason under ${p.max} characters.`;
}

export const REASON_TOO_SHORT = englishReasonMessage({ reason: "reason_short", min: MIN_REASON_LENGTH });
export const REASON_TOO_LONG = englishReasonMessage({ reason: "reason_long", max: MAX_REASON_LENGTH });

/** A required reason, trimmed, MIN_REASON_LENGTH to MAX_REASON_LENGTH characters. */
export function parseReason(raw: string | undefined): Parsed<string, "reason"> {
  const problem = reasonProblem(raw);
  if (problem) return { ok: false, issues: [{ field: "reason", message: englishReasonMessage(problem) }] };
  return { ok: true, value: (raw ?? "").trim() };
}
