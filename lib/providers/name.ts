/**
 * Compute provider names (SPEC 3). Providers are a catalogue: one row per provider,
 * referenced by id. These pure rules decide what a name may be and when two names
 * are the same provider; the database mirrors them (providers_name_normal, and the
 * unique index on lower(name)), so a name typed in another case or with other
 * spacing can never become a second provider.
 */
import { isPublicId } from "../ids";

export const MAX_PROVIDER_NAME_LENGTH = 40;

/** "  Big \u3000 Compute " → "Big Compute": Unicode NFC, trimmed, every run of whitespace one space. */
export function normalizeProviderName(raw: string): string {
  return raw.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/**
 * What makes two names one provider: the normal form, lower-cased ("muxi" and
 * " MUXI " are Muxi). The database's unique index is on lower(name), which agrees
 * for the names people type; where the two could ever differ, the index decides.
 */
export function providerNameKey(raw: string): string {
  return normalizeProviderName(raw).toLowerCase();
}

export type ProviderNameResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * A name for a new or renamed provider, in its normal form, or why it can't be one:
 * blank, longer than 40 characters, with a comma (lists of providers are written
 * comma-separated, so a comma would split it), with a control character, or shaped
 * like a provider id (a name must never be mistaken for another provider's id).
 */
export function parseProviderName(raw: string | undefined): ProviderNameResult {
  const name = normalizeProviderName(raw ?? "");
  if (name === "") return { ok: false, message: "Give the provider a name." };
  if ([...name].length > MAX_PROVIDER_NAME_LENGTH) {
    return { ok: false, message: `A provider name has at most ${MAX_PROVIDER_NAME_LENGTH} characters.` };
  }
  if (/[,，]/u.test(name)) return { ok: false, message: "A provider name can't contain a comma." };
  if (/\p{Cc}/u.test(name)) return { ok: false, message: "A provider name can't contain control characters." };
  if (/^prv_/iu.test(name)) return { ok: false, message: "A provider name can't start with prv_ (that is how provider IDs look)." };
  return { ok: true, value: name };
}

/** Whether `ref` is a provider's public id rather than a name. */
export function isProviderPublicId(ref: string): boolean {
  return isPublicId("prv", ref);
}
