// Runs once when a server process starts: refuse to serve with missing secrets, prune
// expired rate-limit buckets and request keys on a schedule (db/prune.ts), and write the
// vouchers' expiry events on another (lib/dal/scheduler.ts, docs/events.md).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertRuntimeConfig, eventScheduleIntervalMs, pruneIntervalMs, rateLimitRetentionMs } = await import("./lib/config");
    assertRuntimeConfig();
    // `next build` may load this file too; it must never open the database.
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    const intervalMs = pruneIntervalMs();
    if (intervalMs > 0) {
      const { getDb } = await import("./db");
      const { startPruneSchedule } = await import("./db/prune");
      const holder = globalThis as unknown as { __billingPrune?: () => void };
      // Dev hot reload may run this again: one schedule per process.
      holder.__billingPrune ??= startPruneSchedule({
        intervalMs,
        rateLimitWindowMs: rateLimitRetentionMs(),
        db: getDb,
        onResult: (r) => {
          if (r.rateLimitBuckets + r.idempotencyKeys > 0) console.info(`pruned ${r.rateLimitBuckets} rate-limit buckets, ${r.idempotencyKeys} request keys`);
        },
        onError: (err) => console.error("pruning failed:", err instanceof Error ? `${err.name}: ${err.message}` : "unknown error"),
      });
    }
    const eventsEveryMs = eventScheduleIntervalMs();
    if (eventsEveryMs > 0) {
      const { startExpirySchedule } = await import("./lib/dal/scheduler");
      const holder = globalThis as unknown as { __billingEvents?: () => void };
      holder.__billingEvents ??= startExpirySchedule({
        intervalMs: eventsEveryMs,
        onResult: (r) => {
          if (r.written > 0) console.info(`expiry events: ${r.written} written`);
        },
        // The name only: a driver's message can quote the statement's parameters.
        onError: (err) => console.error("expiry events failed:", err instanceof Error ? err.name : "unknown error"),
      });
    }
  }
}
