import { z } from "zod";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const LENGTH = 16;

/** Each kind of public id, by prefix, with the word people read for it ("Not a valid voucher ID."). */
const NOUNS = {
  acc: "account",
  vch: "voucher",
  ord: "order",
  prd: "product",
  bat: "batch",
  rfd: "refund",
  prv: "provider",
  evt: "event",
  whk: "webhook endpoint",
  whd: "webhook delivery",
  ntf: "notification",
} as const;

export type PublicIdPrefix = keyof typeof NOUNS;

/**
 * An opaque, stable public id such as `vch_3k9w…` (SPEC 2): 16 characters of
 * lower-case Crockford base 32 from a CSPRNG (80 bits), so ids can't be guessed
 * or enumerated. Web Crypto rather than node:crypto: this module also checks
 * ids in the browser (the usage filter form), and both have it.
 */
export function newPublicId(prefix: PublicIdPrefix): string {
  const bytes = crypto.getRandomValues(new Uint8Array(LENGTH));
  let out = `${prefix}_`;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/**
 * What a public id may look like where one comes in (a route segment, a form, a
 * query, an action's input): its prefix and 1 to 40 lower-case letters or digits.
 * Looser than what newPublicId makes on purpose: the providers migration made
 * 20 hex characters, and an id that passes is only looked up, scoped to the
 * caller, by the DAL, which alone decides whether it exists.
 */
const PATTERNS = Object.fromEntries(
  Object.keys(NOUNS).map((prefix) => [prefix, new RegExp(`^${prefix}_[0-9a-z]{1,40}$`)]),
) as Record<PublicIdPrefix, RegExp>;

/** Exactly what newPublicId makes: for ids the server wrote itself (a paging cursor), which have no other shape. */
const MADE = Object.fromEntries(
  Object.keys(NOUNS).map((prefix) => [prefix, new RegExp(`^${prefix}_[${ALPHABET}]{${LENGTH}}$`)]),
) as Record<PublicIdPrefix, RegExp>;

const SCHEMAS = Object.fromEntries(
  Object.entries(NOUNS).map(([prefix, noun]) => [prefix, z.string().regex(PATTERNS[prefix as PublicIdPrefix], `Not a valid ${noun} ID.`)]),
) as Record<PublicIdPrefix, z.ZodString>;

/** Whether `value` can be a public id of `prefix` (see PATTERNS): for callers with their own message. */
export function isPublicId(prefix: PublicIdPrefix, value: string): boolean {
  return PATTERNS[prefix].test(value);
}

/** Whether `value` has exactly the shape newPublicId gives ids of `prefix`. */
export function isMadePublicId(prefix: PublicIdPrefix, value: string): boolean {
  return MADE[prefix].test(value);
}

/** The zod schema of a public id of `prefix`, refusing anything else with "Not a valid <noun> ID.". */
export function publicIdSchema(prefix: PublicIdPrefix): z.ZodString {
  return SCHEMAS[prefix];
}
