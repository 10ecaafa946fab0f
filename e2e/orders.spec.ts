import { expect, test, type Page } from "@playwright/test";
import { attemptCustomer, minorOf, ORDERS_CUSTOMER, signIn } from "./fixtures";

// These tests spend carol's money one after another; other specs never touch her account. A retry
// runs the whole group again from its first test, so it spends the next attempt's customer, seeded
// as carol was (fixtures.ts attemptCustomer): the first test's ¥50 discount is hers again.
// Each test loads several pages and pays; on CI's busy 2-core machine (the security suites run
// beside) that is more than the default 30 s, so the group has a budget of 60 s a test.
test.describe.configure({ mode: "serial", timeout: 60_000 });

async function overviewAmount(page: Page, label: string): Promise<number> {
  await page.goto("/billing");
  const overview = page.getByLabel("Account overview");
  return minorOf(await overview.getByText(label, { exact: true }).first().locator("xpath=following-sibling::dd").innerText());
}

async function newOrder(page: Page, product: RegExp, quantity: string) {
  await page.goto("/billing/orders");
  await page.getByRole("link", { name: "New order" }).click();
  await page.getByLabel("Product").selectOption({ label: (await page.getByLabel("Product").locator("option").filter({ hasText: product }).innerText()).trim() });
  await page.getByLabel("Quantity").fill(quantity);
}

const plan = (page: Page) => page.getByLabel("Payment plan");

test.describe("[ORDERS] buying with vouchers and the cash balance", () => {
  test("the plan follows the quantity as the customer types", async ({ page }, info) => {
    await signIn(page, attemptCustomer(ORDERS_CUSTOMER, info.retry), { open: false });
    await newOrder(page, /Serverless/, "1");
    await expect(plan(page)).toContainText("Order amount¥10.00");
    await page.getByLabel("Quantity").fill("30");
    await expect(plan(page)).toContainText("Order amount¥300.00");
    // ¥300 qualifies for ¥50 off orders of ¥200 or more, the best discount carol has.
    await expect(plan(page)).toContainText("-¥50.00");
    await page.getByLabel("Quantity").fill("0");
    await expect(page.getByText("Enter a whole number from 1 to 10,000.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Pay" })).toBeDisabled();
  });

  test("a Muxi product paid by computing power vouchers; /billing follows", async ({ page }, info) => {
    await signIn(page, attemptCustomer(ORDERS_CUSTOMER, info.retry), { open: false });
    const computeBefore = await overviewAmount(page, "Computing power vouchers balance");
    const cashBefore = await overviewAmount(page, "Cash balance");
    await newOrder(page, /Muxi/, "2");
    await page.getByLabel("Discount voucher").selectOption({ label: "No discount" });
    await expect(plan(page)).toContainText("Computing power voucher vch_");
    await expect(plan(page)).toContainText("Invoiceable¥0.00");
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(/\/billing\/orders\/ord_/);
    await expect(page.getByText("Paid", { exact: true })).toBeVisible();
    const payment = page.getByLabel("Payment");
    expect(minorOf(await payment.getByText("Paid with vouchers").locator("xpath=following-sibling::dd").innerText())).toBe(10_000);
    expect(await overviewAmount(page, "Computing power vouchers balance")).toBe(computeBefore - 10_000);
    expect(await overviewAmount(page, "Cash balance")).toBe(cashBefore);
  });

  test("a general product with a discount: the rest comes from the cash balance and is invoiceable", async ({ page }, info) => {
    await signIn(page, attemptCustomer(ORDERS_CUSTOMER, info.retry), { open: false });
    const cashBefore = await overviewAmount(page, "Cash balance");
    await newOrder(page, /Serverless/, "25");
    await expect(plan(page)).toContainText("-¥50.00");
    await expect(plan(page)).toContainText("Invoiceable¥200.00");
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(/\/billing\/orders\/ord_/);
    const payment = page.getByLabel("Payment");
    const part = async (label: string) => minorOf(await payment.getByText(label, { exact: true }).locator("xpath=following-sibling::dd").innerText());
    expect(await part("Discount")).toBe(5_000);
    expect(await part("Paid from cash balance")).toBe(20_000);
    expect(await part("Invoiceable")).toBe(20_000);
    expect(await overviewAmount(page, "Cash balance")).toBe(cashBefore - 20_000);
  });

  test("a double click on Pay pays once", async ({ page }, info) => {
    await signIn(page, attemptCustomer(ORDERS_CUSTOMER, info.retry), { open: "/billing/orders" });
    const ordersBefore = await page.getByRole("region", { name: "Orders" }).getByRole("row").count();
    const cashBefore = await overviewAmount(page, "Cash balance");
    await newOrder(page, /Serverless/, "2");
    await page.getByLabel("Discount voucher").selectOption({ label: "No discount" });
    await page.getByLabel("Choose automatically").uncheck();
    // Pay from the cash balance only: no voucher ticked.
    for (const box of await page.getByRole("checkbox", { name: /voucher vch_/ }).all()) {
      if (await box.isChecked()) await box.uncheck();
    }
    await expect(plan(page)).toContainText("Cash balance¥20.00");
    await page.getByRole("button", { name: "Pay" }).dblclick();
    await expect(page).toHaveURL(/\/billing\/orders\/ord_/);
    await page.goto("/billing/orders");
    await expect(page.getByRole("region", { name: "Orders" }).getByRole("row")).toHaveCount(ordersBefore + 1);
    expect(await overviewAmount(page, "Cash balance")).toBe(cashBefore - 2_000);
  });

  test("two tabs: a plan spent in the other tab isn't charged; the new plan is shown and Pay confirms it", async ({ browser }, info) => {
    // Two tabs, eight page loads and three payment attempts.
    test.setTimeout(90_000);
    const context = await browser.newContext();
    const first = await context.newPage();
    const second = await context.newPage();
    await signIn(first, attemptCustomer(ORDERS_CUSTOMER, info.retry), { open: false });

    // Tab 1: ¥10 paid by a cash voucher, nothing from the cash balance.
    await newOrder(first, /Serverless/, "1");
    await first.getByLabel("Discount voucher").selectOption({ label: "No discount" });
    await expect(plan(first)).toContainText("Cash balance¥0.00");
    // The plan's own list: the region also explains the vouchers left out, by id.
    const voucher = /Cash voucher (vch_[0-9a-z]+)/.exec(await plan(first).locator("dl").innerText())?.[1];
    expect(voucher).toBeTruthy();

    // Tab 2: a large order spends every cash voucher, that one included. Pay pays the plan shown, so
    // wait until it is this order's (¥600, no discount, all from vouchers): the form's first plan
    // (¥10 with the default discount) names the voucher too, among those a discount leaves out.
    await newOrder(second, /Serverless/, "60");
    await second.getByLabel("Discount voucher").selectOption({ label: "No discount" });
    await expect(plan(second)).toContainText("Order amount¥600.00");
    await expect(plan(second).locator("dl")).toContainText("Cash balance¥0.00");
    await expect(plan(second).locator("dl")).toContainText(voucher!);
    await second.getByRole("button", { name: "Pay" }).click();
    // A payment and the order page's render: on a busy CI machine (the security suite runs beside) more than 5 s.
    await expect(second).toHaveURL(/\/billing\/orders\/ord_/, { timeout: 15_000 });
    const cashAfterSecond = await overviewAmount(second, "Cash balance");

    // Tab 1 pays the plan it showed: it no longer holds, so nothing is charged and it says why.
    await first.getByRole("button", { name: "Pay" }).click();
    // The refusal is a payment attempt too (a failed payment recorded, the plan asked again): as slow as one.
    await expect(first.getByRole("alert").filter({ hasText: voucher! })).toBeVisible({ timeout: 15_000 });
    await expect(first).toHaveURL(/\/billing\/orders\/new/);
    expect(await overviewAmount(second, "Cash balance")).toBe(cashAfterSecond);
    // The new plan is shown; Pay confirms it and the cash balance pays exactly its cash part, once.
    // (The region also holds the failure message, which names the voucher: look at the plan's list only.)
    const planList = plan(first).locator("dl");
    await expect(planList).not.toContainText(voucher!);
    await expect(first.getByRole("button", { name: "Pay" })).toBeEnabled();
    const cashPart = minorOf(/Cash balance\s*(-?¥[\d,]+\.\d{2})/.exec(await planList.innerText())![1]!);
    await first.getByRole("button", { name: "Pay" }).click();
    await expect(first).toHaveURL(/\/billing\/orders\/ord_/, { timeout: 15_000 });
    await expect(first.getByText("Paid", { exact: true })).toBeVisible();
    await expect(first.getByRole("region", { name: "Allocation", exact: true })).toContainText("Failure");
    expect(await overviewAmount(second, "Cash balance")).toBe(cashAfterSecond - cashPart);
    await context.close();
  });

  test("top up adds to the cash balance; bad amounts get a clear message", async ({ page }, info) => {
    await signIn(page, attemptCustomer(ORDERS_CUSTOMER, info.retry), { open: false });
    const before = await overviewAmount(page, "Cash balance");
    await page.goto("/billing/orders");
    await page.getByLabel("Top-up amount (¥)").fill("-5");
    await page.getByRole("button", { name: "Top up" }).click();
    await expect(page.getByText("Enter an amount between ¥0.01 and ¥1,000,000.00.")).toBeVisible();
    await page.getByLabel("Top-up amount (¥)").fill("123.45");
    await page.getByRole("button", { name: "Top up" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Topped up" })).toBeVisible();
    expect(await overviewAmount(page, "Cash balance")).toBe(before + 12_345);
  });
});
