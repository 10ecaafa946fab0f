/**
 * R7, the browser's side: session cookies are HttpOnly, SameSite and Secure in
 * production (the security server runs with NODE_ENV=production); every
 * response carries the security headers; and the pages, driven in Chromium,
 * run under the Content Security Policy without a single violation.
 */
import { expect, test, type Page } from "@playwright/test";
import { request, signIn } from "./support/http";
import { ADMIN, CUSTOMER_A, readTarget } from "./support/target";

test.describe("[SECURITY][R7] cookies, headers and the Content Security Policy", () => {
  test("the session cookie is HttpOnly, SameSite=Lax, Secure and __Secure- prefixed; sign-out clears it", async () => {
    const target = readTarget();
    const { setCookie, cookie } = await signIn(target.baseURL, CUSTOMER_A);
    const session = setCookie.filter((c) => c.includes("session_token="));
    expect(session).toHaveLength(1);
    for (const c of setCookie) {
      const attrs = c.split(";").map((a) => a.trim().toLowerCase());
      expect(c, "cookie name").toMatch(/^__Secure-/);
      expect(attrs, c).toContain("httponly");
      expect(attrs, c).toContain("secure");
      expect(attrs, c).toContain("samesite=lax");
      expect(attrs, c).toContain("path=/");
    }
    // The session cache cookie (docs/security.md, "Session cookie cache") comes with it.
    expect(setCookie.filter((c) => c.includes("session_data="))).toHaveLength(1);
    const out = await request(target.baseURL, "POST", "/api/auth/sign-out", { cookie, body: {} });
    expect(out.status).toBe(200);
    // Both cookies cleared: the browser that signed out holds no session at all.
    expect(out.headers.getSetCookie().find((c) => c.includes("session_token="))).toMatch(/Max-Age=0/i);
    expect(out.headers.getSetCookie().find((c) => c.includes("session_data="))).toMatch(/Max-Age=0/i);
    const after = await request(target.baseURL, "GET", "/api/auth/get-session", {});
    expect(after.body).toBe("null");
    // The session row is gone: read without the cache, a copy of the old cookies is refused.
    // (With the cache, a copy stays a customer's for at most SESSION_CACHE_SECONDS: test/session-cache.test.ts.)
    const copy = await request(target.baseURL, "GET", "/api/auth/get-session?disableCookieCache=true", { cookie });
    expect(copy.body).toBe("null");
  });

  test("every kind of response carries the security headers; pages a per-request nonce CSP", async () => {
    const target = readTarget();
    const { cookie } = await signIn(target.baseURL, CUSTOMER_A);
    const nonces = new Set<string>();
    for (const [path, withCookie] of [
      ["/sign-in", false],
      ["/billing", true],
      ["/billing/orders/new", true],
      ["/no-such-page", true],
      ["/api/quote", false],
      ["/billing/usage/export", true],
    ] as const) {
      const response = await request(target.baseURL, "GET", path, withCookie ? { cookie } : {});
      const h = response.headers;
      expect(h.get("x-content-type-options"), path).toBe("nosniff");
      expect(h.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(h.get("x-frame-options"), path).toBe("DENY");
      expect(h.get("strict-transport-security"), path).toMatch(/max-age=\d+/);
      expect(h.get("x-powered-by"), path).toBeNull();
      const csp = h.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("base-uri 'self'");
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc, path).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
      expect(nonce, `${path}: a nonce in script-src`).toBeTruthy();
      nonces.add(nonce!);
      if ((h.get("content-type") ?? "").includes("text/html")) {
        // Every script the page ships carries this response's nonce.
        const scripts = [...response.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      }
    }
    expect(nonces.size, "a fresh nonce per response").toBe(6);
  });

  async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
    const messages: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|frame|connect)/i.test(m.text())) messages.push(m.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return async () => [...messages, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
  }

  test("customer pages load, hydrate and work with no CSP violation", async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(CUSTOMER_A);
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/billing/);
    // Client components work (scripts ran): a tab switch and the Redeem dialog.
    await page.getByRole("tab", { name: "Discount Vouchers" }).click();
    await page.getByRole("tabpanel", { name: "Discount Vouchers" }).getByRole("button", { name: "Redeem" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    expect(await violations()).toEqual([]);
    for (const path of ["/billing/orders", "/billing/orders/new", "/billing/usage", "/no-such-page"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await violations(), path).toEqual([]);
    }
    // The live plan on the order page comes from /api/quote through React Query: connect-src allows it.
    await page.goto("/billing/orders/new");
    await expect(page.getByLabel("Payment plan")).toBeVisible();
    expect(await violations()).toEqual([]);
  });

  test("the admin console loads with no CSP violation", async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(ADMIN);
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin/);
    await page.waitForLoadState("networkidle");
    expect(await violations()).toEqual([]);
  });

  test("no other site can frame the console", async ({ page }) => {
    const target = readTarget();
    await page.setContent(`<iframe id="f" src="${target.baseURL}/sign-in" width="600" height="400"></iframe>`);
    await page.waitForTimeout(1_000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const framed = frame ? await frame.locator("input[type=password]").count().catch(() => 0) : 0;
    expect(framed, "the sign-in form rendered inside a frame").toBe(0);
  });
});
