import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { ADMIN, ADMIN_FLOW_CUSTOMER, ALICE, minorOf, signIn } from "./fixtures";

// The flow spends dave's money (an e2e-only customer), so alice's balances, which
// other specs assert while this one runs, never move.
const CUSTOMER = ADMIN_FLOW_CUSTOMER;
const COMPUTE_TAB = "Computing Power Vouchers";

async function pageAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  // Every caller opens a page of its own first.
  await signIn(page, email, { open: false });
  return page;
}

/** The six amounts of the Computing Power tab's summary, in minor units. */
async function computeAmounts(page: Page) {
  await page.goto("/billing?tab=compute");
  const summary = page.getByRole("tabpanel", { name: COMPUTE_TAB }).getByLabel(`${COMPUTE_TAB} amounts`);
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

async function cashBalance(page: Page): Promise<number> {
  await page.goto("/billing");
  const overview = page.getByLabel("Account overview");
  return minorOf(await overview.getByText("Cash balance", { exact: true }).first().locator("xpath=following-sibling::dd").innerText());
}

const grouped = (code: string) => (code.match(/.{1,4}/g) ?? []).join(" ");

async function auditRow(table: Locator, action: string, target: string) {
  return table.getByRole("row").filter({ hasText: action }).filter({ hasText: target });
}

/** Each page at 375 px: no serious or critical axe violation, and nothing wider than the screen. */
async function expectAccessibleAt375(page: Page, paths: string[]) {
  await page.setViewportSize({ width: 375, height: 800 });
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, path).toBeLessThanOrEqual(0);
  }
}

test.describe("[ADMIN] the admin console", () => {
  test("issue a compute batch of 5 with its CSV; the customer redeems one; void it; refund an order; the audit log shows all three", async ({ browser }) => {
    test.setTimeout(120_000);
    const admin = await pageAs(browser, ADMIN);

    // ---- Issue: the codes are shown once, grouped by 4, with a CSV made in the browser.
    await admin.goto("/admin/batches");
    const form = admin.getByRole("form", { name: "Issue vouchers" });
    await form.getByLabel("Kind").selectOption({ label: "Computing power voucher" });
    const batchName = `E2E GPU pack ${Date.now()}`;
    await form.getByLabel("Name").fill(batchName);
    await form.getByLabel("Face value").fill("300");
    const providers = form.getByRole("group", { name: "Providers" });
    await providers.getByRole("checkbox", { name: "MaxXIntel" }).check();
    await providers.getByRole("checkbox", { name: "Muxi" }).check();
    await form.getByLabel("Quantity").fill("5");
    await form.getByRole("button", { name: "Issue" }).click();

    const issued = admin.getByRole("region", { name: `5 codes issued for ${batchName}` });
    await expect(issued).toBeVisible({ timeout: 15_000 });
    await expect(issued).toContainText("shown only now");
    const shown = (await issued.getByRole("list", { name: "Issued codes" }).getByRole("listitem").allInnerTexts()).map((t) => t.trim());
    expect(shown).toHaveLength(5);
    for (const code of shown) expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);

    const [download] = await Promise.all([admin.waitForEvent("download"), issued.getByRole("button", { name: "Download CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^bat_[0-9a-z]+-codes\.csv$/);
    const rows = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(rows[0]).toBe("code,code_grouped,batch_id,batch_name,kind");
    const csvCodes = rows.slice(1).map((r) => r.split(",")[0]!);
    expect(csvCodes.map(grouped)).toEqual(shown);
    const batchId = rows[1]!.split(",")[2]!;

    // ---- After that, no one sees them again: not the list, not the batch page.
    await issued.getByRole("button", { name: "Done" }).click();
    await admin.goto(`/admin/batches/${batchId}`);
    await expect(admin.getByRole("heading", { name: batchName })).toBeVisible();
    await expect(admin.getByText("The codes themselves can't be shown")).toBeVisible();
    for (const code of csvCodes) {
      await expect(admin.locator("body")).not.toContainText(code);
      await expect(admin.locator("body")).not.toContainText(grouped(code));
    }

    // ---- The customer redeems one of them.
    const customer = await pageAs(browser, CUSTOMER);
    await customer.goto("/billing?tab=compute");
    const panel = customer.getByRole("tabpanel", { name: COMPUTE_TAB });
    await panel.getByRole("button", { name: "Redeem" }).click();
    const dialog = customer.getByRole("dialog");
    await dialog.getByLabel("Redemption code").fill(grouped(csvCodes[2]!));
    await dialog.getByRole("button", { name: "Redeem" }).click();
    const added = customer.getByRole("status").filter({ hasText: /was added/ });
    await expect(added).toBeVisible();
    const voucherId = /vch_[0-9a-z]+/.exec(await added.innerText())![0];
    const beforeVoid = await computeAmounts(customer);

    // ---- The admin finds it by Voucher ID and voids it; the Reason is required.
    await admin.goto("/admin/vouchers");
    await admin.getByRole("form", { name: "Find vouchers" }).getByLabel("Voucher ID").fill(voucherId);
    await admin.getByRole("button", { name: "Search" }).click();
    await admin.getByRole("link", { name: voucherId }).click();
    await expect(admin).toHaveURL(new RegExp(`/admin/vouchers/${voucherId}$`));
    await admin.getByRole("button", { name: "Void" }).click();
    const voidDialog = admin.getByRole("dialog");
    await expect(voidDialog).toContainText("¥300.00");
    await voidDialog.getByRole("button", { name: "Void voucher" }).click();
    await expect(voidDialog.getByText("Give a reason (at least 3 characters).")).toBeVisible();
    await voidDialog.getByLabel("Reason").fill("Code leaked in a public forum");
    await voidDialog.getByRole("button", { name: "Void voucher" }).click();
    await expect(voidDialog).toBeHidden();
    await expect(admin.getByRole("status").filter({ hasText: "was voided" })).toBeVisible();
    await expect(admin.getByLabel("Voucher", { exact: true }).getByRole("definition").filter({ hasText: /^Voided$/ })).toBeVisible();

    // ---- The customer sees it Voided at once, with the voided amount, and the summary still exact.
    const afterVoid = await computeAmounts(customer);
    expect(afterVoid.voided).toBe(beforeVoid.voided + 30_000);
    expect(afterVoid.balance).toBe(beforeVoid.balance - 30_000);
    expect([afterVoid.total, afterVoid.used]).toEqual([beforeVoid.total, beforeVoid.used]);
    expect(afterVoid.balance).toBe(afterVoid.total - afterVoid.used - afterVoid.expired - afterVoid.voided - afterVoid.notEffective);
    await customer.goto("/billing?tab=compute&status=voided");
    const row = customer.getByRole("tabpanel", { name: COMPUTE_TAB }).getByRole("row").filter({ hasText: voucherId });
    await expect(row).toContainText("Voided");
    await expect(row).toContainText("¥300.00");

    // ---- The admin refunds part of one of the customer's orders; the cash balance follows.
    const cashBefore = await cashBalance(customer);
    await admin.goto(`/admin/orders?email=${encodeURIComponent(CUSTOMER)}&status=paid`);
    // The seeded order of ¥250.00: ¥50.00 off with a discount voucher, ¥200.00 from the cash balance.
    await admin.getByRole("region", { name: "Orders" }).getByRole("row").filter({ hasText: "¥250.00" }).getByRole("link").first().click();
    await expect(admin).toHaveURL(/\/admin\/orders\/ord_[0-9a-z]+$/);
    const orderId = /ord_[0-9a-z]+/.exec(admin.url())![0];
    await admin.getByRole("button", { name: "Refund" }).click();
    const refundDialog = admin.getByRole("dialog");
    await refundDialog.getByLabel("Partial").check();
    await refundDialog.getByLabel("Amount").fill("10");
    await refundDialog.getByLabel("Reason").fill("Service outage credit");
    await refundDialog.getByRole("button", { name: "Confirm refund" }).click();
    await expect(refundDialog).toBeHidden();
    await expect(admin.getByRole("status").filter({ hasText: "Refunded ¥10.00" })).toBeVisible();
    await expect(admin.getByText("Partially refunded").first()).toBeVisible();
    expect(await cashBalance(customer)).toBe(cashBefore + 1_000);

    // ---- The audit log shows the three changes.
    await admin.goto("/admin/audit");
    const filter = admin.getByRole("form", { name: "Filter the audit log" });
    await filter.getByLabel("Actor").fill(ADMIN);
    await filter.getByRole("button", { name: "Apply" }).click();
    await expect(admin).toHaveURL(/actor=admin%40example\.com/);
    const table = admin.getByRole("region", { name: "Audit entries" });
    await expect(await auditRow(table, "batch.issue", batchId)).toHaveCount(1);
    await expect(await auditRow(table, "voucher.void", voucherId)).toHaveCount(1);
    await expect(await auditRow(table, "voucher.void", voucherId)).toContainText("Code leaked in a public forum");
    await expect(await auditRow(table, "order.refund", orderId)).toHaveCount(1);
    await expect(await auditRow(table, "order.refund", orderId)).toContainText("Service outage credit");
  });

  test("find a code and revoke it; grant a voucher; create, edit and retire a product", async ({ browser }) => {
    test.setTimeout(90_000);
    const admin = await pageAs(browser, ADMIN);

    // A fresh cash code, looked up by code (a POST, never in the URL) and revoked with a reason.
    await admin.goto("/admin/batches");
    const form = admin.getByRole("form", { name: "Issue vouchers" });
    const batchName = `E2E revoke ${Date.now()}`;
    await form.getByLabel("Name").fill(batchName);
    await form.getByLabel("Face value").fill("1");
    await form.getByLabel("Quantity").fill("1");
    await form.getByRole("button", { name: "Issue" }).click();
    const issued = admin.getByRole("region", { name: `1 codes issued for ${batchName}` });
    const code = (await issued.getByRole("list", { name: "Issued codes" }).getByRole("listitem").innerText()).trim();
    await issued.getByRole("button", { name: /Done/ }).click();
    await admin.goto("/admin/vouchers");
    await admin.getByLabel("Code", { exact: true }).fill(code.toLowerCase());
    await admin.getByRole("button", { name: "Look up code" }).click();
    const found = admin.getByRole("group", { name: "Code found" });
    await expect(found).toContainText(`Unredeemed code ending in ${code.replaceAll(" ", "").slice(-4)}`);
    expect(admin.url()).not.toContain(code.replaceAll(" ", ""));
    await found.getByRole("button", { name: "Revoke code" }).click();
    await admin.getByRole("dialog").getByLabel("Reason").fill("Printed on the wrong flyer");
    await admin.getByRole("dialog").getByRole("button", { name: "Revoke code" }).click();
    await expect(found).toContainText("Revoked: Printed on the wrong flyer");

    // A discount voucher granted straight to the customer (no code); a bad field is explained first.
    await admin.goto(`/admin/vouchers/grant?email=${encodeURIComponent(CUSTOMER)}`);
    const grant = admin.getByRole("form", { name: "Grant a voucher" });
    await grant.getByLabel("Kind").selectOption({ label: "Discount voucher" });
    await grant.getByLabel("Percentage").check();
    await grant.getByLabel("Percent off").fill("150");
    await grant.getByLabel("Reason").fill("Sorry for the outage");
    await grant.getByRole("button", { name: "Grant" }).click();
    await expect(grant.getByText("Enter the percent off, from 0.01 to 99.99.")).toBeVisible();
    await grant.getByLabel("Percent off").fill("15");
    await grant.getByRole("button", { name: "Grant" }).click();
    const granted = grant.getByRole("status").filter({ hasText: "Granted voucher" });
    await expect(granted).toBeVisible();
    const grantedId = /vch_[0-9a-z]+/.exec(await granted.innerText())![0];
    const customer = await pageAs(browser, CUSTOMER);
    await customer.goto("/billing?tab=discount");
    await expect(customer.getByRole("tabpanel", { name: "Discount Vouchers" }).getByRole("row").filter({ hasText: grantedId })).toContainText("15% off");

    // The catalog: create, edit the price, retire.
    await admin.goto("/admin/catalog");
    const productName = `E2E widget ${Date.now()}`;
    const create = admin.getByRole("form", { name: "New product" });
    await create.getByLabel("Product name").fill(productName);
    await create.getByLabel("Unit price").fill("12.50");
    await create.getByRole("button", { name: "Create product" }).click();
    await expect(create.getByRole("status")).toContainText("is for sale");
    const row = admin.getByRole("region", { name: "Products" }).getByRole("row").filter({ hasText: productName });
    await expect(row).toContainText("¥12.50");
    await row.getByRole("button", { name: `Edit ${productName}` }).click();
    await admin.getByRole("dialog").getByLabel("Unit price").fill("13");
    await admin.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(row).toContainText("¥13.00");
    await row.getByRole("button", { name: "Retire" }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Retire product" }).click();
    await expect(row).toContainText("Retired");
    await admin.goto(`/admin/audit?action=product.update`);
    await expect(admin.getByRole("region", { name: "Audit entries" }).getByRole("row").filter({ hasText: '"unitPrice":1300' })).toHaveCount(1);
  });

  test("add a compute provider on the Catalog page, rename it, and issue a compute batch choosing it from the list", async ({ browser }) => {
    test.setTimeout(90_000);
    const admin = await pageAs(browser, ADMIN);

    // ---- Add: a name and a reason; the same name in another case is refused.
    await admin.goto("/admin/catalog");
    const name = `E2E Cloud ${Date.now()}`;
    const add = admin.getByRole("form", { name: "New provider" });
    await add.getByLabel("Provider name").fill(name);
    await add.getByLabel("Reason").fill("New compute partner");
    await add.getByRole("button", { name: "Add provider" }).click();
    await expect(add.getByRole("status")).toContainText(`Provider ${name}`);
    const providerId = /prv_[0-9a-z]+/.exec(await add.getByRole("status").innerText())![0];
    const row = admin.getByRole("region", { name: "Providers" }).getByRole("row").filter({ hasText: providerId });
    await expect(row).toContainText(name);
    await add.getByLabel("Provider name").fill(name.toLowerCase());
    await add.getByLabel("Reason").fill("Typed again");
    await add.getByRole("button", { name: "Add provider" }).click();
    await expect(add.getByRole("alert")).toContainText("already exists");

    // ---- Rename it, with a reason.
    const renamed = `${name} AI`;
    await row.getByRole("button", { name: `Rename ${name}` }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("New name").fill(renamed);
    await dialog.getByLabel("Reason").fill("Official company name");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText(renamed);

    // ---- Issue a compute batch for it, chosen from the list of providers.
    await admin.goto("/admin/batches");
    const form = admin.getByRole("form", { name: "Issue vouchers" });
    await form.getByLabel("Kind").selectOption({ label: "Computing power voucher" });
    const batchName = `E2E ${renamed} pack`;
    await form.getByLabel("Name").fill(batchName);
    await form.getByLabel("Face value").fill("20");
    await form.getByLabel("Quantity").fill("1");
    // No provider chosen: refused with the reason under the list.
    await form.getByRole("button", { name: "Issue" }).click();
    await expect(form.getByText("Choose at least one compute provider.")).toBeVisible();
    const providers = form.getByRole("group", { name: "Providers" });
    await providers.getByRole("checkbox", { name: renamed, exact: true }).check();
    await form.getByRole("button", { name: "Issue" }).click();
    const issued = admin.getByRole("region", { name: `1 codes issued for ${batchName}` });
    await expect(issued).toBeVisible({ timeout: 15_000 });
    await issued.getByRole("button", { name: /Done/ }).click();
    await expect(admin.getByRole("region", { name: "Batches" }).getByRole("row").filter({ hasText: batchName })).toContainText(`¥20.00 · ${renamed}`);

    // ---- The audit log has the provider's creation and rename, with their reasons.
    await admin.goto(`/admin/audit?target=${providerId}`);
    const table = admin.getByRole("region", { name: "Audit entries" });
    await expect(await auditRow(table, "provider.create", providerId)).toContainText("New compute partner");
    await expect(await auditRow(table, "provider.rename", providerId)).toContainText("Official company name");
  });

  test("a customer is refused on every admin page by the server", async ({ page }) => {
    await signIn(page, ALICE, { open: false });
    for (const path of ["/admin", "/admin/batches", "/admin/vouchers", "/admin/vouchers/grant", "/admin/accounts", "/admin/orders", "/admin/catalog", "/admin/audit", "/admin/api-keys"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: /not allowed/i })).toBeVisible();
    }
  });

  test("signed out, the admin pages send to sign-in", async ({ page }) => {
    await page.goto("/admin/audit");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  // Fifteen axe runs in two tests, so both workers can share them; on 2 busy shared cores each run takes several seconds.
  test("the admin list pages have no serious accessibility violations and fit 375 px", async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, ADMIN, { open: false });
    await expectAccessibleAt375(page, ["/admin", "/admin/batches", "/admin/vouchers", "/admin/vouchers/grant", "/admin/accounts", "/admin/orders", "/admin/catalog", "/admin/audit", "/admin/api-keys", "/admin/webhooks"]);
  });

  test("the admin detail pages have no serious accessibility violations and fit 375 px", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, ADMIN, { open: false });
    // One detail page of each kind, found through the lists.
    const paths: string[] = [];
    for (const [list, prefix] of [
      ["/admin/batches", "/admin/batches/bat_"],
      ["/admin/accounts", "/admin/accounts/acc_"],
      ["/admin/orders", "/admin/orders/ord_"],
      [`/admin/vouchers?email=${encodeURIComponent(ALICE)}`, "/admin/vouchers/vch_"],
    ] as const) {
      await page.goto(list);
      paths.push((await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href"))!);
    }
    // A webhook endpoint's page (e2e/admin-webhooks.spec.ts drives the flow): registered here on a
    // reserved documentation name and disabled, so the e2e server's job runner sends it nothing.
    await page.goto("/admin/webhooks");
    const hookUrl = `https://hooks.example.com/axe-${Date.now()}`;
    await page.getByLabel("URL", { exact: true }).fill(hookUrl);
    await page.getByLabel("Description", { exact: true }).fill("E2E axe");
    await page.getByLabel("order.paid", { exact: true }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByLabel("Signing secret", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: hookUrl }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks\/whk_/);
    paths.push(new URL(page.url()).pathname);
    await page.getByRole("button", { name: "Disable", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Disable endpoint" }).click();
    await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
    await expectAccessibleAt375(page, paths);
  });
});
