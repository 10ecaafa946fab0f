import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";
export const ALICE = "alice@example.com";
export const BOB = "bob@example.com";
export const ADMIN = "admin@example.com";
/** An e2e-only customer (e2e/prepare-db.ts) for flows that spend money, so parallel specs never share balances. */
export const ORDERS_CUSTOMER = "carol@example.com";
/** An e2e-only customer for the admin flow (redeem, void, refund), so alice's balances in other specs never move. */
export const ADMIN_FLOW_CUSTOMER = "dave@example.com";
/** An e2e-only customer for the zh-CN flows (e2e/i18n-flows.spec.ts): they save a language on the user and spend money. */
export const I18N_FLOW_CUSTOMER = "frank@example.com";
/** An e2e-only customer whose account the /api/v1 specs move money on, found by its external reference. */
export const API_FLOW_CUSTOMER = "grace@example.com";
export const API_FLOW_EXTERNAL_REF = "platform-user-e2e-api";
/** An e2e-only customer with a seeded inbox (e2e/notifications-seed.ts) that e2e/notifications.spec.ts reads and marks. */
export const NOTIFICATIONS_CUSTOMER = "heidi@example.com";

/**
 * How many times a test may run: once, and once more on CI's retry (playwright.config.ts).
 * A serial group that spends one customer's money can't pass on a retry, which runs the whole
 * group again from its first test: each attempt has a customer of its own (attemptCustomer),
 * all seeded alike by e2e/prepare-db.ts.
 */
export const ATTEMPTS = 2;

/** The customer of this attempt of a serial group: `email` first, then `name+attempt2@…`, … */
export function attemptCustomer(email: string, retry: number): string {
  if (!Number.isInteger(retry) || retry < 0 || retry >= ATTEMPTS) throw new Error(`no e2e customer for attempt ${retry + 1} of ${email} (ATTEMPTS = ${ATTEMPTS})`);
  if (retry === 0) return email;
  const at = email.indexOf("@");
  return `${email.slice(0, at)}+attempt${retry + 1}${email.slice(at)}`;
}

/** Every attempt's customer for `email`, for e2e/prepare-db.ts to seed. */
export function attemptCustomers(email: string): string[] {
  return Array.from({ length: ATTEMPTS }, (_, retry) => attemptCustomer(email, retry));
}

/**
 * Signs in as the form does (a POST to better-auth's endpoint, then the home page), without
 * rendering the form: the session cookies land in the page's browser context. The form itself
 * is e2e/auth.spec.ts's (signInThroughForm) and the zh-CN suites' (signInZh); here it would only
 * add a page load and its hydration to nearly every test. `open` is the page to open instead of
 * the home page, or false for none (a test that goes elsewhere first).
 */
export async function signIn(page: Page, email: string, { open = "/", password = DEMO_PASSWORD }: { open?: string | false; password?: string } = {}) {
  const baseURL = test.info().project.use.baseURL;
  if (!baseURL) throw new Error("signIn needs the project's baseURL (playwright.config.ts)");
  // better-auth refuses a POST whose Origin is not a trusted one, as it would the browser's.
  const response = await page.request.post("/api/auth/sign-in/email", {
    data: { email, password },
    headers: { origin: new URL(baseURL).origin },
    failOnStatusCode: false,
  });
  expect(response.status(), `sign-in of ${email}: ${await response.text()}`).toBe(200);
  if (open === false) return;
  await page.goto(open);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Signs in through the real form, as a person would. */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** "¥1,234.50" or "-¥12.00" → minor units, exactly. */
export function minorOf(text: string): number {
  const match = /(-?)[^\d-]*([\d,]+)\.(\d{2})/.exec(text.trim());
  if (!match) throw new Error(`not an amount: ${text}`);
  const [, sign, whole, cents] = match;
  const value = Number(whole!.replaceAll(",", "")) * 100 + Number(cents);
  return sign === "-" ? -value : value;
}

/**
 * An unredeemed demo code written by e2e/prepare-db.ts. Each test uses its own
 * slot, shifted on a retry so a retried test never reuses a code it redeemed.
 */
export function demoCode(kind: "cash" | "discount" | "compute", slot: number, retry = 0): string {
  const codes = readFileSync(path.join(".data", "e2e", "demo-codes.txt"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([k]) => k === kind)
    .map(([, code]) => code!);
  const code = codes[slot + retry * 8];
  if (!code) throw new Error(`no demo ${kind} code in slot ${slot}`);
  return code;
}

/** A strict reader for the RFC 4180 files the exports write (CRLF records; quoted fields may hold commas, quotes, newlines). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  expect(field, "the file ends with CRLF").toBe("");
  return records;
}
