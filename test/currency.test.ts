/**
 * PLATFORM_CURRENCY drives parsing, formatting and the messages of the actions
 * and the DAL, not only the CSV (issue 12, part 6, item 2). JPY has no minor
 * digits, so "1.5" is not an amount and 5,000 typed is 5,000 stored.
 */
import { randomUUID } from "node:crypto";
import { NextIntlClientProvider } from "next-intl";
import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { billingAccounts } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import type { Viewer } from "@/lib/dal/viewer";
import { fingerprint } from "./admin-db";
import { setupTestDatabase, viewerOf } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => session.viewer }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { topUpAction } = await import("@/app/(billing)/billing/orders/actions");
const { adjustCashAction } = await import("@/app/(admin)/admin/accounts/actions");
const { Money } = await import("@/components/ui/money");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
let alice: Viewer;
let admin: Viewer;

beforeAll(async () => {
  await seedDemoData(db(), new Date());
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
  process.env.PLATFORM_CURRENCY = "JPY";
});

afterAll(() => {
  delete process.env.PLATFORM_CURRENCY;
});

beforeEach(() => {
  session.viewer = null;
});

async function aliceBalance() {
  const [row] = await db().select({ cashBalance: billingAccounts.cashBalance }).from(billingAccounts).where(eq(billingAccounts.id, alice.accountId!));
  return row!.cashBalance;
}

describe("with PLATFORM_CURRENCY=JPY", () => {
  it("a top-up is typed in whole yen, and a fraction is refused in yen", async () => {
    session.viewer = alice;
    const before = await aliceBalance();
    expect(await topUpAction({ amount: "1.5", requestKey: randomUUID() })).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { amount: ["Enter an amount between ¥1 and ¥100,000,000."] },
    });
    expect(await aliceBalance()).toBe(before);
    expect(await topUpAction({ amount: "¥5,000", requestKey: randomUUID() })).toEqual({ ok: true, data: { cashBalance: before + 5_000 } });
  });

  it("the DAL's refusals name amounts in yen", async () => {
    session.viewer = admin;
    const [account] = await db().select({ publicId: billingAccounts.publicId }).from(billingAccounts).where(eq(billingAccounts.id, alice.accountId!));
    const balance = await aliceBalance();
    const result = await adjustCashAction({ accountPublicId: account!.publicId, direction: "debit", amount: String(balance + 1), reason: "Too much", requestKey: randomUUID() });
    const yen = `¥${balance.toLocaleString("en-US")}`;
    expect(result).toMatchObject({ ok: false, code: "conflict", message: `The cash balance is ${yen}; a debit can take at most ${yen} of it. Arrears come only from post-paid charges.` });
  });

  it("server components show yen, in both languages", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const html = renderToStaticMarkup(createElement(NextIntlClientProvider, { locale } as ComponentProps<typeof NextIntlClientProvider>, createElement(Money, { minor: 1_234 })));
      expect(html).toMatch(/>¥1,234<\/span>$/);
    }
  });

  it("the top-up action refuses a signed-out caller and an admin (no billing account), and nothing changes", async () => {
    const before = await fingerprint(db());
    for (const [who, code] of [
      [null, "unauthenticated"],
      [admin, "forbidden"],
    ] as const) {
      session.viewer = who;
      expect(await topUpAction({ amount: "100", requestKey: randomUUID() })).toMatchObject({ ok: false, code });
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});
