import { expect, test } from "@playwright/test";
import { ADMIN, ALICE, BOB, DEMO_PASSWORD, signIn, signInThroughForm } from "./fixtures";

test.describe("[AUTH] sign-in and access", () => {
  test("a signed-out visitor is sent to /sign-in", async ({ page }) => {
    await page.goto("/billing");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { name: /sign in/i })).toBeVisible();
  });

  for (const [email, home] of [
    [ALICE, /\/billing$/],
    [BOB, /\/billing$/],
    [ADMIN, /\/admin$/],
  ] as const) {
    // The form itself: every other spec signs in with its request (fixtures.ts signIn).
    test(`${email} signs in through the form and lands on their home page`, async ({ page }) => {
      await signInThroughForm(page, email);
      await expect(page).toHaveURL(home);
      await expect(page.getByRole("banner").getByText(email)).toBeVisible();
    });
  }

  test("a wrong password gets a clear message and no session", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ALICE);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/wrong email or password/i);
    await page.goto("/billing");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("alice is refused at /admin by the server", async ({ page }) => {
    await signIn(page, ALICE, { open: false });
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: /not allowed/i })).toBeVisible();
    await expect(page.getByText("Admin console")).toHaveCount(0);
  });

  test("signing out ends the session", async ({ page }) => {
    await signIn(page, BOB);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/billing");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("with no trusted proxy a client-sent X-Forwarded-For is ignored: the session records the connection's address", async ({ baseURL }) => {
    // This server trusts no proxy (TRUSTED_PROXY_HOPS unset), so the address is the TCP peer: this test's own loopback.
    const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: baseURL!, "X-Forwarded-For": "6.6.6.6", "X-Billing-Client-Ip": "6.6.6.7" },
      body: JSON.stringify({ email: BOB, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const current = await fetch(`${baseURL}/api/auth/get-session`, { headers: { cookie } });
    const { session } = (await current.json()) as { session: { ipAddress: string | null } };
    expect(session.ipAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
