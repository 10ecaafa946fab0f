/**
 * `npm run events:schedule`: one pass of the time-based events now (expiry
 * reminders and expiries, low balances: lib/dal/scheduler.ts), e.g. from cron
 * when the job runner's minute schedule is off (EVENTS_SCHEDULE_INTERVAL_MINUTES=0).
 * PostgreSQL only: an embedded database belongs to the one app server, whose
 * runner has the schedule.
 */
import { getDatabase } from "../db/index";
import { runScheduledEvents } from "../lib/dal/scheduler";

if (!process.env.DATABASE_URL) {
  console.error("events:schedule needs DATABASE_URL (PostgreSQL). With the embedded database the app server's job runner runs it every minute.");
  process.exit(1);
}
const database = await getDatabase();
try {
  const { expiry, lowBalance } = await runScheduledEvents(new Date());
  console.log(`expiry: ${expiry.candidates} vouchers looked at, ${expiry.due} events due, ${expiry.written} written (${database.driver}).`);
  console.log(`low balance: ${lowBalance.thresholds} thresholds looked at, ${lowBalance.alerted} alerts written.`);
} finally {
  await database.close();
}
