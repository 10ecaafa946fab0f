import "server-only";
/**
 * The outbox writer (docs/events.md). Every writer of a change that has an
 * event calls `recordEvents` with its own transaction, after the change: the
 * event commits with the change or not at all. The payload is checked against
 * its type's schema (lib/events/types.ts), so a writer can't record a shape the
 * documentation does not promise.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { events } from "@/db/schema";
import { EVENT_PAYLOADS, EVENT_VERSION, type EventInput } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";

/** The row of one event, its payload checked against its type's schema. */
export function eventRow(e: EventInput, now: Date, dedupeKey: string | null = null): typeof events.$inferInsert {
  return { publicId: newPublicId("evt"), type: e.type, accountId: e.accountId, version: EVENT_VERSION, payload: EVENT_PAYLOADS[e.type].parse(e.payload), dedupeKey, createdAt: now };
}

export async function recordEvents(tx: Db, inputs: readonly EventInput[], now: Date): Promise<void> {
  if (inputs.length === 0) return;
  await tx.insert(events).values(inputs.map((e) => eventRow(e, now)));
}

/**
 * Writes time-based events (found by a scheduler, not by a change) each under
 * its `dedupeKey`: one that was written before, by this run or another one on
 * any server, is skipped by the unique constraint. Returns how many are new.
 */
export async function recordEventsOnce(db: Db, inputs: ReadonlyArray<EventInput & { dedupeKey: string }>, now: Date): Promise<number> {
  if (inputs.length === 0) return 0;
  const written = await db
    .insert(events)
    .values(inputs.map((e) => eventRow(e, now, e.dedupeKey)))
    .onConflictDoNothing({ target: events.dedupeKey })
    .returning({ id: events.id });
  return written.length;
}

/**
 * An event id made by PostgreSQL, for writers that record events in the same
 * statement as a set-based change (voiding a batch): `evt_` and 32 hex digits
 * of a random UUID (122 random bits, from the server's CSPRNG).
 */
export const SQL_EVENT_ID = sql`'evt_' || replace(gen_random_uuid()::text, '-', '')`;
