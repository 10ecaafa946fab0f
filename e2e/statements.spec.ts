import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Download, type Locator, type Page } from "@playwright/test";
import { addMonths } from "../lib/insights/month";
import { ADMIN, ALICE, minorOf, parseCsv, signIn } from "./fixtures";
import { chineseContext, signInZh, zh } from "./i18n-support";

/**
 * The monthly statement (issue 17): the formula with accessible names, the month
 * and kind in the URL, links to the records, the CSV in English and Chinese, axe
 * and 375 px. Alice's seeded history spans the last three months and more; other
 * specs may add to it, so every check here is a relation (the identity, the chain),
 * not a pinned figure.
 */

const LINES = ["opening", "redeemed", "refunded", "used", "expired", "voided", "closing"] as const;
type Line = (typeof LINES)[number];

/** The formula's amounts as shown, by line. */
async function formula(page: Page): Promise<Record<Line, number>> {
  const table = page.getByRole("table", { name: /Opening balance \+ redeemed/ });
  await expect(table).toBeVisible();
  const out = {} as Record<Line, number>;
  for (const line of LINES) out[line] = minorOf(await table.locator(`tr[data-line="${line}"] td`).first().innerText());
  return out;
}

const identity = (f: Record<Line, number>) => f.opening + f.redeemed + f.refunded - f.used - f.expired - f.voided;

/** "YYYY-MM" of the page shown, from the URL after a link (or the heading on the default page). */
async function shownMonth(page: Page): Promise<string> {
  const heading = await page.getByRole("heading", { level: 2 }).first().innerText();
  const month = /(\d{4}-\d{2})/.exec(heading)?.[1];
  expect(month, `a month in "${heading}"`).toBeTruthy();
  return month!;
}

const minorOfDecimal = (text: string) => Math.round(Number(text) * 100);

async function downloadCsv(page: Page, link: Locator): Promise<{ name: string; rows: string[][] }> {
  const downloadPromise: Promise<Download> = page.waitForEvent("download");
  await link.click();
  const download = await downloadPromise;
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return { name: download.suggestedFilename(), rows: parseCsv(text.replace(/^\uFEFF/, "")) };
}

/** The file's formula rows reconcile: opening + the signed lines = closing, and each line's details sum to it. */
function checkCsvFormula(rows: string[][], names: readonly string[]) {
  const formulaRows = rows.slice(1, 8);
  expect(formulaRows.map((r) => r[0])).toEqual(names);
  const amounts = formulaRows.map((r) => minorOfDecimal(r[4]!));
  expect(amounts.slice(0, 6).reduce((a, b) => a + b, 0)).toBe(amounts[6]);
  const details = rows.slice(10);
  for (const [i, name] of names.slice(1, 6).entries()) {
    const mine = details.filter((r) => r[0] === name).map((r) => minorOfDecimal(r[4]!));
    if (mine.length > 0) expect(mine.reduce((a, b) => a + b, 0)).toBe(amounts[i + 1]);
  }
}

test.describe("Monthly statement", () => {
  // Several pages and a download per test, on a machine shared by parallel suites.
  test.describe.configure({ timeout: 120_000 });

  test("the Statements link opens this month's cash statement; the formula has accessible names and reconciles", async ({ page }) => {
    await signIn(page, ALICE);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Statements" }).click();
    await expect(page).toHaveURL(/\/billing\/statements$/);
    await expect(page.getByRole("heading", { level: 1, name: "Monthly statement" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Cash vouchers" })).toHaveAttribute("aria-current", "page");
    const table = page.getByRole("table", { name: /Opening balance \+ redeemed \+ refunded − used − expired − voided = closing balance/ });
    for (const name of ["Opening balance", "plus Redeemed", "plus Refunded to vouchers", "minus Used", "minus Expired", "minus Voided", "equals Closing balance so far"]) {
      await expect(table.getByRole("rowheader", { name, exact: true })).toBeVisible();
    }
    await expect(page.getByText(/This month so far/)).toBeVisible();
    const f = await formula(page);
    expect(identity(f)).toBe(f.closing);
    await expect(page.getByRole("heading", { name: "Not yet effective" })).toBeVisible();
  });

  test("months and kinds live in the URL: previous, next, back, reload; each month's closing is the next one's opening", async ({ page }) => {
    await signIn(page, ALICE, { open: "/billing/statements" });
    const current = await shownMonth(page);
    const thisMonth = await formula(page);
    const previous = addMonths(current, -1);

    await page.getByRole("navigation", { name: "Months" }).getByRole("link", { name: `Previous month (${previous})` }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]month=${previous}(&|$)`));
    await expect(page.getByRole("heading", { level: 2, name: `Cash vouchers, ${previous}` })).toBeVisible();
    const before = await formula(page);
    expect(identity(before)).toBe(before.closing);
    expect(before.closing).toBe(thisMonth.opening);
    await expect(page.getByRole("rowheader", { name: "equals Closing balance", exact: true })).toBeVisible();

    await page.reload();
    expect(await formula(page)).toEqual(before);

    await page.getByRole("link", { name: "Computing power vouchers" }).click();
    await expect(page).toHaveURL(new RegExp(`kind=compute&month=${previous}$`));
    await expect(page.getByRole("heading", { level: 2, name: `Computing power vouchers, ${previous}` })).toBeVisible();
    const compute = await formula(page);
    expect(identity(compute)).toBe(compute.closing);

    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`kind=cash&month=${previous}$`));
    await page.getByRole("link", { name: `Next month (${current})` }).click();
    await expect(page).toHaveURL(new RegExp(`month=${current}$`));
    await expect(page.getByRole("link", { name: /Next month/ })).toHaveCount(0);

    // A month in the seeded past moved money, and its used line leads to those records.
    let month = current;
    let found = false;
    for (let i = 0; i < 4 && !found; i++) {
      await page.goto(`/billing/statements?kind=cash&month=${month}`);
      const usedLink = page.getByRole("link", { name: "Used: View in usage history", exact: true });
      if ((await usedLink.count()) > 0) {
        found = true;
        await usedLink.click();
        await expect(page).toHaveURL(new RegExp(`/billing/usage\\?from=${month}-01&to=${month}-\\d{2}&status=success&kind=cash$`));
        await expect(page.getByRole("region", { name: "Usage records" })).toBeVisible();
      }
      month = addMonths(month, -1);
    }
    expect(found, "a month with used records in the seeded history").toBe(true);
  });

  test("a wrong kind or month is dropped and explained, never an error page", async ({ page }) => {
    await signIn(page, ALICE, { open: false });
    const response = await page.goto("/billing/statements?kind=gift&month=2099-01");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("status").filter({ hasText: "That kind of voucher has no statement" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "That month has not started yet" })).toBeVisible();
    await page.goto("/billing/statements?month=2026-13");
    await expect(page.getByRole("status").filter({ hasText: "That is not a month (YYYY-MM)" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Monthly statement" })).toBeVisible();
    const csv = await page.request.get("/billing/statements/export?kind=cash&month=2099-01");
    expect(csv.status()).toBe(400);
  });

  test("the CSV has the formula lines, then the details, in English", async ({ page }) => {
    await signIn(page, ALICE, { open: "/billing/statements" });
    const previous = addMonths(await shownMonth(page), -1);
    await page.goto(`/billing/statements?kind=cash&month=${previous}`);
    const shown = await formula(page);
    const { name, rows } = await downloadCsv(page, page.getByRole("link", { name: "Download CSV" }));
    expect(name).toBe(`statement-cash-${previous}.csv`);
    expect(rows[0]).toEqual(["Line", "Voucher ID", "Time", "Type", "Amount (CNY)"]);
    checkCsvFormula(rows, ["Opening balance", "Redeemed", "Refunded to vouchers", "Used", "Expired", "Voided", "Closing balance"]);
    expect(minorOfDecimal(rows[1]![4]!)).toBe(shown.opening);
    expect(minorOfDecimal(rows[7]![4]!)).toBe(shown.closing);
    expect(rows[8]![0]).toBe("Not yet effective, start of month");
  });

  test("in Chinese: the page and its CSV", async ({ browser }) => {
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await signInZh(page, ALICE);
    await page.goto("/billing/statements");
    await expect(page.getByRole("heading", { level: 1, name: zh.statements.heading })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: `${zh.statements.minus} ${zh.statements.lines.used}`, exact: true })).toBeVisible();
    const { rows } = await downloadCsv(page, page.getByRole("link", { name: zh.statements.exportCsv }));
    expect(rows[0]).toEqual(["项目", "代金券 ID", "时间", "类型", "金额（CNY）"]);
    const l = zh.statements.lines;
    checkCsvFormula(rows, [l.opening, l.redeemed, l.refunded, l.used, l.expired, l.voided, l.closingSoFar]);
    await context.close();
  });

  test("the export refuses a user without a billing account with 403, and a signed-out caller with 401", async ({ page }) => {
    const signedOut = await page.request.get("/billing/statements/export", { maxRedirects: 0 });
    expect(signedOut.status()).toBe(401);
    await signIn(page, ADMIN, { open: false });
    const response = await page.request.get("/billing/statements/export", { maxRedirects: 0 });
    expect(response.status()).toBe(403);
  });

  test("has no serious accessibility violations and fits 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, ALICE, { open: "/billing/statements" });
    const previous = addMonths(await shownMonth(page), -1);
    for (const path of ["/billing/statements", `/billing/statements?kind=compute&month=${previous}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${path} ${v.id}: ${v.help}`)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
  });
});
