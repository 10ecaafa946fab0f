/** Fresh redemption codes for a benchmark: generated and hashed like the admin's issue, stored as hashes only. */
import type postgres from "postgres";
import { generateCodes, hashCode } from "../../lib/vouchers/code-crypto";
import { codeLast4 } from "../../lib/vouchers/code";
import { SHAPE } from "../shape";

/** Adds `n` unredeemed cash codes to the benchmark batch and returns them (plain, in memory only). */
export async function addBenchCodes(sql: postgres.Sql, n: number, secret: string): Promise<string[]> {
  const codes = generateCodes("base32x20", n);
  for (let i = 0; i < codes.length; i += 20_000) {
    const chunk = codes.slice(i, i + 20_000);
    await sql`INSERT INTO redemption_codes (batch_id, code_hash, last4)
      SELECT ${SHAPE.codeBatchId}, h, l FROM unnest(${chunk.map((c) => hashCode(c, secret))}::text[], ${chunk.map(codeLast4)}::text[]) AS t(h, l)`;
  }
  await sql`UPDATE voucher_batches SET quantity = quantity + ${n} WHERE id = ${SHAPE.codeBatchId}`;
  return codes;
}
