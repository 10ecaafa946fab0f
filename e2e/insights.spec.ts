import { expect, test, type Locator } from "@playwright/test";
import { ALICE, minorOf, signIn } from "./fixtures";
import { chineseContext, signInZh, zh } from "./i18n-support";

/** The sum of a chart's "Total" column, opened from its disclosure. */
async function tableTotal(figure: Locator, showLabel: string): Promise<{ rows: number; total: number }> {
  await figure.getByText(showLabel, { exact: true }).click();
  const rows = figure.getByRole("table").locator("tbody tr");
  const totals = await rows.locator("td:last-child").allInnerTexts();
  return { rows: await rows.count(), total: totals.reduce((sum, t) => sum + minorOf(t), 0) };
}

// alice's history is read-only in every spec (spending flows use their own customers), so her figures are stable.
test.describe("where the money goes, on the Billing Center", () => {
  test("spend per day and per month by what paid it, each picture named by its summary and backed by a table", async ({ page }) => {
    await signIn(page, ALICE);
    const section = page.getByRole("region", { name: "Where the money goes" });
    await expect(section).toBeVisible();
    for (const [title, rows] of [
      ["Spend per day, last 30 days", 30],
      ["Spend per month, last 12 months", 12],
    ] as const) {
      const figure = section.getByRole("figure", { name: title });
      const summary = await figure.locator("p").first().innerText();
      // "¥412.00 spent: Computing power · MaxXIntel ¥72.00, Cash vouchers ¥90.00, …": the demo spends from every source.
      expect(summary).toMatch(/ spent: /);
      for (const source of ["Computing power · MaxXIntel", "Cash vouchers", "Discounts", "Cash balance"]) expect(summary).toContain(source);
      await expect(figure.getByRole("img", { name: summary })).toBeVisible();
      const table = await tableTotal(figure, "Show the numbers");
      expect(table.rows).toBe(rows);
      // The table's totals add up to the summary's amount, to the fen.
      expect(table.total).toBe(minorOf(summary));
    }
    const balances = section.getByRole("figure", { name: "Voucher balances, last 30 days" });
    await expect(balances.getByRole("img", { name: /^Now: cash vouchers ¥[\d,]+\.\d{2}, computing power vouchers/ })).toBeVisible();
    // Today's point is the overview's balance of each kind.
    const overview = page.getByLabel("Account overview");
    const cashNow = minorOf(await overview.getByText("Cash vouchers balance", { exact: true }).locator("xpath=following-sibling::dd").innerText());
    const summary = await balances.locator("p").first().innerText();
    expect(minorOf(summary.slice(summary.indexOf("cash vouchers")))).toBe(cashNow);
  });

  test("the forecast says what will expire unused and links to an order that would use it", async ({ page }) => {
    await signIn(page, ALICE);
    const forecast = page.getByRole("region", { name: "Will expire unused" });
    const lines = forecast.getByRole("listitem");
    await expect(lines.first()).toContainText(/^At your pace, ¥[\d,]+\.\d{2} of .+ will expire unused on \d{4}-\d{2}-\d{2}\./);
    const use = lines.first().getByRole("link", { name: /^Order to use it: ¥[\d,]+\.\d{2} of .+ before \d{4}-\d{2}-\d{2}$/ });
    await use.click();
    await expect(page).toHaveURL(/\/billing\/orders\/new\?product=prd_\w+&quantity=\d+/);
    const quantity = new URL(page.url()).searchParams.get("quantity");
    await expect(page.getByLabel("Quantity")).toHaveValue(quantity ?? "");
  });

  test("the charts fit 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, ALICE);
    await expect(page.getByRole("figure", { name: "Spend per day, last 30 days" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await page.getByRole("figure", { name: "Spend per day, last 30 days" }).getByRole("img").boundingBox();
    expect(box?.width).toBeLessThanOrEqual(375);
  });

  test("in Chinese: the same charts, summaries and forecast", async ({ browser }) => {
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await signInZh(page, ALICE);
    const t = zh.billing.insights;
    const section = page.getByRole("region", { name: t.heading });
    await expect(section).toBeVisible();
    const daily = section.getByRole("figure", { name: t.dailyTitle.replace("{days}", "30") });
    const summary = await daily.locator("p").first().innerText();
    expect(summary).toMatch(/^共支出 ¥[\d,]+\.\d{2}：/);
    await expect(daily.getByRole("img", { name: summary })).toBeVisible();
    expect((await tableTotal(daily, t.showTable)).total).toBe(minorOf(summary));
    await expect(section.getByRole("region", { name: t.forecastHeading }).getByRole("listitem").first()).toContainText(/^按您目前的用量，/);
    await context.close();
  });
});
