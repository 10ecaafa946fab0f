// Runs once when a server process starts: refuse to serve with missing secrets, prune
// expired rate-limit buckets and request keys on a schedule (db/prune.ts), and start the
// job runner (lib/jobs: event dispatch, webhooks, e-mails, the expiry events' cron; docs/events.md).
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
    // The job runner (lib/jobs, docs/events.md): dispatches the outbox, delivers webhooks and
    // e-mails, and runs the minute cron of time-based events unless EVENTS_SCHEDULE_INTERVAL_MINUTES=0.
    // JOBS_IN_PROCESS=0 leaves it to `npm run worker` processes.
    const { jobsInProcess } = await import("./lib/jobs/config");
    if (jobsInProcess()) {
      const { startJobRunner } = await import("./lib/jobs/runner");
      const holder = globalThis as unknown as { __billingJobs?: Promise<unknown> };
      // Dev hot reload may run this again: one runner per process.
      holder.__billingJobs ??= startJobRunner({ schedule: eventScheduleIntervalMs() > 0 }).catch((err: unknown) => {
        // The name only: a driver's message can quote the statement's parameters.
        console.error("job runner failed to start:", err instanceof Error ? err.name : "unknown error");
      });
    }
  }
}
