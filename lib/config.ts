import type { SignInLimitPolicy } from "./sign-in-limit";

/**
 * Settings read from the environment, with the documented defaults of README.md.
 * Secrets have development defaults only; in production a missing secret stops
 * the server at start (see instrumentation.ts).
 */
import { DEFAULT_CURRENCY, isCurrencyCode } from "./money";
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from "./i18n/locale";

const DEV_CODE_SECRET = "dev-only-voucher-code-secret-change-me";
const DEV_AUTH_SECRET = "dev-only-better-auth-secret-change-me-0123456789";

export const isProduction = () => process.env.NODE_ENV === "production";

function secret(name: string, devDefault: string): string {
  const value = process.env[name];
  if (value && value.length >= 32) return value;
  if (value) throw new Error(`${name} must be at least 32 characters long.`);
  if (isProduction()) throw new Error(`${name} is not set; refusing to start in production without it.`);
  return devDefault;
}

/** HMAC key for redemption codes (SPEC 5). */
export const voucherCodeSecret = () => secret("VOUCHER_CODE_SECRET", DEV_CODE_SECRET);
export const authSecret = () => secret("BETTER_AUTH_SECRET", DEV_AUTH_SECRET);

export const platformTimeZone = () => process.env.PLATFORM_TIME_ZONE ?? "Asia/Shanghai";
/**
 * The deployment's one currency (SPEC 2): `PLATFORM_CURRENCY`, an ISO 4217 code,
 * default CNY. It decides how every amount is shown, typed and exported, and its
 * minor-unit digits (JPY 0, CNY 2, KWD 3). A code Intl doesn't know stops the
 * server at start rather than formatting money wrongly.
 */
export function platformCurrency(): string {
  const raw = process.env.PLATFORM_CURRENCY;
  if (raw === undefined || raw.trim() === "") return DEFAULT_CURRENCY;
  const code = raw.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw new Error(`PLATFORM_CURRENCY must be an ISO 4217 currency code such as CNY, USD or JPY, got "${raw}".`);
  return code;
}

/**
 * The deployment's default language (`PLATFORM_LOCALE`: zh-CN or en, default
 * zh-CN), used when neither the user, a cookie nor the browser names one.
 */
export function platformLocale(): Locale {
  const raw = process.env.PLATFORM_LOCALE;
  if (raw === undefined || raw.trim() === "") return DEFAULT_LOCALE;
  if (!isLocale(raw.trim())) throw new Error(`PLATFORM_LOCALE must be one of ${LOCALES.join(", ")}, got "${raw}".`);
  return raw.trim() as Locale;
}

/** Throws when a production deployment lacks a required secret, or names a currency that doesn't exist. */
export function assertRuntimeConfig(): void {
  voucherCodeSecret();
  authSecret();
  trustedProxyHops();
  signInLimits();
  apiRateLimit();
  platformCurrency();
  platformLocale();
}

/** An integer setting from the environment: `fallback` when unset or empty; below `min` or not an integer throws a clear message. */
export function intSetting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}".`);
  return n;
}
const positiveInt = (name: string, fallback: number) => intSetting(name, fallback, 1);

/**
 * Redemption attempt limits (SPEC 5). Defaults: 10 attempts per account and 50
 * per client IP in a 15-minute window, Check and Redeem alike, right or wrong.
 */
export function redemptionLimits() {
  const windowMs = positiveInt("REDEEM_LIMIT_WINDOW_MINUTES", 15) * 60_000;
  return {
    account: { max: positiveInt("REDEEM_LIMIT_PER_ACCOUNT", 10), windowMs },
    ip: { max: positiveInt("REDEEM_LIMIT_PER_IP", 50), windowMs },
  };
}

/**
 * Requests per API key per minute on /api/v1 (lib/api/http.ts, docs/api.md):
 * `API_RATE_LIMIT_PER_MINUTE`, default 600. Counted in PostgreSQL
 * (`rate_limit_buckets`, key `api:<key_…>`), so it holds across app servers;
 * the request over it is answered 429 with `Retry-After`.
 */
export function apiRateLimit() {
  return { max: positiveInt("API_RATE_LIMIT_PER_MINUTE", 600), windowMs: 60_000 };
}

/** How many proxies in front of the app append to X-Forwarded-For (0: none trusted). */
export function trustedProxyHops(): number {
  return intSetting("TRUSTED_PROXY_HOPS", 0, 0);
}

/**
 * Whether this server serves the benchmarks' reference page and action
 * (/billing/bench-ping, pingAction): only with `BENCH_REFERENCE=on`, which the
 * benchmarks set on the servers they start (bench/lib/env.ts). Read per request,
 * so every other server, production included, answers them "not found".
 */
export function benchReferenceEnabled(): boolean {
  return process.env.BENCH_REFERENCE === "on";
}

/** How long a placed order stays payable (SPEC 6), in minutes; default 30. */
export function pendingOrderMinutes(): number {
  return positiveInt("PENDING_ORDER_MINUTES", 30);
}

/**
 * Failed sign-ins per email (lib/sign-in-limit.ts, docs/security.md). Defaults:
 * 5 failures free, then a lock of 1 minute doubling per further failure up to
 * 15 minutes; a streak is forgotten after an hour without a failure.
 */
export function signInLimits(): SignInLimitPolicy {
  const policy = {
    freeFailures: positiveInt("SIGN_IN_FREE_FAILURES", 5),
    lockMs: positiveInt("SIGN_IN_LOCK_SECONDS", 60) * 1000,
    maxLockMs: positiveInt("SIGN_IN_MAX_LOCK_SECONDS", 15 * 60) * 1000,
    forgetAfterMs: positiveInt("SIGN_IN_FORGET_SECONDS", 60 * 60) * 1000,
  };
  if (policy.maxLockMs < policy.lockMs) throw new Error("SIGN_IN_MAX_LOCK_SECONDS must be at least SIGN_IN_LOCK_SECONDS.");
  if (policy.forgetAfterMs < policy.maxLockMs) throw new Error("SIGN_IN_FORGET_SECONDS must be at least SIGN_IN_MAX_LOCK_SECONDS.");
  return policy;
}

/**
 * How often each app server looks for vouchers whose expiry is news and writes
 * their events (lib/dal/scheduler.ts): `EVENTS_SCHEDULE_INTERVAL_MINUTES`,
 * default 5; 0 turns the in-process schedule off (when `npm run events:schedule`
 * runs from cron instead). Several servers may run it: each event is written once.
 */
export function eventScheduleIntervalMs(): number {
  return intSetting("EVENTS_SCHEDULE_INTERVAL_MINUTES", 5, 0) * 60_000;
}

/**
 * How often each app server prunes expired rate-limit buckets and request keys
 * (db/prune.ts): `PRUNE_INTERVAL_MINUTES`, default 10; 0 turns the in-process
 * schedule off (when `npm run db:prune` runs from cron instead).
 */
export function pruneIntervalMs(): number {
  return intSetting("PRUNE_INTERVAL_MINUTES", 10, 0) * 60_000;
}

/**
 * The longest a `rate_limit_buckets` row matters, over every limiter that writes
 * one: the redemption windows, and how long a sign-in streak is remembered after
 * its last failure. Older buckets are expired.
 */
export function rateLimitRetentionMs(): number {
  const limits = redemptionLimits();
  return Math.max(limits.account.windowMs, limits.ip.windowMs, signInLimits().forgetAfterMs, apiRateLimit().windowMs);
}

/**
 * Where webhooks may go (lib/webhooks/url-policy.ts): `https` to public
 * addresses only, unless `WEBHOOK_ALLOW_PRIVATE_URLS=1` (development and tests:
 * a receiver on 127.0.0.1 over http); docs/events.md says why production must
 * not set it.
 */
export function webhookUrlPolicy(): { allowPrivate: boolean } {
  return { allowPrivate: process.env.WEBHOOK_ALLOW_PRIVATE_URLS === "1" };
}
