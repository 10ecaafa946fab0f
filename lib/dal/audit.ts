import "server-only";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { reasonProblem } from "@/lib/admin/reason";
import { DalError } from "./errors";

/**
 * Who made a change: an admin user (a Viewer) or a platform service's API key
 * (lib/dal/api/): the log names exactly one (audit_log_one_actor).
 */
export type AuditActor = { userId: string } | { apiKeyId: number };

/** The creator columns of a row an actor writes (refunds, cash movements): the user or the key. */
export function creatorOf(actor: AuditActor): { createdBy: string | null; createdByApiKey: number | null } {
  return "apiKeyId" in actor ? { createdBy: null, createdByApiKey: actor.apiKeyId } : { createdBy: actor.userId, createdByApiKey: null };
}

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
export async function writeAudit(tx: Db, actor: AuditActor, entry: AuditEntry, now: Date): Promise<void> {
  const creator = creatorOf(actor);
  await tx.insert(auditLog).values({
    actorUserId: creator.createdBy,
    actorApiKeyId: creator.createdByApiKey,
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
