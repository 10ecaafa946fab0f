import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { ALICE, minorOf, signIn } from "./fixtures";

const TABS = { cash: "Cash Vouchers", discount: "Discount Vouchers", compute: "Computing Power Vouchers" } as const;
type Kind = keyof typeof TABS;
const KINDS = Object.keys(TABS) as Kind[];

const panelOf = (page: Page, kind: Kind) => page.getByRole("tabpanel", { name: TABS[kind] });
const statusSelect = (panel: Locator) => panel.getByLabel("Status", { exact: true });

/** The Status column of the panel's table, one entry per row. */
async function rowStatuses(panel: Locator): Promise<string[]> {
  const table = panel.getByRole("table");
  await expect(table).toBeVisible();
  return (await table.locator("tbody tr td:nth-child(2)").allInnerTexts()).map((t) => t.trim());
}

/** The six amounts of a stored-value tab's summary, in minor units. */
async function amountsOf(panel: Locator, kind: Kind) {
  const summary = panel.getByLabel(`${TABS[kind]} amounts`);
  const amount = async (label: string) => minorOf(await summary.getByText(label, { exact: true }).locator("xpath=following-sibling::dd").innerText());
  return {
    total: await amount("Total face value"),
    used: await amount("Used"),
    expired: await amount("Expired"),
    voided: await amount("Voided"),
    notEffective: await amount("Not effective"),
    balance: await amount("Balance"),
  };
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test.describe("[BILLING][VOUCHER LIST] tabs, filters and the overview", () => {
  // Most tests open a filtered tab first; the others open /billing themselves.
  test.beforeEach(async ({ page }) => {
    await signIn(page, ALICE, { open: false });
  });

  for (const kind of ["cash", "compute"] as const) {
    test(`[FILTER] Status=Expired on ${TABS[kind]} shows only Expired rows, and the summary obeys the formula for them`, async ({ page }) => {
      await page.goto(`/billing?tab=${kind}`);
      const panel = panelOf(page, kind);
      const before = await amountsOf(panel, kind);
      await statusSelect(panel).selectOption({ label: "Expired" });
      await panel.getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(new RegExp(`[?&]tab=${kind}&status=expired(&|$)`));

      const statuses = await rowStatuses(panel);
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(["Expired"]));

      const after = await amountsOf(panel, kind);
      expect(after.balance).toBe(after.total - after.used - after.expired - after.voided - after.notEffective);
      // Only expired vouchers are summed: their face value is what was used plus what expired.
      expect(after.expired).toBeGreaterThan(0);
      expect([after.balance, after.voided, after.notEffective]).toEqual([0, 0, 0]);
      expect(after.total).toBe(after.used + after.expired);
      expect(after.total).toBeLessThan(before.total);
      await expect(panel.getByText("Totals of the vouchers that match these filters.")).toBeVisible();
    });
  }

  test("[FILTER] the filter survives a reload, and Back returns to the previous filter", async ({ page }) => {
    await page.goto("/billing?tab=compute");
    const panel = panelOf(page, "compute");
    await statusSelect(panel).selectOption("expired");
    await panel.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=expired/);
    await expect.poll(() => rowStatuses(panel)).toEqual(["Expired"]);

    await statusSelect(panel).selectOption("voided");
    await panel.getByLabel("Expires to").fill("2099-12-31");
    await panel.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/tab=compute&status=voided&expiresTo=2099-12-31/);
    await expect.poll(() => rowStatuses(panel)).toEqual(["Voided"]);

    await page.reload();
    await expect(page.getByRole("tab", { name: TABS.compute })).toHaveAttribute("aria-selected", "true");
    await expect(statusSelect(panel)).toHaveValue("voided");
    await expect(panel.getByLabel("Expires to")).toHaveValue("2099-12-31");
    await expect.poll(() => rowStatuses(panel)).toEqual(["Voided"]);

    await page.goBack();
    await expect(page).toHaveURL(/tab=compute&status=expired$/);
    await expect(statusSelect(panel)).toHaveValue("expired");
    await expect(panel.getByLabel("Expires to")).toHaveValue("");
    await expect.poll(() => rowStatuses(panel)).toEqual(["Expired"]);
  });

  test("[TABS] switching tabs updates the URL, by mouse and by keyboard, and Back goes to the previous tab", async ({ page }) => {
    await page.goto("/billing");
    await expect(page.getByRole("tab", { name: TABS.cash })).toHaveAttribute("aria-selected", "true");
    await page.getByRole("tab", { name: TABS.compute }).click();
    await expect(page).toHaveURL(/\/billing\?tab=compute$/);
    await expect(panelOf(page, "compute").getByRole("columnheader", { name: "Providers" })).toBeVisible();

    // Manual activation: arrows move focus, Enter opens the tab.
    await page.getByRole("tab", { name: TABS.compute }).focus();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("tab", { name: TABS.discount })).toBeFocused();
    await expect(page).toHaveURL(/tab=compute$/);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/billing\?tab=discount$/);
    await expect(panelOf(page, "discount").getByRole("columnheader", { name: "Terms" })).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL(/tab=compute$/);
    await expect(page.getByRole("tab", { name: TABS.compute })).toHaveAttribute("aria-selected", "true");
    await expect(panelOf(page, "compute").getByRole("heading", { name: TABS.compute })).toBeVisible();
  });

  test("[TABS] each tab has its heading and its Redeem button", async ({ page }) => {
    for (const kind of KINDS) {
      await page.goto(`/billing?tab=${kind}`);
      const panel = panelOf(page, kind);
      await expect(panel.getByRole("heading", { name: TABS[kind] })).toBeVisible();
      await expect(panel.getByRole("button", { name: "Redeem" })).toBeVisible();
    }
  });

  test("[OVERVIEW] each expiring-soon link opens its tab filtered to it", async ({ page }) => {
    // Two page loads per expiring voucher (three or more): more than 30 s on CI's busy machine.
    test.slow();
    await page.goto("/billing");
    const expiring = page.getByRole("region", { name: "Expiring within 7 days" });
    const items = expiring.getByRole("listitem");
    await expect(items.first()).toBeVisible();
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(3);
    const entries: Array<{ id: string; kind: Kind; href: string }> = [];
    for (let i = 0; i < count; i++) {
      const link = items.nth(i).getByRole("link");
      const text = await items.nth(i).innerText();
      const kind = KINDS.find((k) => text.includes(TABS[k]));
      if (!kind) throw new Error(`no kind in ${text}`);
      entries.push({ id: (await link.innerText()).trim(), kind, href: (await link.getAttribute("href")) ?? "" });
    }
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(KINDS));

    for (const entry of entries) {
      await page.goto("/billing");
      await expiring.getByRole("link", { name: entry.id }).click();
      await expect(page).toHaveURL(new RegExp(`tab=${entry.kind}&status=available&expiresTo=\\d{4}-\\d{2}-\\d{2}$`));
      const panel = panelOf(page, entry.kind);
      await expect(page.getByRole("tab", { name: TABS[entry.kind] })).toHaveAttribute("aria-selected", "true");
      await expect(statusSelect(panel)).toHaveValue("available");
      await expect(panel.getByRole("cell", { name: entry.id }).first()).toBeVisible();
      expect(new Set(await rowStatuses(panel))).toEqual(new Set(["Available"]));
    }
  });

  test("[EMPTY] a filter that matches nothing says so and offers to clear it", async ({ page }) => {
    await page.goto("/billing?tab=cash&status=available&expiresFrom=2099-01-01");
    const panel = panelOf(page, "cash");
    await expect(panel.getByText("No vouchers match these filters.")).toBeVisible();
    await expect(panel.getByRole("table")).toHaveCount(0);
    const summary = await amountsOf(panel, "cash");
    expect(summary).toEqual({ total: 0, used: 0, expired: 0, voided: 0, notEffective: 0, balance: 0 });
    await panel.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/billing\?tab=cash$/);
    await expect(statusSelect(panel)).toHaveValue("");
    expect((await rowStatuses(panel)).length).toBeGreaterThan(0);
  });

  test("[FILTER] bad values in the URL are explained next to their fields, never an error page", async ({ page }) => {
    const response = await page.goto("/billing?tab=discount&status=deleted&expiresFrom=2026-02-30&cursor=tampered");
    expect(response?.status()).toBe(200);
    const panel = panelOf(page, "discount");
    await expect(panel.getByText("Choose a status from the list.")).toBeVisible();
    await expect(panel.getByText("Expires from: there is no such day.")).toBeVisible();
    await expect(panel.getByLabel("Expires from")).toHaveAttribute("aria-invalid", "true");
    await expect(panel.getByRole("status").filter({ hasText: "That page link was not valid, so the first page is shown." })).toBeVisible();
    expect((await rowStatuses(panel)).length).toBeGreaterThan(0);

    await page.goto("/billing?tab=cash&expiresFrom=2026-07-01&expiresTo=2026-06-01");
    const cash = panelOf(page, "cash");
    await expect(cash.getByText("Expires to must be on or after Expires from.")).toBeVisible();
    await expect(cash.getByLabel("Expires from")).toHaveValue("2026-07-01");
  });

  test("[KEYBOARD] the filter form works with the keyboard alone", async ({ page }) => {
    await page.goto("/billing?tab=discount");
    const panel = panelOf(page, "discount");
    const apply = panel.getByRole("button", { name: "Apply" });
    await statusSelect(panel).focus();
    // Type-ahead picks "Voided" in a closed select.
    await page.keyboard.type("Voi");
    await expect(statusSelect(panel)).toHaveValue("voided");
    await page.keyboard.press("Tab");
    await expect(panel.getByLabel("Expires from")).toBeFocused();
    // Chromium's date field takes the digits of its month, day and year segments.
    await page.keyboard.type("01012020");
    await expect(panel.getByLabel("Expires from")).toHaveValue("2020-01-01");
    for (let i = 0; i < 10 && !(await apply.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await expect(apply).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/tab=discount&status=voided&expiresFrom=2020-01-01$/);
    await expect.poll(() => rowStatuses(panel)).toEqual(["Voided"]);

    // Focus stays on Apply after the navigation, and Clear is next in the tab order.
    await expect(apply).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(panel.getByRole("link", { name: "Clear" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/billing\?tab=discount$/);
    await expect(statusSelect(panel)).toHaveValue("");
    await expect(panel.getByLabel("Expires from")).toHaveValue("");
    await expect(panel.getByRole("link", { name: "Clear" })).toBeFocused();
  });

  test("[COPY] a voucher ID is copied and the copy announced", async ({ page, context }) => {
    await page.goto("/billing");
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const panel = panelOf(page, "cash");
    const button = panel.getByRole("button", { name: /^Copy voucher ID vch_/ }).first();
    const id = ((await button.getAttribute("aria-label")) ?? "").replace("Copy voucher ID ", "");
    expect(id).toMatch(/^vch_[0-9a-z]{16}$/);
    await button.click();
    await expect(panel.getByText("Copied", { exact: true })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);
  });

  test("[A11Y] an invalid filter's messages have no serious accessibility violations", async ({ page }) => {
    // Each tab's own axe run is the 375 px test's below (the markup is the same at every width).
    await page.goto("/billing?tab=cash&expiresFrom=2026-02-30&status=voided&expiresTo=2000-01-01");
    await expect(panelOf(page, "cash").getByText("Expires from: there is no such day.")).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("[A11Y] at 375 px every tab fits the width and passes axe", async ({ page }) => {
    test.slow();
    await page.setViewportSize({ width: 375, height: 800 });
    for (const kind of KINDS) {
      await page.goto(`/billing?tab=${kind}&status=available`);
      await expect(panelOf(page, kind).getByRole("table")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, TABS[kind]).toBeLessThanOrEqual(0);
      await expectNoSeriousViolations(page);
    }
  });
});
