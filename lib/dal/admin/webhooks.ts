import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { billingAccounts, events, users, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { decodeCursorPayload, encodeCursorPayload } from "@/lib/cursor";
import type { EventType } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";
import { webhookUrlPolicy } from "@/lib/config";
import {
  newWebhookSecret,
  parseAccountFilter,
  parseEventTypes,
  parseWebhookDescription,
  parseWebhookUrl,
  type AccountFilter,
  type Parsed,
} from "@/lib/admin/webhooks";
import { writeAudit } from "../audit";
import { DalError } from "../errors";
import { claimIdempotencyKey, idempotentResponse, saveIdempotentResponse } from "../idempotency";
import { transactionWithRetry } from "../tx";
import { requireAdmin, type Viewer } from "../viewer";
import { requeueDelivery } from "../webhook-deliveries";

/** An endpoint as the console shows it: never its secret (that is `revealWebhookSecret`'s alone). */
export interface WebhookEndpointView {
  publicId: string;
  url: string;
  description: string;
  eventTypes: EventType[];
  /** The one account it hears of, or null for every account. */
  account: { publicId: string; name: string } | null;
  createdAt: Date;
  createdByEmail: string;
  disabledAt: Date | null;
}

const endpointColumns = {
  id: webhookEndpoints.id,
  publicId: webhookEndpoints.publicId,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  accountPublicId: billingAccounts.publicId,
  accountName: billingAccounts.name,
  createdAt: webhookEndpoints.createdAt,
  createdByEmail: users.email,
  disabledAt: webhookEndpoints.disabledAt,
};

interface EndpointRow {
  id: number;
  publicId: string;
  url: string;
  description: string;
  eventTypes: EventType[];
  accountPublicId: string | null;
  accountName: string | null;
  createdAt: Date;
  createdByEmail: string;
  disabledAt: Date | null;
}

function toView({ id: _id, accountPublicId, accountName, ...row }: EndpointRow): WebhookEndpointView {
  return { ...row, account: accountPublicId === null ? null : { publicId: accountPublicId, name: accountName ?? "" } };
}

function selectEndpoints(db: Db) {
  return db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .innerJoin(users, eq(users.id, webhookEndpoints.createdBy))
    .leftJoin(billingAccounts, eq(billingAccounts.id, webhookEndpoints.accountId));
}

/** Admin only: every webhook endpoint, newest first, disabled ones included. */
export async function listWebhookEndpoints(viewer: Viewer | null): Promise<WebhookEndpointView[]> {
  requireAdmin(viewer);
  const db = await getDb();
  const rows = await selectEndpoints(db).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return rows.map(toView);
}

/** Admin only: one endpoint by its public id (not found: `not_found`). */
export async function getWebhookEndpoint(viewer: Viewer | null, endpointPublicId: string): Promise<WebhookEndpointView> {
  requireAdmin(viewer);
  const db = await getDb();
  const [row] = await selectEndpoints(db).where(eq(webhookEndpoints.publicId, endpointPublicId));
  if (!row) throw new DalError({ code: "not_found", reason: "route" });
  return toView(row);
}

/** One delivery of an event to an endpoint, as the delivery log lists it. */
export interface WebhookDeliveryView {
  publicId: string;
  eventPublicId: string;
  eventType: EventType;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface WebhookDeliveryPage {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}

export const DELIVERY_PAGE_SIZE = 50;
const deliveryCursorSchema = z.strictObject({ v: z.literal(1), id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The cursor after a delivery (its id: the log is in id order, newest first). */
export function encodeDeliveryCursor(id: number): string {
  return encodeCursorPayload({ v: 1, id });
}

/** Whether `raw` is a cursor `encodeDeliveryCursor` made (pages check before calling). */
export function isDeliveryCursor(raw: string): boolean {
  return decodeCursorPayload(raw, deliveryCursorSchema) !== null;
}

/**
 * Admin only: an endpoint's delivery log, newest first, keyset pages of at most
 * 50 on the delivery id (the index webhook_deliveries_endpoint_idx). A cursor
 * that does not decode is refused.
 */
export async function listWebhookDeliveries(viewer: Viewer | null, endpointPublicId: string, cursor?: string, pageSize = DELIVERY_PAGE_SIZE): Promise<WebhookDeliveryPage> {
  requireAdmin(viewer);
  const seek = cursor === undefined ? null : decodeCursorPayload(cursor, deliveryCursorSchema);
  if (cursor !== undefined && !seek) throw new DalError({ code: "invalid_input", reason: "page_link" });
  const size = Math.min(Math.max(1, Math.trunc(pageSize)), DELIVERY_PAGE_SIZE);
  const db = await getDb();
  const [endpoint] = await db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.publicId, endpointPublicId));
  if (!endpoint) throw new DalError({ code: "not_found", reason: "route" });
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      publicId: webhookDeliveries.publicId,
      eventPublicId: events.publicId,
      eventType: events.type,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatusCode: webhookDeliveries.lastStatusCode,
      lastError: webhookDeliveries.lastError,
      lastAttemptAt: webhookDeliveries.lastAttemptAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, endpoint.id), seek ? lt(webhookDeliveries.id, seek.id) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(size + 1);
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    items: page.map(({ id: _id, ...d }) => d),
    nextCursor: rows.length > size && last ? encodeDeliveryCursor(last.id) : null,
  };
}

function checked<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new DalError({ code: "invalid_input", reason: "fields" });
  return parsed.value;
}

/** The account an endpoint's filter names, or null for every account; an unknown one is not found. */
async function resolveAccountFilter(tx: Db, filter: AccountFilter): Promise<{ id: number; publicId: string } | null> {
  switch (filter.kind) {
    case "all":
      return null;
    case "account": {
      const [account] = await tx.select({ id: billingAccounts.id, publicId: billingAccounts.publicId }).from(billingAccounts).where(eq(billingAccounts.publicId, filter.publicId));
      if (!account) throw new DalError({ code: "not_found", reason: "account" });
      return account;
    }
    case "email": {
      const [account] = await tx
        .select({ id: billingAccounts.id, publicId: billingAccounts.publicId })
        .from(users)
        .innerJoin(billingAccounts, eq(billingAccounts.id, users.billingAccountId))
        .where(eq(sql`lower(${users.email})`, filter.email.toLowerCase()));
      if (!account) throw new DalError({ code: "not_found", reason: "customer_email" });
      return account;
    }
    default: {
      const never: never = filter;
      throw new Error(`unknown account filter ${String(never)}`);
    }
  }
}

/** An account filter as typed (a string) or as the schema parsed it. */
type AccountFilterInput = string | AccountFilter;
const filterOf = (input: AccountFilterInput | undefined): AccountFilter => (typeof input === "string" ? checked(parseAccountFilter(input)) : (input ?? { kind: "all" }));

/** Locks an endpoint row for a change; not found when there is none. */
async function lockEndpoint(tx: Db, endpointPublicId: string) {
  const [row] = await tx
    .select({
      id: webhookEndpoints.id,
      publicId: webhookEndpoints.publicId,
      description: webhookEndpoints.description,
      eventTypes: webhookEndpoints.eventTypes,
      accountId: webhookEndpoints.accountId,
      secret: webhookEndpoints.secret,
      disabledAt: webhookEndpoints.disabledAt,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.publicId, endpointPublicId))
    .for("update");
  if (!row) throw new DalError({ code: "not_found", reason: "route" });
  return row;
}

async function accountPublicIdOf(tx: Db, accountId: number | null): Promise<string | null> {
  if (accountId === null) return null;
  const [account] = await tx.select({ publicId: billingAccounts.publicId }).from(billingAccounts).where(eq(billingAccounts.id, accountId));
  return account?.publicId ?? null;
}

export interface CreateWebhookRequest {
  url: string;
  description?: string;
  eventTypes: readonly string[];
  accountFilter?: AccountFilterInput;
  /** The form's key: the same key creates once. */
  requestKey?: string;
}

export interface CreatedWebhook {
  publicId: string;
  /** The signing secret, to the request that created the endpoint; null to a replay (its page reveals it). */
  secret: string | null;
}

/**
 * Admin only: registers a webhook endpoint, audited (`webhook.create`; the
 * secret never in the entry). The URL is checked by the SSRF policy
 * (webhookUrlPolicy()), the account filter resolved to an account (by `acc_…`
 * or a customer's email), and a signing secret made. Idempotent by the form's
 * request key: a replay creates nothing and gets the endpoint's id, no secret.
 */
export async function createWebhookEndpoint(viewer: Viewer | null, input: CreateWebhookRequest, now: Date): Promise<CreatedWebhook> {
  const actor = requireAdmin(viewer);
  const url = checked(parseWebhookUrl(input.url, webhookUrlPolicy()));
  const description = checked(parseWebhookDescription(input.description ?? ""));
  const eventTypes = checked(parseEventTypes(input.eventTypes));
  const filter = filterOf(input.accountFilter);
  const db = await getDb();
  const scope = `webhook.create:${actor.userId}`;
  return transactionWithRetry(db, async (tx) => {
    const account = await resolveAccountFilter(tx, filter);
    const summary = { url, description, eventTypes, account: account?.publicId ?? null };
    if (input.requestKey && !(await claimIdempotencyKey(tx, scope, input.requestKey, JSON.stringify(summary), now))) {
      const done = (await idempotentResponse(tx, scope, input.requestKey)) as { publicId?: string } | null;
      if (!done?.publicId) throw new DalError({ code: "conflict", reason: "request_used" });
      return { publicId: done.publicId, secret: null };
    }
    const publicId = newPublicId("whk");
    const secret = newWebhookSecret();
    await tx.insert(webhookEndpoints).values({ publicId, url, description, eventTypes, accountId: account?.id ?? null, secret, createdBy: actor.userId, createdAt: now });
    await writeAudit(tx, actor, { action: "webhook.create", targetType: "webhook_endpoint", targetId: publicId, before: null, after: summary }, now);
    if (input.requestKey) await saveIdempotentResponse(tx, scope, input.requestKey, { publicId });
    return { publicId, secret };
  });
}

export interface UpdateWebhookRequest {
  endpointPublicId: string;
  description: string;
  eventTypes: readonly string[];
  accountFilter: AccountFilterInput;
}

/**
 * Admin only: changes an endpoint's description, event types and account
 * filter, audited (`webhook.update`, before and after); the URL and secret
 * stay. The same values again change nothing and write no entry.
 */
export async function updateWebhookEndpoint(viewer: Viewer | null, input: UpdateWebhookRequest, now: Date): Promise<{ changed: boolean }> {
  const actor = requireAdmin(viewer);
  const description = checked(parseWebhookDescription(input.description));
  const eventTypes = checked(parseEventTypes(input.eventTypes));
  const filter = filterOf(input.accountFilter);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const row = await lockEndpoint(tx, input.endpointPublicId);
    const account = await resolveAccountFilter(tx, filter);
    const before = { description: row.description, eventTypes: row.eventTypes, account: await accountPublicIdOf(tx, row.accountId) };
    const after = { description, eventTypes, account: account?.publicId ?? null };
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false };
    await tx.update(webhookEndpoints).set({ description, eventTypes, accountId: account?.id ?? null }).where(eq(webhookEndpoints.id, row.id));
    await writeAudit(tx, actor, { action: "webhook.update", targetType: "webhook_endpoint", targetId: row.publicId, before, after }, now);
    return { changed: true };
  });
}

/**
 * Admin only: stops (`enabled: false`, audited `webhook.disable`) or resumes
 * (`webhook.enable`) deliveries to an endpoint. Asking for the state it is in
 * changes nothing and says so.
 */
async function setEndpointEnabled(viewer: Viewer | null, endpointPublicId: string, enabled: boolean, now: Date): Promise<{ changed: boolean }> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const row = await lockEndpoint(tx, endpointPublicId);
    if ((row.disabledAt === null) === enabled) return { changed: false };
    const disabledAt = enabled ? null : now;
    await tx.update(webhookEndpoints).set({ disabledAt }).where(eq(webhookEndpoints.id, row.id));
    if (enabled) {
      // What waited while it was disabled (a job that found it disabled ended without a try) goes out now.
      const waiting = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, row.id), eq(webhookDeliveries.status, "pending")));
      for (const delivery of waiting) await requeueDelivery(tx, delivery.id, now);
    }
    await writeAudit(
      tx,
      actor,
      {
        action: enabled ? "webhook.enable" : "webhook.disable",
        targetType: "webhook_endpoint",
        targetId: row.publicId,
        before: { disabledAt: row.disabledAt?.toISOString() ?? null },
        after: { disabledAt: disabledAt?.toISOString() ?? null },
      },
      now,
    );
    return { changed: true };
  });
}

/** Admin only: no more deliveries to this endpoint from `now` (audited `webhook.disable`); pending ones wait. */
export function disableWebhookEndpoint(viewer: Viewer | null, input: { endpointPublicId: string }, now: Date): Promise<{ changed: boolean }> {
  return setEndpointEnabled(viewer, input.endpointPublicId, false, now);
}

/** Admin only: deliveries to this endpoint resume, its pending ones first (audited `webhook.enable`). */
export function enableWebhookEndpoint(viewer: Viewer | null, input: { endpointPublicId: string }, now: Date): Promise<{ changed: boolean }> {
  return setEndpointEnabled(viewer, input.endpointPublicId, true, now);
}

/**
 * Admin only: gives an endpoint a new signing secret, from the next delivery
 * on (audited `webhook.rotate_secret`, which records that it was rotated,
 * never a secret). Returns the new secret for the admin to copy.
 */
export async function rotateWebhookSecret(viewer: Viewer | null, input: { endpointPublicId: string }, now: Date): Promise<{ secret: string }> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const row = await lockEndpoint(tx, input.endpointPublicId);
    const secret = newWebhookSecret();
    await tx.update(webhookEndpoints).set({ secret }).where(eq(webhookEndpoints.id, row.id));
    await writeAudit(tx, actor, { action: "webhook.rotate_secret", targetType: "webhook_endpoint", targetId: row.publicId, before: null, after: { rotatedAt: now.toISOString() } }, now);
    return { secret };
  });
}

/**
 * Admin only: an endpoint's signing secret, for the admin to configure the
 * receiver with (Standard Webhooks receivers need it to verify). Each reveal is
 * audited (`webhook.reveal_secret`: who saw it, when; never the secret).
 */
export async function revealWebhookSecret(viewer: Viewer | null, input: { endpointPublicId: string }, now: Date): Promise<{ secret: string }> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [row] = await tx.select({ publicId: webhookEndpoints.publicId, secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.publicId, input.endpointPublicId));
    if (!row) throw new DalError({ code: "not_found", reason: "route" });
    await writeAudit(tx, actor, { action: "webhook.reveal_secret", targetType: "webhook_endpoint", targetId: row.publicId, before: null, after: null }, now);
    return { secret: row.secret };
  });
}

/**
 * Admin only: sends a delivery that failed or succeeded again, now
 * (requeueDelivery; audited `webhook.resend` on the delivery). A pending one is
 * queued already: nothing changes, and the answer says so. The delivery must be
 * the named endpoint's (a stale page can't requeue another's).
 */
export async function resendWebhookDelivery(viewer: Viewer | null, input: { endpointPublicId: string; deliveryPublicId: string }, now: Date): Promise<{ changed: boolean }> {
  const actor = requireAdmin(viewer);
  const db = await getDb();
  return transactionWithRetry(db, async (tx) => {
    const [row] = await tx
      .select({ id: webhookDeliveries.id, publicId: webhookDeliveries.publicId, status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, deliveredAt: webhookDeliveries.deliveredAt })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.publicId, input.deliveryPublicId), eq(webhookEndpoints.publicId, input.endpointPublicId)))
      .for("update", { of: webhookDeliveries });
    if (!row) throw new DalError({ code: "not_found", reason: "route" });
    if (row.status === "pending") return { changed: false };
    await requeueDelivery(tx, row.id, now);
    await writeAudit(
      tx,
      actor,
      {
        action: "webhook.resend",
        targetType: "webhook_delivery",
        targetId: row.publicId,
        before: { status: row.status, attempts: row.attempts, deliveredAt: row.deliveredAt?.toISOString() ?? null },
        after: { status: "pending", nextAttemptAt: now.toISOString() },
      },
      now,
    );
    return { changed: true };
  });
}
