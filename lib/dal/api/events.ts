import "server-only";
/**
 * The event feed for /api/v1 (docs/events.md): a key with `read` lists the
 * outbox, oldest first, optionally of one account or one type, after an event
 * it has already seen. Only events of transactions older than every writing
 * transaction still running are listed (the `txid` column), in (txid, id)
 * order: an event whose transaction commits late would otherwise appear behind
 * a reader that had already moved past its id, and be missed for good.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { billingAccounts, events } from "@/db/schema";
import type { ApiPrincipal } from "@/lib/api/spec";
import type { EventType } from "@/lib/events/types";
import { DalError } from "../errors";
import { resolveAccount } from "./accounts";
import { apiEventColumns, toApiEvent, type ApiEvent } from "./event-object";
import { requireScope } from "./principal";

export type { ApiEvent };

export interface EventQuery {
  accountId?: string;
  type?: EventType;
  after?: string;
  limit?: number;
}

/** Key with `read`: one page of the feed, and whether more follows. */
export async function listEventsForKey(principal: ApiPrincipal | null, query: EventQuery, pageSize: number): Promise<{ items: ApiEvent[]; hasMore: boolean }> {
  requireScope(principal, "read");
  const db = await getDb();
  const account = query.accountId ? await resolveAccount({ accountId: query.accountId }) : null;
  let seek: { txid: string; id: number } | null = null;
  if (query.after) {
    const [after] = await db.select({ txid: events.txid, id: events.id }).from(events).where(eq(events.publicId, query.after));
    if (!after) throw new DalError({ code: "not_found", reason: "event" });
    seek = after;
  }
  const limit = query.limit ?? pageSize;
  const rows = await db
    .select(apiEventColumns)
    .from(events)
    .leftJoin(billingAccounts, eq(billingAccounts.id, events.accountId))
    .where(
      and(
        // Settled: no transaction that could still add an earlier event is running.
        sql`${events.txid} < pg_snapshot_xmin(pg_current_snapshot())`,
        account ? eq(events.accountId, account.id) : undefined,
        query.type ? eq(events.type, query.type) : undefined,
        seek ? sql`(${events.txid}, ${events.id}) > (${seek.txid}::xid8, ${seek.id}::bigint)` : undefined,
      ),
    )
    .orderBy(asc(events.txid), asc(events.id))
    .limit(limit + 1);
  return {
    items: rows.slice(0, limit).map(toApiEvent),
    hasMore: rows.length > limit,
  };
}
