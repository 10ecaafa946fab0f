/**
 * The reason an admin gives for a change (SPEC 8): required, so the audit log
 * explains every change, and bounded, so it stays a sentence. One rule for the
 * admin forms' schemas and for the DAL, which checks again; its words are in
 * lib/failure-messages.ts with every other failure's.
 */
import { reasonMessage, type ReasonProblem } from "../failure-messages";
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

export const REASON_TOO_SHORT = reasonMessage({ reason: "reason_short", min: MIN_REASON_LENGTH });
export const REASON_TOO_LONG = reasonMessage({ reason: "reason_long", max: MAX_REASON_LENGTH });

/** A required reason, trimmed, MIN_REASON_LENGTH to MAX_REASON_LENGTH characters. */
export function parseReason(raw: string | undefined): Parsed<string, "reason"> {
  const problem = reasonProblem(raw);
  if (problem) return { ok: false, issues: [{ field: "reason", message: reasonMessage(problem) }] };
  return { ok: true, value: (raw ?? "").trim() };
}
