/**
 * Rows the delivery tests share: an admin (endpoints' creator), accounts,
 * endpoints and events written straight into the tables, stamped with the
 * test's `now`.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { billingAccounts, events, users, webhookEndpoints } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import type { EventType } from "@/lib/events/types";
import { newPublicId } from "@/lib/ids";

export const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

export async function seedWorld(db: Db, now: Date) {
  await seedDemoData(db, now);
  const [admin] = await db.select().from(users).where(eq(users.email, DEMO_USERS.admin));
  const [alice] = await db.select().from(users).where(eq(users.email, DEMO_USERS.alice));
  const [bob] = await db.select().from(users).where(eq(users.email, DEMO_USERS.bob));
  const accountOf = async (billingAccountId: number | null) => {
    const [a] = await db.select().from(billingAccounts).where(eq(billingAccounts.id, billingAccountId!));
    return a!;
  };
  return { adminId: admin!.id, alice: await accountOf(alice!.billingAccountId), bob: await accountOf(bob!.billingAccountId) };
}

export async function addEndpoint(db: Db, now: Date, values: { createdBy: string; url: string; eventTypes: EventType[]; accountId?: number | null; disabled?: boolean; secret?: string }) {
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      publicId: newPublicId("whk"),
      url: values.url,
      eventTypes: values.eventTypes,
      accountId: values.accountId ?? null,
      secret: values.secret ?? newSecret(),
      createdBy: values.createdBy,
      createdAt: now,
      disabledAt: values.disabled ? now : null,
    })
    .returning();
  return row!;
}

export async function addEvent(db: Db, now: Date, type: EventType, accountId: number | null, payload: Record<string, unknown> = { amount: 100, cashBalance: 100 }) {
  const [row] = await db.insert(events).values({ publicId: newPublicId("evt"), type, accountId, version: 1, payload, createdAt: now }).returning();
  return row!;
}
