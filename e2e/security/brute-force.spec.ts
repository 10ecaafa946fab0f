/**
 * R7, brute force. Redemption: a guessing script signs in as one customer and sends 1,000
 * well-formed wrong codes (right length, alphabet and check character, so each
 * would reach the code lookup) from 2 client IPs, half Check and half Redeem.
 * The server sits behind one trusted proxy (TRUSTED_PROXY_HOPS=1), which is
 * what makes X-Forwarded-For the client address. Observed from the outside: a
 * refusal "invalid" means the guess reached the lookup, "rate_limited" means a
 * bucket stopped it first. At most REDEEM_LIMIT_PER_ACCOUNT (10) may reach it.
 *
 * Sign-in: 30 wrong passwords for one account, each with another
 * X-Forwarded-For (so, behind the trusted proxy, from 30 client addresses), for
 * an account and for an email that has none: the per-email streak stops them
 * after 5, with the same answers for both; the owner gets the "Too many attempts"
 * message on the sign-in page and signs in once the (short, SIGN_IN_LOCK_SECONDS) lock has passed.
 */
import { expect, test } from "@playwright/test";
import { generateCode } from "../../lib/vouchers/code-crypto";
import { CODE_FORMAT_OF_KIND } from "../../lib/vouchers/code";
import postgres from "postgres";
import { DEMO_PASSWORD, classifyAction, postAction, signIn } from "./support/http";
import { listActions } from "./support/manifest";
import { BRUTE_FORCE_CUSTOMER, CUSTOMER_B, SIGN_IN_CUSTOMER, SIGN_IN_LOCK_SECONDS, demoCodes, readTarget } from "./support/target";

const ATTEMPTS = 1_000;
const IPS = ["203.0.113.7", "198.51.100.9"];
/** The production defaults, which the security server keeps (lib/config.ts). */
const ACCOUNT_LIMIT = 10;
const IP_LIMIT = 50;

test("[SECURITY][R7] 1,000 guessed codes from 2 IPs against one account are stopped by the rate-limit buckets", async () => {
  test.setTimeout(180_000);
  const target = readTarget();
  const actions = listActions();
  const check = actions.find((a) => a.exportedName === "checkCodeAction")!;
  const redeem = actions.find((a) => a.exportedName === "redeemCodeAction")!;
  // The attacker signs in from each address.
  const sessions = await Promise.all(IPS.map(() => signIn(target.baseURL, BRUTE_FORCE_CUSTOMER)));

  const outcomes = new Map<string, number>();
  const perIp = new Map<string, Map<string, number>>(IPS.map((ip) => [ip, new Map()]));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < ATTEMPTS) {
        const i = next++;
        const ip = IPS[i % 2]!;
        const kind = i % 3 === 0 ? "compute" : "cash";
        const action = i % 2 === 0 ? check : redeem;
        const guess = generateCode(CODE_FORMAT_OF_KIND[kind]);
        const response = await postAction(target.baseURL, action.pagePath, action.id, [{ code: guess, kind }], { cookie: sessions[i % 2]!.cookie, forwardedFor: ip });
        const { outcome, result, detail } = classifyAction(response);
        const code = outcome === "error" ? `error: ${detail}` : (result?.code ?? detail);
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
        const ipCounts = perIp.get(ip)!;
        ipCounts.set(code, (ipCounts.get(code) ?? 0) + 1);
      }
    }),
  );
  const reachedLookup = outcomes.get("invalid") ?? 0;
  const limited = outcomes.get("rate_limited") ?? 0;
  console.log(
    `[brute force] ${ATTEMPTS} guesses from ${IPS.join(" and ")}: ${reachedLookup} reached the code lookup, ${limited} stopped by the buckets; ` +
      [...perIp].map(([ip, m]) => `${ip}: ${[...m].map(([c, n]) => `${c} ${n}`).join(", ")}`).join("; "),
  );
  expect([...outcomes.keys()].filter((c) => c !== "invalid" && c !== "rate_limited"), "every answer is 'invalid' or 'rate_limited'").toEqual([]);
  expect(reachedLookup).toBe(ACCOUNT_LIMIT);
  expect(limited).toBe(ATTEMPTS - ACCOUNT_LIMIT);

  // Locked out: even a real, unredeemed code is refused until the window passes, and stays unredeemed.
  const real = demoCodes(target)
    .filter((c) => c.kind === "cash")
    .at(-1)!;
  const locked = classifyAction(await postAction(target.baseURL, redeem.pagePath, redeem.id, [{ code: real.code, kind: "cash" }], { cookie: sessions[0]!.cookie, forwardedFor: "192.0.2.99" }));
  expect(locked.result?.code).toBe("rate_limited");
  expect(locked.result?.message).toMatch(/Try again in \d+ minutes?/);

  // The per-IP bucket holds on its own: another customer from an address over its limit is refused at once.
  const other = await signIn(target.baseURL, CUSTOMER_B);
  const fromSpentIp = classifyAction(await postAction(target.baseURL, check.pagePath, check.id, [{ code: real.code, kind: "cash" }], { cookie: other.cookie, forwardedFor: IPS[0] }));
  expect(fromSpentIp.result?.code).toBe("rate_limited");
  // ...and from a fresh address the same customer can check the real code: it was not redeemed.
  const fresh = classifyAction(await postAction(target.baseURL, check.pagePath, check.id, [{ code: real.code, kind: "cash" }], { cookie: other.cookie, forwardedFor: "192.0.2.98" }));
  expect(fresh.result?.ok, JSON.stringify(fresh.result)).toBe(true);

  if (target.databaseUrl) {
    // The buckets counted every attempt, limited or not (so a patient guesser gains nothing by hammering).
    const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ key: string; count: number }[]>`SELECT key, count FROM rate_limit_buckets WHERE key LIKE 'redeem:%'`;
      const count = (key: string) => rows.find((r) => r.key === key)?.count ?? 0;
      const [account] = await sql<{ id: number }[]>`SELECT billing_account_id AS id FROM users WHERE email = ${BRUTE_FORCE_CUSTOMER}`;
      expect(count(`redeem:account:${account!.id}`)).toBe(ATTEMPTS + 1);
      for (const ip of IPS) expect(count(`redeem:ip:${ip}`)).toBeGreaterThanOrEqual(ATTEMPTS / 2);
      expect(IP_LIMIT).toBeLessThan(ATTEMPTS / 2);
    } finally {
      await sql.end();
    }
  }
});

/** Free failures per email before the first lock (the production default the security server keeps). */
const FREE_SIGN_IN_FAILURES = 5;

interface SignInAnswer {
  status: number;
  message: string | undefined;
  retryAfter: string | null;
}

/** One sign-in over HTTP, as the trusted proxy would forward it from `forwardedFor`. */
async function signInAttempt(baseURL: string, email: string, password: string, forwardedFor: string): Promise<SignInAnswer> {
  const response = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: baseURL, "X-Forwarded-For": forwardedFor },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return { status: response.status, message: body.message, retryAfter: response.headers.get("X-Retry-After") };
}

test("[SECURITY][R7] 30 wrong passwords for one account from 30 X-Forwarded-For addresses are limited; the owner signs in after the lock", async ({ page }) => {
  test.setTimeout(120_000);
  const target = readTarget();

  async function guess30(email: string, subnet: number) {
    const started = Date.now();
    const answers: SignInAnswer[] = [];
    for (let i = 0; i < 30; i++) answers.push(await signInAttempt(target.baseURL, email, `wrong-password-${i}`, `198.${subnet}.${i}.${i + 1}`));
    return { answers, seconds: (Date.now() - started) / 1000 };
  }
  const known = await guess30(SIGN_IN_CUSTOMER, 18);
  const unknown = await guess30("no-such-customer@example.com", 19);
  console.log(
    `[brute force] sign-in, 30 wrong passwords from 30 addresses: ${SIGN_IN_CUSTOMER}: ${known.answers.map((a) => a.status).join(" ")} in ${known.seconds}s; ` +
      `unknown email: ${unknown.answers.map((a) => a.status).join(" ")} in ${unknown.seconds}s`,
  );

  for (const { answers, seconds } of [known, unknown]) {
    expect(answers.map((a) => a.status).filter((s) => s !== 401 && s !== 429), "every answer is 401 or 429").toEqual([]);
    // The free failures reach the password check, the next one is refused at once.
    expect(answers.slice(0, FREE_SIGN_IN_FAILURES + 1).map((a) => a.status)).toEqual([...Array<number>(FREE_SIGN_IN_FAILURES).fill(401), 429]);
    // A lock ending during the run lets one more guess through (and locks again); a run shorter than the lock, none.
    const reached = answers.filter((a) => a.status === 401).length;
    expect(reached).toBeLessThanOrEqual(FREE_SIGN_IN_FAILURES + Math.floor(seconds / SIGN_IN_LOCK_SECONDS));
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(30 - reached);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.message).toBe("Too many attempts, try again in 1 minute.");
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(SIGN_IN_LOCK_SECONDS);
    }
  }
  // Whether the account exists is not told: the same messages for both emails.
  const messages = (answers: SignInAnswer[]) => [...new Set(answers.map((a) => `${a.status} ${a.message}`))].sort();
  expect(messages(unknown.answers)).toEqual(messages(known.answers));

  // The owner, with the right password, while the lock holds: the sign-in page says why and for how long.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(SIGN_IN_CUSTOMER);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  // A fresh lock: refused guesses are not counted, so wait for the running lock to end, then one more wrong guess locks again.
  await expect
    .poll(async () => (await signInAttempt(target.baseURL, SIGN_IN_CUSTOMER, "one-more-wrong-password", "198.18.99.1")).status, {
      intervals: [250],
      timeout: (SIGN_IN_LOCK_SECONDS + 10) * 1000,
    })
    .toBe(401);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many attempts, try again in 1 minute.");
  await expect(page).toHaveURL(/\/sign-in$/);

  // Once the lock has passed (seconds here, SIGN_IN_LOCK_SECONDS), the owner signs in, in the browser.
  // Click again only while the form is still there: a click whose sign-in went through is
  // navigating to /billing, and on a busy machine that can take longer than one try's wait.
  await expect(async () => {
    if (new URL(page.url()).pathname === "/sign-in") await page.getByRole("button", { name: "Sign in" }).click({ timeout: 1_000 });
    await expect(page).toHaveURL(/\/billing$/, { timeout: 3_000 });
  }).toPass({ timeout: (SIGN_IN_LOCK_SECONDS + 20) * 1000, intervals: [1_000] });
  await expect(page.getByRole("banner").getByText(SIGN_IN_CUSTOMER)).toBeVisible();
  // The success cleared the streak: a typo now is a plain "wrong password" again.
  expect((await signInAttempt(target.baseURL, SIGN_IN_CUSTOMER, "a-typo-password", "198.18.99.3")).status).toBe(401);
  expect(await signIn(target.baseURL, SIGN_IN_CUSTOMER)).toBeTruthy();
});
