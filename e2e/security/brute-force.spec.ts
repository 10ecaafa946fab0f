/**
 * R7, brute force: a guessing script signs in as one customer and sends 1,000
 * well-formed wrong codes (right length, alphabet and check character, so each
 * would reach the code lookup) from 2 client IPs, half Check and half Redeem.
 * The server sits behind one trusted proxy (TRUSTED_PROXY_HOPS=1), which is
 * what makes X-Forwarded-For the client address. Observed from the outside: a
 * refusal "invalid" means the guess reached the lookup, "rate_limited" means a
 * bucket stopped it first. At most REDEEM_LIMIT_PER_ACCOUNT (10) may reach it.
 */
import { expect, test } from "@playwright/test";
import { generateCode } from "../../lib/vouchers/code-crypto";
import { CODE_FORMAT_OF_KIND } from "../../lib/vouchers/code";
import postgres from "postgres";
import { classifyAction, postAction, signIn } from "./support/http";
import { listActions } from "./support/manifest";
import { BRUTE_FORCE_CUSTOMER, CUSTOMER_B, demoCodes, readTarget } from "./support/target";

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
