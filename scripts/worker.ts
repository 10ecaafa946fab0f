/**
 * `npm run worker`: the job runner alone (lib/jobs/runner.ts, docs/events.md):
 * dispatches the outbox, delivers webhooks, sends notification e-mails and,
 * unless EVENTS_SCHEDULE_INTERVAL_MINUTES=0, runs the minute cron. Start any
 * number next to app servers run with JOBS_IN_PROCESS=0. PostgreSQL only: an
 * embedded database belongs to its one app server, which runs the jobs itself.
 */
import { getDatabase } from "../db/index";
import { eventScheduleIntervalMs } from "../lib/config";
import { startJobRunner } from "../lib/jobs/runner";

if (!process.env.DATABASE_URL) {
  console.error("worker needs DATABASE_URL (PostgreSQL). With the embedded database the app server runs the jobs itself (JOBS_IN_PROCESS).");
  process.exit(1);
}
const database = await getDatabase();
const runner = await startJobRunner({ database, schedule: eventScheduleIntervalMs() > 0 });
console.log(`job runner started (${database.driver})`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing the jobs in hand`);
  try {
    await runner.stop();
    await database.close();
  } finally {
    process.exit(0);
  }
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
