import { expect, test, type Page } from "@playwright/test";
import { ADMIN, ALICE } from "./fixtures";
import { chineseContext, seriousAxeViolations, signInZh, untranslatedText, zh } from "./i18n-support";

/**
 * Every customer and admin page in zh-CN (docs/i18n.md): no visible Latin text but
 * data, identifiers and the short allowlist; `<html lang="zh-CN">`; and axe's
 * language and naming rules find no serious violation in Chinese either (the
 * English suites run every rule on the same pages: e2e/i18n-support.ts).
 */
async function sweep(page: Page, paths: string[]) {
  const problems: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    problems.push(...(await untranslatedText(page)).map((word) => `${path}: ${word}`));
    problems.push(...(await seriousAxeViolations(page, path)));
  }
  expect(problems).toEqual([]);
}

async function firstLink(page: Page, list: string, prefix: string): Promise<string> {
  await page.goto(list);
  const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href");
  expect(href, `a ${prefix}… link on ${list}`).toBeTruthy();
  return href!;
}

test.describe("[I18N] every page in Chinese", () => {
  test("the customer's pages, and the sign-in page", async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await page.goto("/sign-in");
    const signInProblems = [...(await untranslatedText(page)), ...(await seriousAxeViolations(page, "/sign-in"))];
    expect(signInProblems).toEqual([]);
    await signInZh(page, ALICE);
    const paths = ["/billing", "/billing?tab=discount", "/billing?tab=compute", "/billing?tab=cash&status=expired", "/billing/orders", "/billing/orders/new", "/billing/usage", "/billing/usage?status=failure", "/billing/statements", "/billing/statements?kind=compute&month=2020-01", "/billing/nothing-here"];
    // Refused filters: their explanations are in Chinese too.
    paths.push("/billing?tab=cash&expiresFrom=2026-02-30&expiresTo=x", "/billing/usage?voucher=nope&from=2026-13-01&status=maybe", "/billing/statements?kind=gift&month=2099-01");
    paths.push(await firstLink(page, "/billing/orders", "/billing/orders/ord_"));
    await sweep(page, paths);
    // A customer on an admin page: the 403 page, in Chinese.
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: zh.common.forbiddenTitle })).toBeVisible();
    expect(await untranslatedText(page)).toEqual([]);
    await context.close();
  });

  test("the admin console", async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await signInZh(page, ADMIN);
    const paths = ["/admin", "/admin/batches", "/admin/vouchers", "/admin/vouchers/grant", "/admin/accounts", "/admin/orders", "/admin/catalog", "/admin/audit", "/admin/api-keys"];
    // Refused filters: their explanations are in Chinese too.
    paths.push("/admin/audit?action=Not!An!Action&target=x%20y", "/admin/vouchers?email=not-an-email", "/admin/orders?status=bogus");
    paths.push(await firstLink(page, "/admin/batches", "/admin/batches/bat_"));
    paths.push(await firstLink(page, "/admin/accounts", "/admin/accounts/acc_"));
    paths.push(await firstLink(page, "/admin/orders", "/admin/orders/ord_"));
    paths.push(await firstLink(page, `/admin/vouchers?email=${encodeURIComponent(ALICE)}`, "/admin/vouchers/vch_"));
    await sweep(page, paths);
    await context.close();
  });
});
