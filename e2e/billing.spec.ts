import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ALICE, BOB, minorOf, signIn } from "./fixtures";

const TABS = ["Cash Vouchers", "Discount Vouchers", "Computing Power Vouchers"] as const;

async function voucherIds(page: Page): Promise<string[]> {
  const ids = new Set<string>();
  for (const tab of TABS) {
    await page.getByRole("tab", { name: tab }).click();
    const panel = page.getByRole("tabpanel", { name: tab });
    // The tab's rows arrive with the navigation to ?tab=…; wait for them before reading.
    await expect(panel.getByRole("table")).toBeVisible();
    for (const text of await panel.getByRole("cell").allInnerTexts()) {
      if (/^vch_[0-9a-z]+$/.test(text.trim())) ids.add(text.trim());
    }
  }
  return [...ids];
}

test.describe("[BILLING] Billing Center", () => {
  test("the three voucher tabs are there, each with its table columns", async ({ page }) => {
    await signIn(page, ALICE);
    await expect(page.getByRole("tab")).toHaveText([...TABS]);
    for (const tab of TABS) {
      await page.getByRole("tab", { name: tab }).click();
      const panel = page.getByRole("tabpanel", { name: tab });
      for (const column of ["Voucher ID", "Status", tab === "Discount Vouchers" ? "Terms" : "Balance", "Effective", "Expires"]) {
        await expect(panel.getByRole("columnheader", { name: column })).toBeVisible();
      }
      for (const status of ["Available", "Not effective", "Used", "Expired", "Voided"]) {
        await expect(panel.getByRole("cell", { name: status }).first()).toBeVisible();
      }
    }
  });

  for (const tab of ["Cash Vouchers", "Computing Power Vouchers"] as const) {
    test(`the ${tab} summary obeys Balance = Total face value − Used − Expired − Voided − Not effective`, async ({ page }) => {
      await signIn(page, ALICE);
      await page.getByRole("tab", { name: tab }).click();
      const summary = page.getByRole("tabpanel", { name: tab }).getByLabel(`${tab} amounts`);
      const amount = async (label: string) => minorOf(await summary.getByText(label, { exact: true }).locator("xpath=following-sibling::dd").innerText());
      const total = await amount("Total face value");
      const used = await amount("Used");
      const expired = await amount("Expired");
      const voided = await amount("Voided");
      const notEffective = await amount("Not effective");
      const balance = await amount("Balance");
      expect(total).toBeGreaterThan(0);
      expect([used, expired, voided, notEffective, balance].every((n) => n > 0)).toBe(true);
      expect(balance).toBe(total - used - expired - voided - notEffective);
    });
  }

  test("bob sees none of alice's voucher IDs", async ({ browser }) => {
    const alice = await browser.newPage();
    await signIn(alice, ALICE);
    const aliceIds = await voucherIds(alice);
    expect(aliceIds.length).toBeGreaterThanOrEqual(18);

    const bob = await browser.newPage();
    await signIn(bob, BOB);
    const bobIds = await voucherIds(bob);
    expect(bobIds.length).toBeGreaterThanOrEqual(18);
    expect(bobIds.filter((id) => aliceIds.includes(id))).toEqual([]);
    await expect(bob.locator("body")).not.toContainText(aliceIds[0]!);
  });

  test("bob's overview shows his arrears", async ({ page }) => {
    await signIn(page, BOB);
    const overview = page.getByLabel("Account overview");
    const arrears = minorOf(await overview.getByText("Arrears", { exact: true }).locator("xpath=following-sibling::dd").innerText());
    expect(arrears).toBeGreaterThan(0);
  });

  test("the Billing Center has no serious accessibility violations and fits 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, ALICE);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
