import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";
export const ALICE = "alice@example.com";
export const BOB = "bob@example.com";
export const ADMIN = "admin@example.com";
/** An e2e-only customer (e2e/prepare-db.ts) for flows that spend money, so parallel specs never share balances. */
export const ORDERS_CUSTOMER = "carol@example.com";
/** An e2e-only customer for the admin flow (redeem, void, refund), so alice's balances in other specs never move. */
export const ADMIN_FLOW_CUSTOMER = "dave@example.com";
/** An e2e-only customer for the zh-CN flows (e2e/i18n-flows.spec.ts): they save a language on the user and spend money. */
export const I18N_FLOW_CUSTOMER = "frank@example.com";
/** An e2e-only customer whose account the /api/v1 specs move money on, found by its external reference. */
export const API_FLOW_CUSTOMER = "grace@example.com";
export const API_FLOW_EXTERNAL_REF = "platform-user-e2e-api";
/** An e2e-only customer with a seeded inbox (e2e/notifications-seed.ts) that e2e/notifications.spec.ts reads and marks. */
export const NOTIFICATIONS_CUSTOMER = "heidi@example.com";

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** "¥1,234.50" or "-¥12.00" → minor units, exactly. */
export function minorOf(text: string): number {
  const match = /(-?)[^\d-]*([\d,]+)\.(\d{2})/.exec(text.trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  const [, sign, whole, cents] = match;
  const value = Number(whole!.replaceAll(",", "")) * 100 + Number(cents);
  return sign === "-" ? -value : value;
}

/**
 * An unredeemed demo code written by e2e/prepare-db.ts. Each test uses its own
 * slot, shifted on a retry so a retried test never reuses a code it redeemed.
 */
export function demoCode(kind: "cash" | "discount" | "compute", slot: number, retry = 0): string {
  const codes = readFileSync(path.join(".data", "e2e", "demo-codes.txt"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([k]) => k === kind)
    .map(([, code]) => code!);
  const code = codes[slot + retry * 8];
  if (!code) throw new Error(`no demo ${kind} code in slot ${slot}`);
  return code;
}
