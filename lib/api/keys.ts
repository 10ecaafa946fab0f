/**
 * API key secrets and the rules of an API key (docs/api.md, "API keys"). Pure,
 * and Web Crypto only (no node:crypto), so it runs in Node, the edge runtime
 * and the browser alike. A secret is `sk_live_` and 32 characters of RFC 4648
 * base 32 in lower case (160 bits from a CSPRNG); the database keeps only its
 * keyed hash (HMAC-SHA256, hex) and its last 4 characters.
 */
import { API_SCOPES, type ApiScope } from "./spec";

export const API_SECRET_PREFIX = "sk_live_";
/** RFC 4648 base 32, lower case: no 0, 1, 8, 9 to misread. */
const SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const SECRET_LENGTH = 32;
const SECRET_SHAPE = new RegExp(`^${API_SECRET_PREFIX}[a-z2-7]{${SECRET_LENGTH}}$`);

/** The id alphabet of lib/ids.ts (lower-case Crockford base 32). */
const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const ID_LENGTH = 16;
/** What an API key's public id may look like where one comes in (as lib/ids.ts allows for other ids). */
export const API_KEY_ID_PATTERN = /^key_[0-9a-z]{1,40}$/;

export const MAX_API_KEY_NAME_LENGTH = 80;

/** `count` characters of `alphabet` (32 letters: a byte's low 5 bits are uniform) from a CSPRNG. */
function randomChars(alphabet: string, count: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(count));
  let out = "";
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

/** A new secret, `sk_live_` + 32 random base-32 characters. Shown once, never stored. */
export function newApiSecret(): string {
  return API_SECRET_PREFIX + randomChars(SECRET_ALPHABET, SECRET_LENGTH);
}

/** A new public id of an API key, `key_` + 16 characters, like every other public id (lib/ids.ts). */
export function newApiKeyPublicId(): string {
  return `key_${randomChars(ID_ALPHABET, ID_LENGTH)}`;
}

/** Whether `text` has exactly the shape newApiSecret gives: anything else is refused before any lookup. */
export function isApiSecretShape(text: string): boolean {
  return SECRET_SHAPE.test(text);
}

/** The last 4 characters of a secret: what the console shows (`sk_live_…abcd`). */
export function last4(secret: string): string {
  return secret.slice(-4);
}

/** How the console shows a key whose secret it no longer has. */
export function maskedSecret(lastFour: string): string {
  return `${API_SECRET_PREFIX}…${lastFour}`;
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(key: string): Promise<CryptoKey> {
  let cached = keyCache.get(key);
  if (!cached) {
    cached = crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    // One server has one key; a few entries at most (tests).
    if (keyCache.size > 8) keyCache.clear();
    keyCache.set(key, cached);
  }
  return cached;
}

/**
 * The keyed hash of a secret, as stored and looked up: HMAC-SHA256 under `key`
 * (the server's authSecret(), passed in by the caller so this module stays
 * pure), 64 lower-case hex characters. Without the key, a leaked table can't be
 * checked against guesses.
 */
export async function apiSecretHash(secret: string, key: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(key), encoder.encode(secret));
  let hex = "";
  for (const b of new Uint8Array(mac)) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** What can be wrong with a key's name or scopes (the form words each in the reader's language). */
export type ApiKeyProblem = "name_empty" | "name_long" | "scopes_empty" | "scope_unknown";

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ApiKeyProblem };

/** A key's name: trimmed, 1 to 80 characters (code points, as the database's char_length counts them). */
export function parseApiKeyName(raw: string): Parsed<string> {
  const name = raw.trim();
  if (name === "") return { ok: false, problem: "name_empty" };
  if (Array.from(name).length > MAX_API_KEY_NAME_LENGTH) return { ok: false, problem: "name_long" };
  return { ok: true, value: name };
}

const isScope = (s: string): s is ApiScope => (API_SCOPES as readonly string[]).includes(s);

/**
 * A key's scopes: a non-empty subset of API_SCOPES, each once, sorted in
 * API_SCOPES order, which is the api_scope enum's own order in PostgreSQL.
 */
export function parseApiScopes(raw: readonly string[]): Parsed<ApiScope[]> {
  if (raw.length === 0) return { ok: false, problem: "scopes_empty" };
  if (!raw.every(isScope)) return { ok: false, problem: "scope_unknown" };
  return { ok: true, value: API_SCOPES.filter((s) => raw.includes(s)) };
}

/** The English sentence of each problem, for the server's field errors (the form shows the catalogue's). */
export const API_KEY_PROBLEM_TEXT: Record<ApiKeyProblem, string> = {
  name_empty: "Give the key a name.",
  name_long: `Keep the name to ${MAX_API_KEY_NAME_LENGTH} characters or fewer.`,
  scopes_empty: "Choose at least one scope.",
  scope_unknown: "Choose scopes from the list.",
};
