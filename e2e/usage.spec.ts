import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, ALICE, BOB, minorOf, parseCsv, signIn } from "./fixtures";

interface Row {
  voucherId: string;
  amount: number;
  status: string;
  reason: string;
}

/** The rows of the usage table as shown (columns of SPEC 7, in page order). */
async function tableRows(page: Page): Promise<Row[]> {
  const region = page.getByRole("region", { name: "Usage records" });
  await expect(region).toBeVisible();
  const rows: Row[] = [];
  for (const row of await region.getByRole("row").all()) {
    const cells = await row.getByRole("cell").allInnerTexts();
    if (cells.length === 0) continue; // the header row has column headers, not cells
    const voucherId = cells[1]!.trim();
    rows.push({
      voucherId: /^vch_[0-9a-z]+$/.test(voucherId) ? voucherId : "",
      amount: minorOf(cells[5]!),
      status: cells[7]!.trim(),
      reason: cells[8]!.trim(),
    });
  }
  return rows;
}

/** "123.45" → 12345, exactly. */
const minorOfDecimal = (text: string) => {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`not a decimal amount: ${text}`);
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === "-" ? -value : value;
};

test.describe("[BILLING][USAGE] Usage history", () => {
  test("filtering by one Voucher ID shows exactly its records, survives reload, and the CSV holds the same rows", async ({ page }) => {
    await signIn(page, ALICE, { open: "/billing/usage" });
    await expect(page).toHaveTitle(/Usage history/);
    await expect(page.getByRole("heading", { level: 1, name: "Usage history" })).toBeVisible();

    // The seeded expired voucher: a deduction, then a failed attempt after expiry.
    // Nothing else can spend it, so tests running alongside can't change its records.
    const all = await tableRows(page);
    await expect(page.getByRole("link", { name: "Next page" })).toHaveCount(0);
    const voucherId = all.find((r) => r.reason.endsWith("has expired, so it can't pay for this order."))?.voucherId;
    expect(voucherId).toMatch(/^vch_/);
    const expected = all.filter((r) => r.voucherId === voucherId);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(all.length).toBeGreaterThan(expected.length);

    await page.getByLabel("Voucher ID").fill(voucherId!);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]voucher=${voucherId}(&|$)`));
    await expect(page.getByRole("region", { name: "Usage records" }).getByRole("row")).toHaveCount(expected.length + 1);
    expect(await tableRows(page)).toEqual(expected);

    await page.reload();
    await expect(page.getByLabel("Voucher ID")).toHaveValue(voucherId!);
    expect(await tableRows(page)).toEqual(expected);

    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe("usage-history.csv");
    const text = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual(["Time", "Voucher ID", "Order ID", "Kind", "Type", "Amount (CNY)", "Balance after (CNY)", "Status", "Reason"]);
    expect(records).toHaveLength(expected.length);
    expect(records.map((r) => r[1])).toEqual(expected.map((r) => r.voucherId));
    expect(records.map((r) => minorOfDecimal(r[5]!))).toEqual(expected.map((r) => r.amount));
    expect(records.map((r) => r[7])).toEqual(expected.map((r) => r.status.toLowerCase()));
    for (const r of records) expect(r[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

    // Back returns to the unfiltered history.
    await page.goBack();
    await expect(page).not.toHaveURL(/voucher=/);
    await expect(page.getByLabel("Voucher ID")).toHaveValue("");
  });

  test("each voucher tab links to its own usage history", async ({ page }) => {
    await signIn(page, BOB, { open: "/billing?tab=compute" });
    await page.getByRole("link", { name: "Usage history of Computing Power Vouchers" }).click();
    await expect(page).toHaveURL(/\/billing\/usage\?kind=compute$/);
    await expect(page.getByLabel("Kind")).toHaveValue("compute");
    const region = page.getByRole("region", { name: "Usage records" });
    const kinds = await region.locator("tbody tr td:nth-child(4)").allInnerTexts();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds.map((k) => k.trim()))).toEqual(new Set(["Computing power voucher"]));
  });

  test("another account's Voucher ID shows nothing", async ({ browser }) => {
    const bobContext = await browser.newContext();
    const bob = await bobContext.newPage();
    await signIn(bob, BOB, { open: "/billing/usage" });
    const bobsVoucher = (await tableRows(bob)).find((r) => r.voucherId !== "")!.voucherId;
    await bobContext.close();

    const aliceContext = await browser.newContext();
    const alice = await aliceContext.newPage();
    await signIn(alice, ALICE, { open: `/billing/usage?voucher=${bobsVoucher}` });
    await expect(alice.getByText("No usage records match these filters.")).toBeVisible();
    await expect(alice.getByRole("region", { name: "Usage records" })).toHaveCount(0);
    const csv = await alice.request.get(`/billing/usage/export?voucher=${bobsVoucher}`);
    expect(csv.status()).toBe(200);
    expect(parseCsv((await csv.text()).replace(/^\uFEFF/, ""))).toHaveLength(1);
    await aliceContext.close();
  });

  test("a malformed filter is explained under its field, never a 500, and the export refuses it", async ({ page }) => {
    await signIn(page, ALICE, { open: false });
    const response = await page.goto("/billing/usage?voucher=VCH-123&from=2026-07-02&to=2026-07-01");
    expect(response?.status()).toBe(200);
    await expect(page.getByLabel("Voucher ID")).toHaveAccessibleDescription("Voucher IDs look like vch_…");
    await expect(page.getByLabel("From")).toHaveAccessibleDescription("From must be on or before To.");
    await expect(page.getByRole("region", { name: "Usage records" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);

    const csv = await page.request.get("/billing/usage/export?status=maybe");
    expect(csv.status()).toBe(400);
    expect(await csv.text()).toContain("status: Choose a status from the list.");
  });

  test("the export refuses signed-out callers with 401, not a redirect", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL: baseURL! });
    // A visitor whose session ended still sends the stale cookie; the route itself must refuse.
    const stale = await anonymous.get("/billing/usage/export", {
      maxRedirects: 0,
      headers: { cookie: "better-auth.session_token=stale.token; __Secure-better-auth.session_token=stale.token" },
    });
    expect(stale.status()).toBe(401);
    expect(stale.headers()["content-type"]).toContain("text/plain");
    // No cookie at all.
    const none = await anonymous.get("/billing/usage/export", { maxRedirects: 0 });
    expect(none.status()).toBe(401);
    await anonymous.dispose();
  });

  test("the export refuses a user without a billing account with 403", async ({ page }) => {
    await signIn(page, ADMIN);
    const response = await page.request.get("/billing/usage/export", { maxRedirects: 0 });
    expect(response.status()).toBe(403);
  });

  test("has no serious accessibility violations and fits 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, ALICE, { open: "/billing/usage" });
    await expect(page.getByRole("region", { name: "Usage records" })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The wide table scrolls inside its own region, which the keyboard can reach.
    await page.getByRole("region", { name: "Usage records" }).focus();
    await expect(page.getByRole("region", { name: "Usage records" })).toBeFocused();
  });
});
