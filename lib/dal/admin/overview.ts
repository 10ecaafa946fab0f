import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKeys, auditLog, billingAccounts, redemptionCodes, users, vouchers } from "@/db/schema";
import { auditActorColumns, auditActorOf } from "./audit";
import { requireAdmin, type Viewer } from "../viewer";

/** The platform counts the overview shows, in order; the page names them (`admin.overview.total`). */
export type AdminOverviewTotal = "billingAccounts" | "vouchers" | "unredeemedCodes";

/** Admin only: platform counts and the latest audit entries. */
export async function getAdminOverview(viewer: Viewer | null) {
  requireAdmin(viewer);
  const db = await getDb();
  const count = sql<number>`count(*)::int`.mapWith(Number);
  const [[accounts], [voucherCount], [unredeemed], recentAudit] = await Promise.all([
    db.select({ n: count }).from(billingAccounts),
    db.select({ n: count }).from(vouchers),
    db.select({ n: count }).from(redemptionCodes).where(sql`${redemptionCodes.redeemedAt} IS NULL AND ${redemptionCodes.revokedAt} IS NULL`),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        targetId: auditLog.targetId,
        createdAt: auditLog.createdAt,
        ...auditActorColumns,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .leftJoin(apiKeys, eq(apiKeys.id, auditLog.actorApiKeyId))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(20),
  ]);
  return {
    totals: [
      ["billingAccounts", accounts?.n ?? 0],
      ["vouchers", voucherCount?.n ?? 0],
      ["unredeemedCodes", unredeemed?.n ?? 0],
    ] as Array<[AdminOverviewTotal, number]>,
    recentAudit: recentAudit.map(({ actorEmail, actorKey, actorKeyName, ...entry }) => ({ ...entry, actor: auditActorOf({ actorEmail, actorKey, actorKeyName }) })),
  };
}
