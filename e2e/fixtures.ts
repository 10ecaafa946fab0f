import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";
export const ALICE = "alice@example.com";
export const BOB = "bob@example.com";
export const ADMIN = "admin@example.com";

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
