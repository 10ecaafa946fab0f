import "server-only";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { reasonProblem } from "@/lib/admin/reason";
import { DalError } from "./errors";
import type { Viewer } from "./viewer";

export interface AuditEntry {
  /** A dotted verb: "voucher.void", "order.refund", "account.charge"... */
  action: string;
  targetType: string;
  /** The target's public id (never an internal id, never a code). */
  targetId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/**
 * Writes one audit row with the transaction `tx` of the change it records, so the
 * change and its record commit or roll back together (SPEC 8). The table is
 * append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */
export async function writeAudit(tx: Db, actor: Viewer, entry: AuditEntry, now: Date): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: actor.userId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    createdAt: now,
  });
}

/** The reason an admin gives for a change, trimmed, by the rule of lib/admin/reason.ts (the forms check it first). */
export function checkReason(reason: string): string {
  const problem = reasonProblem(reason);
  if (problem) throw new DalError({ code: "invalid_input", ...problem });
  return reason.trim();
}
