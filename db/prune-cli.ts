/**
 * `npm run db:prune`: deletes expired rate-limit buckets and request keys from
 * DATABASE_URL now, until none is left (db/prune.ts), e.g. from cron when the
 * app servers' own schedule is off (PRUNE_INTERVAL_MINUTES=0) or to clear a
 * backlog once. PostgreSQL only: an embedded database belongs to the one app
 * server that prunes it, and a second process must never open its folder.
 */
import { getDatabase } from "./index";
import { pruneExpired } from "./prune";
import { rateLimitRetentionMs } from "../lib/config";

if (!process.env.DATABASE_URL) {
  console.error("db:prune needs DATABASE_URL (PostgreSQL). With the embedded database the app server prunes itself every PRUNE_INTERVAL_MINUTES.");
  process.exit(1);
}
const database = await getDatabase();
try {
  // Batches of 1,000 rows, each its own short statement, until a batch finds fewer.
  const r = await pruneExpired(database.db, new Date(), { rateLimitWindowMs: rateLimitRetentionMs() }, { maxBatches: Number.MAX_SAFE_INTEGER });
  console.log(`Pruned ${r.rateLimitBuckets} rate-limit buckets and ${r.idempotencyKeys} request keys (${database.driver}).`);
} finally {
  await database.close();
}
