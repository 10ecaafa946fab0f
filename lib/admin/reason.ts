/**
 * The reason an admin gives for a change (SPEC 8): required, so the audit log
 * explains every change, and bounded, so it stays a sentence. One rule for the
 * admin forms' schemas and for the DAL, which checks again.
 */
import type { Parsed } from "./terms";

export const MIN_REASON_LENGTH = 3;
export const MAX_REASON_LENGTH = 500;

export const REASON_TOO_SHORT = `Give a reason (at least ${MIN_REASON_LENGTH} characters).`;
export const REASON_TOO_LONG = `Keep the reason under ${MAX_REASON_LENGTH} characters.`;

/** A required reason, trimmed, MIN_REASON_LENGTH to MAX_REASON_LENGTH characters. */
export function parseReason(raw: string | undefined): Parsed<string, "reason"> {
  const text = (raw ?? "").trim();
  if (text.length < MIN_REASON_LENGTH) return { ok: false, issues: [{ field: "reason", message: REASON_TOO_SHORT }] };
  if (text.length > MAX_REASON_LENGTH) return { ok: false, issues: [{ field: "reason", message: REASON_TOO_LONG }] };
  return { ok: true, value: text };
}
