import { expect, test } from "@playwright/test";
import { ADMIN, ALICE, BOB, signIn } from "./fixtures";

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
    test(`${email} signs in and lands on their home page`, async ({ page }) => {
      await signIn(page, email);
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
    await signIn(page, ALICE);
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
});
