/**
 * The server half of redemption codes: CSPRNG generation and the keyed hash.
 * Kept apart from code.ts so the browser can import the format check without
 * pulling in node:crypto.
 */
import { createHmac, randomFillSync } from "node:crypto";
import { CODE_LENGTH, BASE32_ALPHABET, DIGITS_ALPHABET, checkCharacter, type CodeFormat } from "./code";

/** Random bytes drawn from the CSPRNG in large blocks, handed out one at a time. */
class ByteSource {
  private readonly buffer: Uint8Array;
  private position: number;

  constructor(blockSize: number) {
    this.buffer = new Uint8Array(blockSize);
    this.position = blockSize;
  }

  next(): number {
    if (this.position >= this.buffer.length) {
      randomFillSync(this.buffer);
      this.position = 0;
    }
    return this.buffer[this.position++] ?? 0;
  }
}

/**
 * One uniformly random symbol. Base 32 uses `byte & 31`, unbiased since 32
 * divides 256; digits reject bytes >= 250 so that `byte % 10` is unbiased.
 */
function randomSymbol(format: CodeFormat, bytes: ByteSource): string {
  if (format === "base32x20") return BASE32_ALPHABET.charAt(bytes.next() & 31);
  for (;;) {
    const b = bytes.next();
    if (b < 250) return DIGITS_ALPHABET.charAt(b % 10);
  }
}

function randomCode(format: CodeFormat, bytes: ByteSource): string {
  let body = "";
  for (let i = 0; i < CODE_LENGTH[format] - 1; i++) body += randomSymbol(format, bytes);
  return body + checkCharacter(body, format);
}

/**
 * `n` distinct codes. Distinct within the batch because 16-digit codes carry
 * only ~50 random bits and a duplicate would break the batch insert; clashes
 * with earlier batches are left to the database's unique index.
 */
export function generateCodes(format: CodeFormat, n: number): string[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Code count must be a non-negative integer, got ${String(n)}`);
  const bytes = new ByteSource(Math.min(65_536, Math.max(64, n * CODE_LENGTH[format] * 2)));
  const codes = new Set<string>();
  while (codes.size < n) codes.add(randomCode(format, bytes));
  return [...codes];
}

export function generateCode(format: CodeFormat): string {
  return randomCode(format, new ByteSource(64));
}

/**
 * HMAC-SHA256 (hex) of a normalized code: the only form of a code that is
 * stored. Refuses an empty secret, which would silently make it an unkeyed hash.
 */
export function hashCode(normalizedCode: string, secret: string): string {
  if (secret === "") throw new Error("hashCode needs a non-empty server secret");
  return createHmac("sha256", secret).update(normalizedCode, "utf8").digest("hex");
}
