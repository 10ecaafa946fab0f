import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { attemptCustomer, minorOf, signIn } from "./fixtures";
import { ALTERNATIVES_CUSTOMER, alternativesVouchers } from "./alternatives-seed";

// The customer of e2e/alternatives-seed.ts, whom no other spec touches; the second test spends her vouchers,
// so a retry of the group (which starts again from the first test) signs in as the next attempt's customer.
test.describe.configure({ mode: "serial" });

/** The new-order page for 2 × the Muxi product (¥100), once its plan is shown. */
async function muxiOrder(page: Page, retry: number) {
  await signIn(page, attemptCustomer(ALTERNATIVES_CUSTOMER, retry), { open: "/billing/orders/new" });
  const product = page.getByLabel("Product");
  await product.selectOption({ label: (await product.locator("option").filter({ hasText: /Muxi/ }).innerText()).trim() });
  await page.getByLabel("Quantity").fill("2");
  await expect(page.getByLabel("Payment plan")).toContainText("Order amount¥100.00");
}

const plans = (page: Page) => page.getByRole("region", { name: "Plans to choose from" });
const reasons = (page: Page) => page.getByRole("region", { name: "Why the other vouchers are not used" });

test.describe("[ORDERS][ALTERNATIVES] a plan that explains itself", () => {
  test("says why each voucher is left out, offers the other plans, passes axe and fits 375 px", async ({ page }, info) => {
    const { CASH, DISCOUNT_40, DISCOUNT_60, MAXX_ONLY, MUXI_LATER, MUXI_SOON, PERCENT_LATER } = alternativesVouchers(info.retry);
    await page.setViewportSize({ width: 375, height: 800 });
    await muxiOrder(page, info.retry);
    // The default: ¥40 off, the rest from the cash balance.
    await expect(page.getByLabel("Payment plan")).toContainText("-¥40.00");
    const why = reasons(page);
    await expect(why.getByRole("listitem").filter({ hasText: PERCENT_LATER })).toContainText(/Not effective until \d{4}-\d{2}-\d{2}/);
    await expect(why.getByRole("listitem").filter({ hasText: MAXX_ONLY })).toContainText("For another provider (MaxXIntel)");
    await expect(why.getByRole("listitem").filter({ hasText: DISCOUNT_60 })).toContainText("Below the discount's minimum of ¥300.00");
    for (const id of [MUXI_SOON, MUXI_LATER, CASH]) {
      await expect(why.getByRole("listitem").filter({ hasText: id })).toContainText(`A discount is used (${DISCOUNT_40}), and a discount excludes other vouchers`);
    }

    const list = plans(page).getByRole("list");
    await expect(list.getByRole("button")).toHaveCount(4);
    const best = list.getByRole("button", { name: /^Best discount/ });
    await expect(best).toHaveAttribute("aria-pressed", "true");
    await expect(best).toContainText("Default");
    await expect(best).toContainText("¥60.00 from cash balance");
    const onVouchers = list.getByRole("button", { name: /^Vouchers first/ });
    await expect(onVouchers).toHaveAttribute("aria-pressed", "false");
    await expect(onVouchers).toContainText(/Uses ¥100\.00 of Muxi computing power vouchers expiring \d{4}-\d{2}-\d{2}/);
    await expect(onVouchers).toContainText("¥0.00 from cash balance");

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test("one click picks the voucher plan, and Pay pays exactly that plan", async ({ page }, info) => {
    const { CASH, DISCOUNT_40, MUXI_LATER, MUXI_SOON } = alternativesVouchers(info.retry);
    await muxiOrder(page, info.retry);
    const onVouchers = plans(page).getByRole("button", { name: /^Vouchers first/ });
    await onVouchers.click();
    await expect(onVouchers).toHaveAttribute("aria-pressed", "true");
    await expect(plans(page).getByRole("button", { name: /^Best discount/ })).toHaveAttribute("aria-pressed", "false");
    // The form follows the pick, and the plan is the alternative's.
    await expect(page.getByLabel("Discount voucher")).toHaveValue("none");
    const planList = page.getByLabel("Payment plan").locator("dl");
    await expect(planList).toContainText(`Computing power voucher ${MUXI_SOON}¥100.00`);
    await expect(planList).toContainText("Cash balance¥0.00");
    // The reasons now explain this plan.
    await expect(reasons(page).getByRole("listitem").filter({ hasText: MUXI_LATER })).toContainText(`Expires later than the vouchers used (${MUXI_SOON})`);
    await expect(reasons(page).getByRole("listitem").filter({ hasText: DISCOUNT_40 })).toContainText("Left out by your choice");

    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(/\/billing\/orders\/ord_/);
    await expect(page.getByText("Paid", { exact: true })).toBeVisible();
    const payment = page.getByLabel("Payment");
    const part = async (label: string) => minorOf(await payment.getByText(label, { exact: true }).locator("xpath=following-sibling::dd").innerText());
    expect(await part("Paid with vouchers")).toBe(10_000);
    expect(await part("Paid from cash balance")).toBe(0);
    const allocation = page.getByRole("region", { name: "Allocation", exact: true });
    await expect(allocation).toContainText(MUXI_SOON);
    for (const id of [MUXI_LATER, CASH, DISCOUNT_40]) await expect(allocation).not.toContainText(id);
  });
});
