/**
 * The settings page's action and DAL (lib/dal/notification-settings.ts) on a
 * real database: validation refuses with clear messages and changes nothing,
 * saving stores reminders, email and thresholds (empty = none), a new
 * threshold re-arms its alert and an unchanged one does not; only the caller's
 * own account is ever changed.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { balanceThresholds, billingAccounts, notificationSettings, users } from "@/db/schema";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { fingerprint } from "./admin-db";
import { setupTestDatabase } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => session.viewer }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { getMyNotificationSettings, saveMyNotificationSettings } = await import("@/lib/dal/notification-settings");
const { saveNotificationSettingsAction } = await import("@/app/(billing)/billing/settings/actions");
const { scheduleLowBalanceEvents } = await import("@/lib/dal/scheduler");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
let alice: Viewer;
let bob: Viewer;
let admin: Viewer;

async function customer(name: string, cashBalance = 0): Promise<Viewer> {
  const [account] = await db().insert(billingAccounts).values({ publicId: newPublicId("acc"), name, cashBalance, createdAt: now }).returning();
  const email = `${name.toLowerCase()}@settings.example`;
  await db().insert(users).values({ id: `u-${name}`, name, email, role: "customer", billingAccountId: account!.id, createdAt: now, updatedAt: now });
  return { userId: `u-${name}`, email, name, role: "customer", accountId: account!.id };
}

const form = (over: Record<string, string> = {}) => ({ cash: "", compute: "", cash_balance: "", remind30: "on", remind7: "on", remind1: "on", email: "on", ...over });

beforeAll(async () => {
  alice = await customer("Alice", 5_000);
  bob = await customer("Bob");
  await db().insert(users).values({ id: "u-admin", name: "Admin", email: "admin@settings.example", role: "admin", createdAt: now, updatedAt: now });
  admin = { userId: "u-admin", email: "admin@settings.example", name: "Admin", role: "admin", accountId: null };
});

beforeEach(() => {
  session.viewer = null;
});

describe("notification settings", () => {
  it("defaults without a row: every reminder, email on, no thresholds", async () => {
    expect(await getMyNotificationSettings(alice)).toEqual({ thresholds: { cash: null, compute: null, cash_balance: null }, expiryReminderDays: [30, 7, 1], email: true });
  });

  it("a bad threshold is refused on its field with a clear message, and nothing changes", async () => {
    session.viewer = alice;
    const before = await fingerprint(db());
    for (const bad of ["abc", "0", "-1", "12.345", "99999999999"]) {
      const result = await saveNotificationSettingsAction(form({ cash_balance: bad }));
      expect(result.ok, bad).toBe(false);
      if (result.ok) continue;
      expect(result.code).toBe("invalid_input");
      expect(result.fieldErrors?.cash_balance).toEqual(["Enter an amount between ¥0.01 and ¥1,000,000,000.00, or leave it empty for no alert."]);
    }
    expect((await saveNotificationSettingsAction(form({ remind7: "yes" }))).ok).toBe(false);
    expect((await saveNotificationSettingsAction("not an object")).ok).toBe(false);
    expect(await fingerprint(db())).toEqual(before);
  });

  it("saves reminders, email and thresholds for the caller's own account only", async () => {
    session.viewer = alice;
    const result = await saveNotificationSettingsAction(form({ cash: "10", cash_balance: "100.50", remind30: "", remind1: "", email: "" }));
    expect(result).toEqual({ ok: true, data: { thresholds: { cash: 1_000, compute: null, cash_balance: 10_050 }, expiryReminderDays: [7], email: false } });
    expect(await getMyNotificationSettings(alice)).toEqual(result.ok ? result.data : null);
    expect(await getMyNotificationSettings(bob)).toEqual({ thresholds: { cash: null, compute: null, cash_balance: null }, expiryReminderDays: [30, 7, 1], email: true });
    const [row] = await db().select().from(notificationSettings).where(eq(notificationSettings.accountId, alice.accountId!));
    expect(row!.updatedAt.getTime()).toBeGreaterThan(0);
    // Clearing a threshold removes it.
    await saveMyNotificationSettings(alice, { thresholds: { cash: null, compute: null, cash_balance: 10_050 }, expiryReminderDays: [7], email: false }, now);
    expect((await db().select().from(balanceThresholds).where(eq(balanceThresholds.accountId, alice.accountId!))).map((t) => t.kind)).toEqual(["cash_balance"]);
  });

  it("a new threshold re-arms its alert; saving the same one again does not", async () => {
    const input = (cashBalance: number) => ({ thresholds: { cash: null, compute: null, cash_balance: cashBalance }, expiryReminderDays: [30, 7, 1], email: true });
    await saveMyNotificationSettings(bob, input(1_000), now);
    expect((await scheduleLowBalanceEvents(now)).alerted).toBeGreaterThanOrEqual(1);
    const alerted = async () => (await db().select().from(balanceThresholds).where(eq(balanceThresholds.accountId, bob.accountId!)))[0]!;
    expect((await alerted()).alertedAt?.toISOString()).toBe(now.toISOString());
    await saveMyNotificationSettings(bob, input(1_000), new Date(now.getTime() + 60_000));
    expect((await alerted()).alertedAt?.toISOString()).toBe(now.toISOString());
    await saveMyNotificationSettings(bob, input(2_000), new Date(now.getTime() + 60_000));
    expect(await alerted()).toMatchObject({ alertedAt: null, threshold: 2_000, alerts: 1 });
    // Cleared and set again: the numbering continues from the recorded events.
    await saveMyNotificationSettings(bob, { ...input(1), thresholds: { cash: null, compute: null, cash_balance: null } }, now);
    await saveMyNotificationSettings(bob, input(3_000), now);
    expect(await alerted()).toMatchObject({ alertedAt: null, threshold: 3_000, alerts: 1 });
  });

  it("refused signed out and for an admin without an account, with nothing changed", async () => {
    const before = await fingerprint(db());
    session.viewer = null;
    expect(await saveNotificationSettingsAction(form({ cash: "5" }))).toMatchObject({ ok: false, code: "unauthenticated" });
    session.viewer = admin;
    expect(await saveNotificationSettingsAction(form({ cash: "5" }))).toMatchObject({ ok: false, code: "forbidden" });
    await expect(getMyNotificationSettings(null)).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(getMyNotificationSettings(admin)).rejects.toMatchObject({ code: "forbidden" });
    expect(await fingerprint(db())).toEqual(before);
  });
});
