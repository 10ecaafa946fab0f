import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, minorOf, signIn } from "./fixtures";
import { INSIGHTS_EXPIRED_DAYS_AGO, INSIGHTS_EXPIRED_VOUCHER_ID, INSIGHTS_ORDER_ID, INSIGHTS_VOIDED_VOUCHER_ID } from "./admin-insights-seed";

async function expectNoSeriousViolations(page: Page, where: string, include?: string) {
  const builder = new AxeBuilder({ page });
  const results = await (include ? builder.include(include) : builder).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${where} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** The platform month ("YYYY-MM", Asia/Shanghai as the e2e server runs) of an instant. */
function monthOf(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" }).format(at).slice(0, 7);
}

test.describe("[ADMIN][INSIGHTS] the operator's figures and the refund preview", () => {
  test("the overview shows liability, value by month with breakage, batches and arrears; axe passes; it fits 375 px", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, ADMIN, { open: "/admin" });
    await expect(page.getByRole("heading", { name: "Operator figures" })).toBeVisible();

    const liability = page.getByRole("region", { name: "Voucher liability by kind and provider set" });
    await expect(liability.getByRole("columnheader", { name: "Available balance" })).toBeVisible();
    await expect(liability.getByRole("columnheader", { name: "Not effective yet" })).toBeVisible();
    await expect(liability.getByRole("row", { name: /Total/ })).toBeVisible();

    // The seeded compute voucher expired with ¥10.00 left: its month shows at least that breakage.
    const compute = page.getByRole("region", { name: "Computing power vouchers by month" });
    await expect(compute.getByRole("columnheader", { name: "Expired (breakage)" })).toBeVisible();
    const expiredMonth = monthOf(new Date(Date.now() - INSIGHTS_EXPIRED_DAYS_AGO * 86_400_000));
    const row = compute.getByRole("row").filter({ hasText: expiredMonth });
    await expect(row).toHaveCount(1);
    const headers = await compute.getByRole("columnheader").allTextContents();
    const expiredCell = row.getByRole("cell").nth(headers.indexOf("Expired (breakage)"));
    expect(minorOf(await expiredCell.innerText())).toBeGreaterThanOrEqual(1_000);
    await expect(page.getByRole("region", { name: "Cash vouchers by month" }).getByRole("row")).toHaveCount(13);

    // The monthly chart: its picture is named by the summary, whose breakage is at least the seeded ¥10.00.
    const chart = page.getByRole("figure", { name: "Value by month, both kinds together" });
    const summary = await chart.locator("p").first().innerText();
    expect(summary).toMatch(/^Last 12 months, both kinds: ¥[\d,]+\.\d{2} redeemed, ¥[\d,]+\.\d{2} used, ¥[\d,]+\.\d{2} expired \(breakage\), ¥[\d,]+\.\d{2} voided\.$/);
    expect(minorOf(summary.slice(summary.indexOf(" used, ") + 7))).toBeGreaterThanOrEqual(1_000);
    await expect(chart.getByRole("img", { name: summary })).toBeVisible();

    await expect(page.getByRole("region", { name: "Redemption by batch" }).getByRole("columnheader", { name: "Redemption rate" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Redemption by batch" }).locator('a[href^="/admin/batches/bat_"]').first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Top accounts in arrears" })).toBeVisible();

    await expectNoSeriousViolations(page, "/admin");
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "Operator figures" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });

  test("the refund dialog shows where each part goes back, flagging the expired and the voided voucher", async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, ADMIN, { open: `/admin/orders/${INSIGHTS_ORDER_ID}` });
    await page.getByRole("button", { name: "Refund" }).click();
    const dialog = page.getByRole("dialog");
    const preview = dialog.getByRole("region", { name: "Refund preview" });

    // Full: the cash balance, then the (voided) cash voucher, then the (expired) compute voucher.
    const rows = preview.getByRole("row");
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(1)).toContainText("Cash balance");
    await expect(rows.nth(1)).toContainText("¥10.00");
    await expect(rows.nth(1)).toContainText("spendable again");
    await expect(rows.nth(2)).toContainText(INSIGHTS_VOIDED_VOUCHER_ID);
    await expect(rows.nth(2)).toContainText("¥20.00");
    await expect(rows.nth(2)).toContainText("counts as voided");
    await expect(rows.nth(3)).toContainText(INSIGHTS_EXPIRED_VOUCHER_ID);
    await expect(rows.nth(3)).toContainText("¥30.00");
    await expect(rows.nth(3)).toContainText("counts as expired");
    await expectNoSeriousViolations(page, "refund dialog", '[role="dialog"]');

    // Partial ¥15: the cash balance's ¥10, then ¥5 to the voided voucher; the expired one gets nothing.
    await dialog.getByLabel("Partial").check();
    await expect(dialog.getByText("Type an amount to see where it goes back.")).toBeVisible();
    await dialog.getByLabel("Amount").fill("15");
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(2)).toContainText("¥5.00");
    await expect(rows.nth(2)).toContainText("counts as voided");
    await expect(preview).not.toContainText(INSIGHTS_EXPIRED_VOUCHER_ID);
    await dialog.getByLabel("Amount").fill("61");
    await expect(dialog.getByText("At most ¥60.00 can be refunded.")).toBeVisible();
    await expectNoSeriousViolations(page, "refund dialog (partial)", '[role="dialog"]');
    // Nothing is refunded: the dialog is closed without confirming.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });
});
