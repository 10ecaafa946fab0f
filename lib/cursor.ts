/**
 * Opaque page cursors for keyset paging: a versioned JSON payload in base64url,
 * read back only through a zod schema, so a tampered, truncated or foreign
 * cursor is simply "not a cursor". Pure; btoa/atob exist in Node and browsers.
 */
import type { z } from "zod";

const MAX_CURSOR_LENGTH = 200;

function toBase64Url(text: string): string {
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  const padded = text.replaceAll("-", "+").replaceAll("_", "/");
  return atob(padded + "=".repeat((4 - (padded.length % 4)) % 4));
}

/** The URL form of a cursor payload. */
export function encodeCursorPayload(payload: Record<string, unknown>): string {
  return toBase64Url(JSON.stringify(payload));
}

/** The payload in `raw` if `schema` accepts it; null for anything else. */
export function decodeCursorPayload<S extends z.ZodType>(raw: string, schema: S): z.infer<S> | null {
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let json: unknown;
  try {
    json = JSON.parse(fromBase64Url(raw));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
