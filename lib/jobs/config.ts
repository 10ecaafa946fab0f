/**
 * The job runner's settings (docs/events.md, Delivery; README's environment
 * section). Read when the runner starts; a bad value stops it with a clear message.
 */
import { intSetting } from "@/lib/config";

/** `WEBHOOK_TIMEOUT_MS` (default 10 s): the whole of one delivery attempt, connect to last byte read. */
export function webhookTimeoutMs(): number {
  return intSetting("WEBHOOK_TIMEOUT_MS", 10_000, 100);
}

/**
 * How long an attempt in flight holds its delivery: another runner leaves it
 * alone for that long. Past it the attempt is taken for lost (its runner died).
 */
export function deliveryLeaseMs(timeoutMs = webhookTimeoutMs()): number {
  return timeoutMs + 5_000;
}

/** A delivery job not finished in this long is failed into a retry by pg-boss's maintenance: just past the lease. */
export function deliverExpireSeconds(timeoutMs = webhookTimeoutMs()): number {
  return Math.ceil(deliveryLeaseMs(timeoutMs) / 1000) + 1;
}

/** `JOBS_IN_PROCESS=0` keeps the job runner out of the app server (run `npm run worker` instead). */
export function jobsInProcess(): boolean {
  return process.env.JOBS_IN_PROCESS !== "0";
}

/** `JOBS_DISPATCH_INTERVAL_MS` (default 1000): how often a runner looks for new settled events in the outbox. */
export function dispatchIntervalMs(): number {
  return intSetting("JOBS_DISPATCH_INTERVAL_MS", 1_000, 100);
}

/** `JOBS_POLL_INTERVAL_MS` (default 2000, at least 500): how often idle workers look for jobs. */
export function jobsPollIntervalMs(): number {
  return intSetting("JOBS_POLL_INTERVAL_MS", 2_000, 500);
}

/** `JOBS_MAINTENANCE_INTERVAL_SECONDS` (default 30): how often expired jobs come back as retries. */
export function jobsMaintenanceSeconds(): number {
  return intSetting("JOBS_MAINTENANCE_INTERVAL_SECONDS", 30, 1);
}
