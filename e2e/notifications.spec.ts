import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { attemptCustomer, NOTIFICATIONS_CUSTOMER, signIn } from "./fixtures";
import { chineseContext, seriousAxeViolations, signInZh, untranslatedText, zh } from "./i18n-support";
import { SEEDED_ORDER_ID, SEEDED_VOUCHER_ID } from "./notifications-seed";

/**
 * The customer's inbox and settings (docs/notifications.md), as a person uses
 * them: the header's bell says how many are unread, the page lists them with
 * links to act, marking read lowers the count; the settings page saves
 * thresholds and explains a bad one. The inbox was seeded by
 * e2e/prepare-db.ts (e2e/notifications-seed.ts) for this spec's own customer.
 */

async function expectAccessibleAndNarrow(page: Page, path: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${path} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, path).toBeLessThanOrEqual(0);
}

// The first test marks the inbox read and the second saves settings: a retry runs the group again
// from its first test, as the next attempt's customer, whose inbox was seeded alike (fixtures.ts attemptCustomer).
test.describe.configure({ mode: "serial" });

test.describe("[CUSTOMER][NOTIFICATIONS]", () => {
  test("the bell counts unread notifications; the inbox lists them; marking read lowers the count", async ({ page }, info) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, attemptCustomer(NOTIFICATIONS_CUSTOMER, info.retry), { open: "/billing" });
    const bell = page.getByRole("link", { name: "Notifications, 3 unread", exact: true });
    await expect(bell).toBeVisible();
    await bell.click();
    await expect(page).toHaveURL(/\/billing\/notifications$/);
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();

    const list = page.getByRole("list", { name: "Notifications" });
    await expect(list.getByRole("listitem")).toHaveCount(3);
    // Newest first: the refund, the low balance, the expiry warning with its voucher, amount and filtered tab.
    await expect(list.getByRole("heading", { level: 2 }).first()).toContainText(`Refund of ¥10.00 for order ${SEEDED_ORDER_ID}`);
    const expiry = list.getByRole("listitem").filter({ hasText: SEEDED_VOUCHER_ID });
    await expect(expiry).toContainText(`Cash voucher ${SEEDED_VOUCHER_ID} expires in 7 days`);
    await expect(expiry).toContainText("still holds ¥25.00");
    await expect(expiry.getByRole("link", { name: "View it in its tab" })).toHaveAttribute("href", /\/billing\?tab=cash&status=available&expiresTo=\d{4}-\d{2}-\d{2}$/);
    await expect(list.getByRole("listitem").filter({ hasText: "Low balance: cash balance" }).getByRole("link", { name: "Change thresholds" })).toHaveAttribute("href", "/billing/settings");
    await expect(page.getByText("3 unread notifications.")).toBeVisible();
    await expectAccessibleAndNarrow(page, "/billing/notifications");

    await page.getByRole("button", { name: `Mark read: Refund of ¥10.00 for order ${SEEDED_ORDER_ID}` }).click();
    await expect(page.getByRole("link", { name: "Notifications, 2 unread", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Mark read: Refund/ })).toHaveCount(0);
    await expect(page.getByText("2 unread notifications.")).toBeVisible();

    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect(page.getByRole("link", { name: "Notifications, none unread", exact: true })).toBeVisible();
    await expect(page.getByText("Everything is read.")).toBeVisible();
    await expect(list.getByRole("listitem")).toHaveCount(3);
    await expect(page.getByRole("button", { name: /^Mark read/ })).toHaveCount(0);
  });

  test("the settings page saves thresholds and explains a bad one", async ({ page }, info) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, attemptCustomer(NOTIFICATIONS_CUSTOMER, info.retry), { open: "/billing/settings" });
    await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();
    await expectAccessibleAndNarrow(page, "/billing/settings");

    const cashBalance = page.getByLabel("Cash balance below (¥)");
    await cashBalance.fill("abc");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Enter an amount between ¥0.01 and ¥1,000,000,000.00, or leave it empty for no alert.")).toBeVisible();
    await expect(cashBalance).toHaveAttribute("aria-invalid", "true");
    await expect(cashBalance).toHaveValue("abc");

    await cashBalance.fill("100");
    await page.getByLabel("Computing power vouchers below (¥)").fill("20.5");
    await page.getByLabel("30 days before expiry").uncheck();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();

    await page.reload();
    await expect(page.getByLabel("Cash balance below (¥)")).toHaveValue("100.00");
    await expect(page.getByLabel("Computing power vouchers below (¥)")).toHaveValue("20.50");
    await expect(page.getByLabel("Cash vouchers below (¥)")).toHaveValue("");
    await expect(page.getByLabel("30 days before expiry")).not.toBeChecked();
    await expect(page.getByLabel("7 days before expiry")).toBeChecked();
    await expect(page.getByLabel("Also send my notifications by email")).toBeChecked();
  });

  test("both pages in Chinese", async ({ browser }, info) => {
    test.setTimeout(90_000);
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await signInZh(page, attemptCustomer(NOTIFICATIONS_CUSTOMER, info.retry));
    const problems: string[] = [];
    for (const path of ["/billing/notifications", "/billing/settings"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      problems.push(...(await untranslatedText(page)).map((word) => `${path}: ${word}`));
      problems.push(...(await seriousAxeViolations(page, path)));
    }
    expect(problems).toEqual([]);
    await page.goto("/billing/notifications");
    await expect(page.getByRole("heading", { level: 1, name: zh.notifications.heading })).toBeVisible();
    await expect(page.getByText(`现金券 ${SEEDED_VOUCHER_ID} 将在 7 天后过期`)).toBeVisible();
    await context.close();
  });
});
