import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./fixtures";

test.describe("[ADMIN][API] API keys", () => {
  test("create a key, see its secret once, call the API with it, revoke it, and the API refuses it", async ({ page, playwright, baseURL }) => {
    await signIn(page, ADMIN);
    await page.goto("/admin/api-keys");
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    const name = `GPU scheduler ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel(/^read/).check();
    await page.getByLabel(/^pay/).check();
    await page.getByRole("button", { name: "Create API key" }).click();

    const secretField = page.getByLabel("Secret", { exact: true });
    await expect(secretField).toBeVisible();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^sk_live_[a-z2-7]{32}$/);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(`sk_live_…${secret.slice(-4)}`);
    await expect(row).toContainText("read");

    // Shown once: a fresh load of the page has only its last 4 characters.
    await page.goto("/admin/api-keys");
    await expect(page.locator("body")).not.toContainText(secret);
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText(`sk_live_…${secret.slice(-4)}`);

    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
    const lookup = () => api.get("/api/v1/accounts?external_ref=platform-user-1001");
    const found = await lookup();
    expect(found.status()).toBe(200);
    expect(await found.json()).toMatchObject({ name: "Alice's lab", externalRef: "platform-user-1001" });
    // The list shows that it was used.
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: name })).not.toContainText("Never");

    await page.getByRole("row").filter({ hasText: name }).getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("Rotated after the e2e test");
    await dialog.getByRole("button", { name: "Revoke API key" }).click();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
    const refused = await lookup();
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-type"]).toBe("application/problem+json");
    await api.dispose();
  });
});
