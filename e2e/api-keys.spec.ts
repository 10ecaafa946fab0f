import { expect, test } from "@playwright/test";
import { ADMIN, API_FLOW_EXTERNAL_REF, signIn } from "./fixtures";

test.describe("[ADMIN][API] API keys", () => {
  test("create a key, see its secret once, call the API with it, revoke it, and the API refuses it", async ({ page, playwright, baseURL }) => {
    await signIn(page, ADMIN, { open: "/admin/api-keys" });
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

  test("a service's top-up over real HTTP is in the audit log under its key, filtered by the key's ID", async ({ page, playwright, baseURL }) => {
    await signIn(page, ADMIN, { open: "/admin/api-keys" });
    const name = `Payments bridge ${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel(/^read/).check();
    await page.getByLabel(/^charge/).check();
    await page.getByRole("button", { name: "Create API key" }).click();
    const secret = await page.getByLabel("Secret", { exact: true }).inputValue();
    const keyId = (await page.getByRole("row").filter({ hasText: name }).innerText()).match(/key_[0-9a-z]+/)![0];

    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
    const account = await (await api.get(`/api/v1/accounts?external_ref=${API_FLOW_EXTERNAL_REF}`)).json();
    const topUp = await api.post(`/api/v1/accounts/${account.id}/top-ups`, {
      data: { amount: 1234, reason: "Bank transfer 2026-12-02" },
      headers: { "Idempotency-Key": `e2e-${Date.now()}` },
    });
    expect(topUp.status()).toBe(201);
    expect(await topUp.json()).toMatchObject({ type: "top_up", amount: 1234, cashBalance: account.cashBalance + 1234 });
    // A method the route does not answer: a 405 problem naming the one it does.
    const wrongMethod = await api.get(`/api/v1/accounts/${account.id}/top-ups`);
    expect(wrongMethod.status()).toBe(405);
    expect(wrongMethod.headers()["allow"]).toBe("POST");
    expect(await wrongMethod.json()).toMatchObject({ code: "method_not_allowed" });
    await api.dispose();

    await page.goto(`/admin/audit?actor=${keyId}`);
    const row = page.getByRole("row").filter({ hasText: "account.top_up" });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`API key ${name} ${keyId}`);
    await expect(row).toContainText("Top up cash balance");
    await expect(row).toContainText(account.id);
    await expect(row).toContainText("Bank transfer 2026-12-02");
  });
});
