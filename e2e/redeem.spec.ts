import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { generateCode } from "../lib/vouchers/code-crypto";
import { ALICE, BOB, demoCode, minorOf, signIn } from "./fixtures";

const TAB = { cash: "Cash Vouchers", discount: "Discount Vouchers", compute: "Computing Power Vouchers" } as const;

async function openTab(page: Page, kind: keyof typeof TAB): Promise<Locator> {
  await page.getByRole("tab", { name: TAB[kind] }).click();
  const panel = page.getByRole("tabpanel", { name: TAB[kind] });
  await expect(panel).toBeVisible();
  return panel;
}

async function openDialog(panel: Locator, page: Page): Promise<Locator> {
  await panel.getByRole("button", { name: "Redeem" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  return dialog;
}

const amountIn = async (scope: Locator, label: string) =>
  minorOf(await scope.getByText(label, { exact: true }).first().locator("xpath=following-sibling::dd").innerText());

test.describe("[REDEEM] redeeming codes in the browser", () => {
  for (const [kind, slot] of [
    ["cash", 0],
    ["compute", 0],
  ] as const) {
    test(`a ${kind} code: Check shows the details, Redeem adds it and the list, summary and overview follow`, async ({ page }, info) => {
      await signIn(page, ALICE);
      const panel = await openTab(page, kind);
      const totalBefore = await amountIn(panel, "Total face value");
      const balanceBefore = await amountIn(panel, "Balance");
      const overviewLabel = kind === "cash" ? "Cash vouchers balance" : "Computing power vouchers balance";
      const overviewBefore = await amountIn(page.getByLabel("Account overview"), overviewLabel);

      const dialog = await openDialog(panel, page);
      await dialog.getByLabel("Redemption code").fill(demoCode(kind, slot, info.retry));
      await dialog.getByRole("button", { name: "Check" }).click();
      const details = dialog.getByLabel("Voucher details");
      await expect(details).toContainText(kind === "cash" ? "¥100.00" : "¥200.00");
      if (kind === "compute") await expect(details).toContainText("MaxXIntel, Muxi");
      await dialog.getByRole("button", { name: "Redeem" }).click();
      await expect(dialog).toBeHidden();
      const status = page.getByRole("status").filter({ hasText: /was added/ });
      await expect(status).toBeVisible();
      const publicId = /vch_[0-9a-z]+/.exec(await status.innerText())![0];

      const face = kind === "cash" ? 10_000 : 20_000;
      await expect.poll(() => amountIn(panel, "Total face value")).toBe(totalBefore + face);
      expect(await amountIn(panel, "Balance")).toBe(balanceBefore + face);
      expect(await amountIn(page.getByLabel("Account overview"), overviewLabel)).toBe(overviewBefore + face);
      await expect(panel.getByRole("cell", { name: publicId })).toBeVisible();
    });
  }

  test("a discount code: Check shows its terms, Redeem adds an available discount voucher", async ({ page }, info) => {
    await signIn(page, ALICE);
    const panel = await openTab(page, "discount");
    const count = async (scope: Locator, label: string) =>
      Number(await scope.getByText(label, { exact: true }).first().locator("xpath=following-sibling::dd").innerText());
    const counts = panel.getByLabel("Discount Vouchers by status");
    const availableBefore = await count(counts, "Available");
    const overviewBefore = await count(page.getByLabel("Account overview"), "Discount vouchers available");
    const dialog = await openDialog(panel, page);
    await dialog.getByLabel("Redemption code").fill(demoCode("discount", 0, info.retry));
    await dialog.getByRole("button", { name: "Check" }).click();
    await expect(dialog.getByLabel("Voucher details")).toContainText("¥50.00 off orders of ¥200.00 or more");
    await expect(dialog.getByLabel("Voucher details")).toContainText("30 days from redemption");
    await dialog.getByRole("button", { name: "Redeem" }).click();
    await expect(dialog).toBeHidden();
    const publicId = /vch_[0-9a-z]+/.exec(await page.getByRole("status").filter({ hasText: /was added/ }).innerText())![0];
    await expect(panel.getByRole("row").filter({ hasText: publicId })).toContainText("Available");
    expect(await count(counts, "Available")).toBe(availableBefore + 1);
    expect(await count(page.getByLabel("Account overview"), "Discount vouchers available")).toBe(overviewBefore + 1);
  });

  test("each error has its own message in the alert region", async ({ page }, info) => {
    await signIn(page, ALICE);
    const dialog = await openDialog(await openTab(page, "cash"), page);
    const code = dialog.getByLabel("Redemption code");
    const alert = dialog.getByRole("alert");
    const check = dialog.getByRole("button", { name: "Check" });

    await code.fill("ABCD-1234");
    await check.click();
    await expect(alert).toHaveText(/format is incorrect: computing power codes have 16 digits/);

    const valid = demoCode("cash", 1, info.retry);
    await code.fill(valid.slice(0, 19) + (valid[19] === "0" ? "1" : "0"));
    await check.click();
    await expect(alert).toHaveText(/a character seems mistyped/);

    await code.fill(generateCode("base32x20"));
    await check.click();
    await expect(alert).toHaveText(/This code is invalid/);

    await code.fill(demoCode("compute", 1, info.retry));
    await check.click();
    await expect(alert).toHaveText("This is a computing power voucher code. Redeem it on the Computing Power Vouchers tab.");

    await code.fill(valid);
    await dialog.getByRole("button", { name: "Redeem" }).click();
    await expect(dialog).toBeHidden();
    const again = await openDialog(page.getByRole("tabpanel", { name: TAB.cash }), page);
    await again.getByLabel("Redemption code").fill(valid);
    await again.getByRole("button", { name: "Redeem" }).click();
    await expect(again.getByRole("alert")).toHaveText("This code has already been redeemed to your account.");
  });

  test("keyboard only: open, check, redeem; Escape closes and focus returns to the button", async ({ page }, info) => {
    await signIn(page, ALICE);
    const panel = await openTab(page, "cash");
    const trigger = panel.getByRole("button", { name: "Redeem" });
    await trigger.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Redemption code")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(trigger).toBeFocused();

    await page.keyboard.press("Enter");
    await page.keyboard.type(demoCode("cash", 2, info.retry));
    await page.keyboard.press("Enter"); // submits Check
    await expect(dialog.getByLabel("Voucher details")).toBeVisible();
    // Focus stays inside the dialog: tab to Redeem and press it.
    for (let i = 0; i < 6 && !(await dialog.getByRole("button", { name: "Redeem" }).evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(dialog.getByRole("button", { name: "Redeem" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: /was added/ })).toBeVisible();
  });

  test("the open dialog has no serious accessibility violations and fits 375 px", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, ALICE);
    const dialog = await openDialog(await openTab(page, "compute"), page);
    await dialog.getByLabel("Redemption code").fill("1234");
    await dialog.getByRole("button", { name: "Check" }).click();
    await expect(dialog.getByRole("alert")).not.toBeEmpty();
    const results = await new AxeBuilder({ page }).include("[role=dialog]").analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  });

  test("too many attempts lock the account with a 'try again in N minutes' message", async ({ page }) => {
    // Up to 27 checks, each a server action that writes its attempt: on CI's busy machine more than 30 s.
    test.setTimeout(90_000);
    await signIn(page, BOB);
    const dialog = await openDialog(await openTab(page, "cash"), page);
    const alert = dialog.getByRole("alert");
    // The e2e server allows 25 attempts per account per window (playwright.config.ts).
    for (let i = 0; i < 26; i++) {
      await dialog.getByLabel("Redemption code").fill(generateCode("base32x20"));
      await dialog.getByRole("button", { name: "Check" }).click();
      await expect(alert).toHaveText(/invalid|Too many attempts/);
      if (/Too many/.test(await alert.innerText())) break;
    }
    await expect(alert).toHaveText(/^Too many attempts\. Try again in (15|14) minutes\.$/);
    // Even a valid code is refused now.
    await dialog.getByLabel("Redemption code").fill(demoCode("cash", 7));
    await dialog.getByRole("button", { name: "Check" }).click();
    await expect(alert).toHaveText(/^Too many attempts/);
  });
});
