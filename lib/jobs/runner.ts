/**
 * The job runner (docs/events.md, Delivery): pg-boss workers for the
 * dispatcher, webhook deliveries and notification e-mails, a tick that
 * dispatches newly settled events within a second or so, and (unless turned
 * off) the minute cron that writes time-based events. Any number of runners
 * may share a database: pg-boss hands each job to one of them (SKIP LOCKED),
 * the dispatcher serializes on its cursor row, and a delivery in flight is
 * leased (lib/dal/webhook-deliveries.ts).
 *
 * Runs in the app server (instrumentation.ts, unless JOBS_IN_PROCESS=0) or
 * alone (`npm run worker`, scripts/worker.ts).
 */
import type PgBoss from "pg-boss";
import { getDatabase, type Database } from "@/db";
import { dispatchOutbox } from "@/lib/dal/dispatch";
import { emailNotification } from "@/lib/dal/notification-email";
import { runScheduledEvents } from "@/lib/dal/scheduler";
import { deliverWebhook } from "@/lib/dal/webhook-deliveries";
import { clearJobSender, setJobSender, startBoss } from "./boss";
import { deliverExpireSeconds, dispatchIntervalMs, jobsMaintenanceSeconds, jobsPollIntervalMs, webhookTimeoutMs } from "./config";
import { QUEUES, type DeliverJob, type EmailJob } from "./queues";

export interface JobRunnerOptions {
  /** The process-wide database when absent. */
  database?: Database;
  /** The minute cron of time-based events (off when EVENTS_SCHEDULE_INTERVAL_MINUTES=0). */
  schedule: boolean;
  pollIntervalMs?: number;
  maintenanceIntervalSeconds?: number;
  dispatchIntervalMs?: number;
  /** Delivery attempts one runner makes at once. */
  deliveryConcurrency?: number;
  /** Errors, by name only (a driver's message can quote parameters). */
  onError?: (what: string, err: unknown) => void;
}

export interface JobRunner {
  boss: PgBoss;
  /** Dispatches now (tests and the cron; the tick does it every dispatchIntervalMs). */
  dispatchNow(): Promise<void>;
  stop(): Promise<void>;
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : "unknown error");

export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const database = options.database ?? (await getDatabase());
  const timeoutMs = webhookTimeoutMs();
  const pollingIntervalSeconds = (options.pollIntervalMs ?? jobsPollIntervalMs()) / 1000;
  const onError = options.onError ?? ((what, err) => console.error(`job runner: ${what} failed:`, errorName(err)));
  const boss = await startBoss({
    database,
    supervise: true,
    schedule: options.schedule,
    deliverExpireSeconds: deliverExpireSeconds(timeoutMs),
    pollingIntervalSeconds,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? jobsMaintenanceSeconds(),
  });
  setJobSender(boss);

  let dispatching: Promise<void> | null = null;
  const dispatchNow = (): Promise<void> => {
    dispatching ??= dispatchOutbox(new Date(), { boss })
      .then(
        () => undefined,
        (err: unknown) => onError("dispatch", err),
      )
      .finally(() => {
        dispatching = null;
      });
    return dispatching;
  };

  await boss.work(QUEUES.dispatch, { pollingIntervalSeconds }, async () => {
    await dispatchOutbox(new Date(), { boss });
  });
  for (let i = 0; i < (options.deliveryConcurrency ?? 2); i++) {
    await boss.work<DeliverJob>(QUEUES.deliver, { pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      const { deliveryId, since, base } = job.data;
      await deliverWebhook(deliveryId, new Date(), { boss, since: since ? new Date(since) : undefined, base });
    });
  }
  await boss.work<EmailJob>(QUEUES.email, { pollingIntervalSeconds }, async ([job]) => {
    if (job) await emailNotification(job.data.notificationId, new Date());
  });
  if (options.schedule) {
    await boss.work(QUEUES.schedule, { pollingIntervalSeconds }, async () => {
      await runScheduledEvents(new Date());
      await dispatchNow();
    });
    // Every minute; pg-boss's timekeeper sends it once per minute across all runners.
    await boss.schedule(QUEUES.schedule, "* * * * *");
  } else {
    await boss.unschedule(QUEUES.schedule);
  }

  const tick = setInterval(() => void dispatchNow(), options.dispatchIntervalMs ?? dispatchIntervalMs());
  tick.unref?.();
  void dispatchNow();

  return {
    boss,
    dispatchNow,
    async stop() {
      clearInterval(tick);
      await dispatching;
      clearJobSender(boss);
      await boss.stop({ graceful: true, close: false, wait: true, timeout: timeoutMs + 5_000 });
    },
  };
}
