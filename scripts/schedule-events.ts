/**
 * `npm run events:schedule`: one pass of the expiry scheduler now
 * (lib/dal/scheduler.ts), e.g. from cron when the app servers' own schedule is
 * off (EVENTS_SCHEDULE_INTERVAL_MINUTES=0). PostgreSQL only: an embedded
 * database belongs to the one app server, which runs the schedule itself.
 */
import { getDatabase } from "../db/index";
import { scheduleExpiryEvents } from "../lib/dal/scheduler";

if (!process.env.DATABASE_URL) {
  console.error("events:schedule needs DATABASE_URL (PostgreSQL). With the embedded database the app server runs it every EVENTS_SCHEDULE_INTERVAL_MINUTES.");
  process.exit(1);
}
const database = await getDatabase();
try {
  const run = await scheduleExpiryEvents(new Date());
  console.log(`${run.candidates} vouchers looked at, ${run.due} events due, ${run.written} written (${database.driver}).`);
} finally {
  await database.close();
}
