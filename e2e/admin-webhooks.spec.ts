import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";
import { chineseContext, signInZh, untranslatedText, zh } from "./i18n-support";

/**
 * Registers an endpoint through the Add endpoint form and returns its URL and
 * the signing secret shown. The URL is on a reserved documentation name: the
 * e2e server runs no deliveries to it, and it is disabled by the tests that
 * look at it.
 */
async function register(page: Page, name: string, { allEvents = true } = {}) {
  await page.goto("/admin/webhooks");
  const url = `https://hooks.example.com/${name}-${Date.now()}`;
  await page.getByLabel("URL", { exact: true }).fill(url);
  await page.getByLabel("Description", { exact: true }).fill(`E2E ${name}`);
  if (allEvents) await page.getByLabel("All event types").check();
  else await page.getByLabel("order.paid", { exact: true }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secretField = page.getByLabel("Signing secret", { exact: true });
  await expect(secretField).toBeVisible();
  const secret = await secretField.inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  return { url, secret };
}

test.describe("[ADMIN][WEBHOOKS] Webhook endpoints", () => {
  test("an admin registers an endpoint, sees it listed, reveals its secret and disables it; a private URL is refused", async ({ page }) => {
    // Some twenty page loads and actions: slow on 2 busy shared cores.
    test.setTimeout(90_000);
    await signIn(page, ADMIN, { open: "/admin" });
    await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

    // A private address is refused under the URL field, and nothing is listed.
    await page.getByLabel("URL", { exact: true }).fill("https://192.168.1.20/hook");
    await page.getByLabel("order.paid", { exact: true }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("This URL points to a private or loopback address, which webhooks may not reach.")).toBeVisible();
    await expect(page.getByLabel("URL", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("region", { name: "Webhook endpoints" }).getByText("192.168.1.20")).toHaveCount(0);
    await page.getByLabel("order.paid", { exact: true }).uncheck();

    const { url, secret } = await register(page, "flow");
    const row = page.getByRole("row").filter({ hasText: url });
    await expect(row).toContainText("All event types (13)");
    await expect(row).toContainText("Every account");
    await expect(row).toContainText("Enabled");

    // A fresh load lists it without the secret; its page shows it only on Reveal.
    await page.goto("/admin/webhooks");
    await expect(page.locator("body")).not.toContainText(secret);
    await page.getByRole("link", { name: url }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks\/whk_[0-9a-z]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("E2E flow");
    await expect(page.locator("body")).not.toContainText(secret);
    await expect(page.getByText("No deliveries yet.")).toBeVisible();
    await page.getByRole("button", { name: "Reveal secret" }).click();
    await expect(page.getByLabel("Signing secret", { exact: true })).toHaveValue(secret);
    await page.getByRole("button", { name: "Hide secret" }).click();
    await expect(page.getByLabel("Signing secret", { exact: true })).toHaveCount(0);

    await page.getByRole("button", { name: "Disable", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Disable endpoint" }).click();
    await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
    await expect(page.getByText(/nothing is sent to this endpoint until it is enabled again/)).toBeVisible();
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("row").filter({ hasText: url })).toContainText("Disabled");

    // The audit log names the changes, never the secret.
    await page.goto("/admin/audit?action=webhook.reveal_secret");
    await expect(page.getByRole("region", { name: "Audit entries" }).getByText("Reveal webhook secret").first()).toBeVisible();
    await expect(page.locator("body")).not.toContainText(secret);
  });

  // Both webhook pages' axe and 375 px check is in e2e/admin.spec.ts's sweep of the admin pages.
});

test.describe("[ADMIN][WEBHOOKS][zh-CN] Webhook endpoints in Chinese", () => {
  test("both pages speak Chinese, and a URL refusal is told in Chinese", async ({ browser }) => {
    test.setTimeout(90_000);
    const context = await chineseContext(browser);
    const page = await context.newPage();
    await signInZh(page, ADMIN);
    await page.goto("/admin/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: zh.adminWebhooks.page.heading })).toBeVisible();
    expect(await untranslatedText(page)).toEqual([]);
    await page.getByLabel(zh.adminWebhooks.form.url, { exact: true }).fill("http://hooks.example.com/zh");
    await page.getByLabel("order.paid", { exact: true }).check();
    await page.getByRole("button", { name: zh.adminWebhooks.form.create }).click();
    await expect(page.getByText(zh.adminWebhooks.errors.url_scheme)).toBeVisible();
    await page.getByLabel(zh.adminWebhooks.form.url, { exact: true }).fill(`https://hooks.example.com/zh-${Date.now()}`);
    await page.getByRole("button", { name: zh.adminWebhooks.form.create }).click();
    await expect(page.getByLabel(zh.adminWebhooks.secret.label, { exact: true })).toBeVisible();
    expect(await untranslatedText(page)).toEqual([]);
    await page.getByRole("link", { name: /^打开端点 whk_/ }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks\/whk_/);
    await page.getByRole("button", { name: zh.adminWebhooks.actions.disable, exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: zh.adminWebhooks.actions.disableConfirm }).click();
    await expect(page.getByRole("button", { name: zh.adminWebhooks.actions.enable, exact: true })).toBeVisible();
    expect(await untranslatedText(page)).toEqual([]);
    await context.close();
  });
});
