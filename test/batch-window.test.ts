/**
 * A batch's codes redeem only into a voucher that can still be used: a
 * redemption deadline after the fixed window's end is refused at issue, and a
 * code whose batch window has ended is invalid at redemption, old rows included
 * (issue 12, part 6, item 1).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { redemptionCodes, voucherBatches } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { voucherCodeSecret } from "@/lib/config";
import { issueBatch } from "@/lib/dal/admin/batches";
import { checkRedemptionCode, redeemCode } from "@/lib/dal/redeem";
import type { Viewer } from "@/lib/dal/viewer";
import { newPublicId } from "@/lib/ids";
import { codeLast4 } from "@/lib/vouchers/code";
import { generateCode, hashCode } from "@/lib/vouchers/code-crypto";
import { redeemFailureMessage } from "@/lib/failure-messages";
import { translatorFor } from "@/lib/i18n/translator";
import { fingerprint } from "./admin-db";
import { setupTestDatabase, viewerOf } from "./db";

const EN = translatorFor("en", "failures");

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => session.viewer }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { issueBatchAction } = await import("@/app/(admin)/admin/batches/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
const DAY = 86_400_000;
let alice: Viewer;
let admin: Viewer;
let ipSerial = 0;
// Each attempt from its own IP and hour, so the redemption limits never interfere.
let clock = now;
beforeEach(() => {
  clock = new Date(clock.getTime() + 3_600_000);
});
const ctx = (at: Date = clock) => ({ ip: `203.0.113.${++ipSerial}`, now: at });

beforeAll(async () => {
  await seedDemoData(db(), now);
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

/** A cash batch with a fixed window and one code in it, written as rows (as an old batch would be); returns the plain code. */
async function batchWithCode(window: { effectiveAt: Date; expiresAt: Date; redeemBy: Date | null }) {
  const [batch] = await db()
    .insert(voucherBatches)
    .values({ publicId: newPublicId("bat"), name: "Window test", kind: "cash", faceValue: 1_000, quantity: 1, createdBy: admin.userId, createdAt: now, ...window })
    .returning();
  const code = generateCode("base32x20");
  await db().insert(redemptionCodes).values({ batchId: batch!.id, codeHash: hashCode(code, voucherCodeSecret()), last4: codeLast4(code) });
  return code;
}

describe("at issue", () => {
  const fixedRequest = (redeemBy: Date | null) => ({
    name: "Deadline after window",
    terms: { kind: "cash" as const, faceValue: 1_000 },
    validity: { type: "fixed" as const, effectiveAt: now, expiresAt: new Date(now.getTime() + 10 * DAY) },
    redeemBy,
    quantity: 3,
    requestKey: randomUUID(),
  });

  it("the DAL refuses a deadline after the window's end and changes nothing", async () => {
    const before = await fingerprint(db());
    await expect(issueBatch(admin, fixedRequest(new Date(now.getTime() + 11 * DAY)), now)).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/last valid day/),
    });
    expect(await fingerprint(db())).toEqual(before);
    // A deadline at the window's end is fine.
    const issued = await issueBatch(admin, fixedRequest(new Date(now.getTime() + 10 * DAY)), now);
    expect(issued.codes).toHaveLength(3);
  });

  it("the Issue action reports it under Redemption deadline and changes nothing", async () => {
    session.viewer = admin;
    const form = { kind: "cash", name: "Late deadline", faceValue: "10", validity: "fixed", validFrom: "2099-12-01", validUntil: "2099-12-31", quantity: "2", requestKey: randomUUID() };
    const before = await fingerprint(db());
    const result = await issueBatchAction({ ...form, redeemBy: "2100-01-01" });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { redeemBy: [expect.stringMatching(/last valid day/)] } });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("the Issue action refuses a customer and a signed-out caller before reading the input", async () => {
    const form = { kind: "cash", name: "Late deadline", faceValue: "10", validity: "fixed", validFrom: "2099-12-01", validUntil: "2099-12-31", redeemBy: "2100-01-01", quantity: "2", requestKey: randomUUID() };
    const before = await fingerprint(db());
    for (const [who, code] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
    ] as const) {
      session.viewer = who;
      const result = await issueBatchAction(form);
      expect(result).toMatchObject({ ok: false, code });
      expect(result).not.toHaveProperty("fieldErrors");
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});

describe("at redemption", () => {
  it("a code whose batch window has ended is invalid (Check and Redeem), from the end inclusive; nothing changes", async () => {
    const expiresAt = new Date(now.getTime() + 2 * DAY);
    const code = await batchWithCode({ effectiveAt: now, expiresAt, redeemBy: null });
    const before = await fingerprint(db());
    for (const at of [expiresAt, new Date(expiresAt.getTime() + DAY)]) {
      const failure = { code: "invalid", reason: "window_ended" };
      expect(await checkRedemptionCode(alice, { code, kind: "cash" }, ctx(at))).toEqual({ ok: false, failure });
      expect(await redeemCode(alice, { code, kind: "cash" }, ctx(at))).toEqual({ ok: false, failure });
    }
    expect(redeemFailureMessage({ code: "invalid", reason: "window_ended" }, EN)).toMatch(/^This code is invalid/);
    // Only the attempt counters moved.
    const after = await fingerprint(db());
    expect({ ...after, rate_limit_buckets: "" }).toEqual({ ...before, rate_limit_buckets: "" });
    // One millisecond before the end it still redeems (into a voucher valid for that millisecond).
    expect(await redeemCode(alice, { code, kind: "cash" }, ctx(new Date(expiresAt.getTime() - 1)))).toMatchObject({ ok: true });
  });

  it("an old batch whose deadline is after its window's end: its codes are invalid once the window ended", async () => {
    // Such rows predate the rule at issue; redemption must not trust their deadline.
    const expiresAt = new Date(now.getTime() + 5 * DAY);
    const code = await batchWithCode({ effectiveAt: now, expiresAt, redeemBy: new Date(now.getTime() + 30 * DAY) });
    const late = new Date(now.getTime() + 6 * DAY);
    expect(await checkRedemptionCode(alice, { code, kind: "cash" }, ctx(late))).toEqual({ ok: false, failure: { code: "invalid", reason: "window_ended" } });
    expect(await redeemCode(alice, { code, kind: "cash" }, ctx(late))).toEqual({ ok: false, failure: { code: "invalid", reason: "window_ended" } });
    // Before the window's end it still redeems, into a voucher of that window.
    expect(await redeemCode(alice, { code, kind: "cash" }, ctx(new Date(now.getTime() + 4 * DAY)))).toMatchObject({ ok: true });
  });
});
