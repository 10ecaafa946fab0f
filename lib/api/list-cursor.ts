/**
 * The cursors of the /api/v1 lists (docs/api.md "Pagination"): the page's own
 * keyset cursor (lib/vouchers/list-filter.ts, lib/usage/filter.ts), tagged with
 * the list, account and filter it was given out for, so that a cursor sent with
 * other filters is refused instead of quietly continuing a different list.
 *
 * The tag catches a client's mistake; it is no seal. The page cursor under it
 * is checked by the DAL exactly as on the page, so a forged tag reaches nothing
 * that the same filters without a cursor would not list.
 */
import { createHash } from "node:crypto";

// A page cursor is base64url, which has no ".", so the last "." always ends it.
const SEPARATOR = ".";

/** A short digest of the list, the account's public id and the filter's set values (in key order, so field order does not matter). */
export function listTag(list: string, accountPublicId: string, filter: Readonly<Record<string, string | undefined>>): string {
  const values = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify([list, accountPublicId, values])).digest("base64url").slice(0, 16);
}

/** The cursor a client is given: the page's cursor and the tag of its list. */
export function tagCursor(pageCursor: string, tag: string): string {
  return `${pageCursor}${SEPARATOR}${tag}`;
}

/** The page's cursor inside `raw` when it was given out under `tag`; null for another list's or filter's, or anything else. */
export function untagCursor(raw: string, tag: string): string | null {
  const at = raw.lastIndexOf(SEPARATOR);
  if (at <= 0 || raw.slice(at + SEPARATOR.length) !== tag) return null;
  return raw.slice(0, at);
}
