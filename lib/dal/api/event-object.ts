import "server-only";
/**
 * One event as the feed serves it (lib/dal/api/events.ts) and as webhooks
 * deliver it (lib/dal/webhook-deliveries.ts): the same JSON object both ways.
 * Kept apart from the feed so the job runner loads no request-side modules.
 */
import { billingAccounts, events } from "@/db/schema";
import type { EventType } from "@/lib/events/types";

export interface ApiEvent {
  id: string;
  type: EventType;
  accountId: string | null;
  version: number;
  createdAt: string;
  payload: unknown;
}

/** The columns an `ApiEvent` is made of (events left-joined to billing_accounts). */
export const apiEventColumns = {
  publicId: events.publicId,
  type: events.type,
  accountPublicId: billingAccounts.publicId,
  version: events.version,
  createdAt: events.createdAt,
  payload: events.payload,
};

/** One event as the feed serves it, and as webhooks deliver it (lib/dal/webhook-deliveries.ts). */
export function toApiEvent(r: { publicId: string; type: EventType; accountPublicId: string | null; version: number; createdAt: Date; payload: unknown }): ApiEvent {
  return { id: r.publicId, type: r.type, accountId: r.accountPublicId, version: r.version, createdAt: r.createdAt.toISOString(), payload: r.payload };
}

