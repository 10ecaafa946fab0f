import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import type en from "../messages/en.json";
import { DEMO_PASSWORD } from "./fixtures";

/** The Chinese catalogue, so tests find controls by the names a zh-CN reader sees. */
export const zh = JSON.parse(readFileSync(path.resolve("messages", "zh-CN.json"), "utf8")) as typeof en;

/** A browser context that reads Chinese first, as the platforms' customers' browsers do. */
export function chineseContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
}

/** Signs in through the form, labelled in Chinese. */
export async function signInZh(page: Page, email: string) {
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByLabel(zh.signIn.email).fill(email);
  await page.getByLabel(zh.signIn.password).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: zh.signIn.submit, exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/**
 * Latin words a zh-CN page may show besides data: abbreviations Chinese consoles
 * write in Latin letters too. Data (names, emails, ids, codes, reasons people
 * typed) is marked translate="no" where it is shown, and skipped.
 */
export const ALLOWED_LATIN = new Set(["ID", "CSV", "GPU", "API"]);

/** Tokens that are identifiers by their form, wherever they appear. */
const IDENTIFIER = [
  /^[a-z]{3}_[A-Za-z0-9]*$/, // public ids (vch_…, ord_…) and their prefixes in placeholders
  /@/, // emails
  /^[A-Z0-9]{4}(?:-[A-Z0-9]{4})+$/, // redemption codes
  /^[a-z_]+(?:\.[a-z_]+)+$/, // machine names: voucher.void
];

/**
 * Every visible run of Latin letters on the page that is not an identifier or an
 * allowed word, in text and in accessible names (aria-label, placeholder, title).
 * Skipped: data marked translate="no" (names, reasons people typed), text in
 * another language marked so (the menu's "English", lang="en"), and any text that
 * holds Chinese, which is a translated message whose Latin letters are the data
 * it names ("编辑 Serverless API"). Empty means the page speaks Chinese.
 */
export async function untranslatedText(page: Page): Promise<string[]> {
  const runs = await page.evaluate(() => {
    const found: string[] = [];
    const skipped = (el: Element | null) =>
      !!el?.closest('[translate="no"], [lang]:not([lang^="zh"]):not(html), script, style, noscript, code, kbd, [hidden], [aria-hidden="true"]');
    const chinese = /[\u3400-\u9fff]/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || skipped(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      const text = node.textContent ?? "";
      if (/[A-Za-z]/.test(text) && !chinese.test(text)) found.push(text);
    }
    for (const el of document.body.querySelectorAll("[aria-label], [placeholder], [title]")) {
      if (skipped(el)) continue;
      for (const attr of ["aria-label", "placeholder", "title"]) {
        const value = el.getAttribute(attr);
        if (value && /[A-Za-z]/.test(value) && !chinese.test(value)) found.push(`${attr}=${value}`);
      }
    }
    if (!chinese.test(document.title)) found.push(`title=${document.title}`);
    return found;
  });
  const bad: string[] = [];
  for (const run of runs) {
    const tokens = (run.startsWith("aria-label=") || run.startsWith("placeholder=") || run.startsWith("title=") ? run.slice(run.indexOf("=") + 1) : run).match(/[A-Za-z0-9][A-Za-z0-9_.@+-]*/g) ?? [];
    for (const token of tokens) {
      if (!/[A-Za-z]/.test(token)) continue;
      const word = token.replace(/[.]+$/, "");
      if (ALLOWED_LATIN.has(word) || IDENTIFIER.some((re) => re.test(word))) continue;
      bad.push(`${word} (in "${run.trim().slice(0, 80)}")`);
    }
  }
  return [...new Set(bad)];
}

/** Serious or critical axe violations of the page, one line each. */
/**
 * The axe rules a translation can break: language attributes, the title, and every
 * accessible name (an empty or missing translation leaves a control unnamed). The
 * English suites run every rule on the same pages (contrast, landmarks, structure:
 * the same markup in both languages), so the Chinese sweep runs only these.
 */
const LANGUAGE_RULES = [
  "html-has-lang", "html-lang-valid", "valid-lang", "document-title", "button-name", "link-name", "label",
  "select-name", "input-button-name", "image-alt", "svg-img-alt", "aria-command-name", "aria-input-field-name",
  "aria-toggle-field-name", "aria-dialog-name", "aria-progressbar-name", "aria-meter-name", "aria-tooltip-name",
  "frame-title", "empty-heading", "empty-table-header", "label-title-only", "th-has-data-cells",
];

export async function seriousAxeViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(LANGUAGE_RULES).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
