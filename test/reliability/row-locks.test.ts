/**
 * The row lock writers take (ROW_LOCK, lib/dal/tx.ts) leaves the foreign-key checks
 * of other writers free: while a payer holds the account, a void (which holds its
 * voucher and then writes an event naming the account) finishes. With FOR UPDATE it
 * waited, and a payer waiting for that voucher made a deadlock (R1 found it).
 * PostgreSQL only: PGlite has one connection, so nothing waits there.
 */
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { billingAccounts, events, vouchers } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { voidVoucher } from "@/lib/dal/admin/vouchers";
import { ROW_LOCK } from "@/lib/dal/tx";
import type { Viewer } from "@/lib/dal/viewer";
import { setupTestDatabase, usingPostgres, viewerOf } from "../db";

const getDatabase = setupTestDatabase();
const now = new Date("2026-11-23T00:00:00Z");
let admin: Viewer;
let alice: Viewer;

beforeAll(async () => {
  if (!usingPostgres()) return;
  const { db } = getDatabase();
  await seedDemoData(db, now, 0);
  admin = await viewerOf(db, DEMO_USERS.admin);
  alice = await viewerOf(db, DEMO_USERS.alice);
});

/** Resolves to what `work` gave, or to "still waiting" after `ms`. */
function within<T>(work: Promise<T>, ms: number): Promise<T | "still waiting"> {
  return Promise.race([work, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms))]);
}

describe.runIf(usingPostgres())("row locks", () => {
  it("a void finishes while a payer holds the voucher's account", async () => {
    const { db } = getDatabase();
    const [voucher] = await db
      .select({ publicId: vouchers.publicId })
      .from(vouchers)
      .where(and(eq(vouchers.accountId, alice.accountId!), isNull(vouchers.voidedAt)))
      .limit(1);
    expect(voucher).toBeDefined();

    let voided: Awaited<ReturnType<typeof within>> = "still waiting";
    await db.transaction(async (payer) => {
      const [held] = await payer.select({ id: billingAccounts.id }).from(billingAccounts).where(eq(billingAccounts.id, alice.accountId!)).for(ROW_LOCK);
      expect(held).toBeDefined();
      // The payer still holds the account while the void runs on another connection.
      voided = await within(voidVoucher(admin, { voucherPublicId: voucher!.publicId, reason: "Lock test" }, now), 5_000);
    });

    expect(voided).toMatchObject({ publicId: voucher!.publicId });
    const written = await db.select({ type: events.type }).from(events).where(eq(events.accountId, alice.accountId!));
    expect(written.map((e) => e.type)).toContain("voucher.voided");
  });
});
