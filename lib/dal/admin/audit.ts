import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, auditLog, users } from "@/db/schema";
import { platformTimeZone } from "@/lib/config";
import { decodeAuditCursor, encodeAuditCursor, type AuditFilter } from "@/lib/admin/audit-filter";
import { endOfDayInZone } from "@/lib/admin/terms-form";
import { startOfDayInZone } from "@/lib/time";
import { DalError } from "../errors";
import { requireAdmin, type Viewer } from "../viewer";

/** Who made an audited change: an admin (by email) or a platform service's API key. */
export type AuditActorView = { email: string } | { apiKey: string; name: string };

/** The columns that name an entry's actor, with users and api_keys left-joined on the audit_log (exactly one matches). */
export const auditActorColumns = { actorEmail: users.email, actorKey: apiKeys.publicId, actorKeyName: apiKeys.name };

/** The actor of a row selected with `auditActorColumns`. */
export function auditActorOf(row: { actorEmail: string | null; actorKey: string | null; actorKeyName: string | null }): AuditActorView {
  if (row.actorKey !== null) return { apiKey: row.actorKey, name: row.actorKeyName ?? "" };
  return { email: row.actorEmail ?? "" };
}

export interface AuditEntryView {
  createdAt: Date;
  actor: AuditActorView;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditPage {
  items: AuditEntryView[];
  nextCursor: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

/** created_at to the microsecond, as the cursor carries it (a JS Date would round it). */
const createdAtKey = sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Admin only: the audit log, newest first, filtered by actor email, action,
 * target id (all exact) and days of the platform zone; keyset pages of 50. A
 * cursor that does not decode is refused.
 */
export async function listAudit(viewer: Viewer | null, filter: AuditFilter, cursor?: string, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  requireAdmin(viewer);
  const seek = cursor === undefined ? null : decodeAuditCursor(cursor);
  if (cursor !== undefined && !seek) throw new DalError({ code: "invalid_input", reason: "page_link" });
  const tz = platformTimeZone();
  const db = await getDb();
  const rows = await db
    .select({
      id: auditLog.id,
      key: createdAtKey,
      createdAt: auditLog.createdAt,
      ...auditActorColumns,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      reason: auditLog.reason,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(apiKeys, eq(apiKeys.id, auditLog.actorApiKeyId))
    .where(
      and(
        filter.actorEmail ? eq(sql`lower(${users.email})`, filter.actorEmail.toLowerCase()) : undefined,
        filter.actorApiKey ? eq(apiKeys.publicId, filter.actorApiKey) : undefined,
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
        filter.from ? gte(auditLog.createdAt, startOfDayInZone(filter.from, tz)) : undefined,
        filter.to ? lt(auditLog.createdAt, endOfDayInZone(filter.to, tz)) : undefined,
        seek ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${seek.createdAt}::timestamptz, ${seek.id}::bigint)` : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    items: page.map(({ id: _id, key: _key, actorEmail, actorKey, actorKeyName, ...entry }) => ({ ...entry, actor: auditActorOf({ actorEmail, actorKey, actorKeyName }) })),
    nextCursor: rows.length > pageSize && last ? encodeAuditCursor({ createdAt: last.key, id: last.id }) : null,
  };
}
