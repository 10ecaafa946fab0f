import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export type PublicIdPrefix = "acc" | "vch" | "ord" | "prd" | "bat" | "rfd" | "prv";

/**
 * An opaque, stable public id such as `vch_3k9w…` (SPEC 2): 16 characters of
 * lower-case Crockford base 32 from a CSPRNG (80 bits), so ids can't be guessed
 * or enumerated.
 */
export function newPublicId(prefix: PublicIdPrefix): string {
  const bytes = randomBytes(16);
  let out = `${prefix}_`;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}
