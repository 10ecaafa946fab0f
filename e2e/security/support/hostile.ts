/**
 * fast-check arbitraries of bad input (R5): wrong types, missing and extra
 * fields, negative, zero, huge and non-integer amounts, overlong and unicode
 * strings, SQL and HTML injection, other accounts' ids, and bodies that are
 * not a well-formed call at all.
 */
import fc from "fast-check";

export const SQL_INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE orders; --",
  "1; UPDATE billing_accounts SET cash_balance = 999999999; --",
  "' UNION SELECT code_hash FROM redemption_codes --",
  "\\'; SELECT pg_sleep(5); --",
  "vch_x' OR 'a'='a",
  "ord_1 OR 1=1",
  "%' AND 1=1 --",
  "$$; DELETE FROM vouchers; $$",
];

export const HTML_INJECTION = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(document.cookie)>',
  "javascript:alert(1)",
  "<svg/onload=alert(1)>",
  "{{7*7}}${7*7}<%= 7*7 %>",
  "=cmd|' /C calc'!A0",
  "+SUM(1+1)*cmd|' /C calc'!A0",
];

/** Strings that look like amounts but are not valid ones anywhere (negative, zero, fractions of a fen, too large...). */
export const BAD_AMOUNT_STRINGS = [
  "-1",
  "-0.01",
  "0",
  "0.00",
  "-0",
  "0.001",
  "1.234",
  "1e3",
  "1E-2",
  "0x10",
  "１０",
  "NaN",
  "Infinity",
  "-Infinity",
  "99999999999999999999",
  "1000000.01",
  "100000001",
  "9007199254740993",
  "1,0,0",
  "¥-5",
  "CNY -1",
  "5 5",
  ".",
  "-",
  "+",
];

export const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "\u202eevil",
  "\ufeff",
  "\u200b\u200b",
  "ＡＢＣＤ－１２３４",
  "😀💸🧾",
  "null",
  "undefined",
  "true",
  "[object Object]",
  "__proto__",
  "constructor",
  "prototype",
  "../../../../etc/passwd",
  "%00%2e%2e%2f",
  "%s%s%s%n",
  "\r\nSet-Cookie: admin=1",
  "$",
  "$$",
  "$1",
  "$Q1",
  "$@0",
  "$1:constructor:constructor",
  "$K1",
  "$undefined",
];

/** Keys an attacker adds in the hope the server trusts them (mass assignment) or trips on them. */
export const EXTRA_KEYS = [
  "accountId",
  "accountPublicId",
  "billingAccountId",
  "userId",
  "role",
  "isAdmin",
  "amount",
  "price",
  "unitPrice",
  "status",
  "id",
  "publicId",
  "balance",
  "__proto__",
  "constructor",
  "prototype",
];

const badNumber = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 0 }),
  fc.constantFrom(0, -0, -1, 0.5, 0.1 + 0.2, 1e-7, 10.005, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, 2 ** 64, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.integer({ min: 10_001, max: 2 ** 31 }),
);

/** Ids shaped right but pointing nowhere, or shaped wrong. */
const badId = fc.oneof(
  fc.constantFrom("vch_", "ord_", "prd_", "acc_", "bat_").chain((prefix) =>
    fc.oneof(
      fc.stringMatching(/^[0-9a-z]{16}$/).map((s) => `${prefix}${s}`),
      fc.string({ maxLength: 60 }).map((s) => `${prefix}${s}`),
      fc.constant(`${prefix}${"z".repeat(200)}`),
      fc.constant(`${prefix.toUpperCase()}0000000000000000`),
    ),
  ),
  fc.uuid(),
);

export function hostileString(otherAccountIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SQL_INJECTION, ...HTML_INJECTION) },
    { weight: 3, arbitrary: fc.constantFrom(...BAD_AMOUNT_STRINGS) },
    { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: 2, arbitrary: badId },
    ...(otherAccountIds.length ? [{ weight: 3, arbitrary: fc.constantFrom(...otherAccountIds) }] : []),
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 200, maxLength: 2_000 }) },
    { weight: 1, arbitrary: fc.constantFrom("A".repeat(10_000), "9".repeat(5_000), "€".repeat(50_000)) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  );
}

/** Any bad value: of a wrong type, or of the right type with a bad content. */
export function hostileValue(otherAccountIds: string[]): fc.Arbitrary<unknown> {
  const str = hostileString(otherAccountIds);
  const leaf = fc.oneof(str, badNumber, fc.boolean(), fc.constant(null), fc.constant(undefined));
  return fc.oneof(
    { weight: 6, arbitrary: str },
    { weight: 3, arbitrary: badNumber },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, [], {}) },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 10 })), leaf, { maxKeys: 4 }).map(ownKeys) },
    // Deep nesting.
    { weight: 1, arbitrary: fc.integer({ min: 5, max: 30 }).map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: [inner] }), "deep")) },
  );
}

/** Rebuilds an object with every key as an own property (so `__proto__` is a key, not the prototype). */
function ownKeys(source: Record<string, unknown>): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
  return target;
}

const DELETE = Symbol("delete");
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function fieldArb(sampleValue: unknown, hostile: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const options: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 5, arbitrary: hostile },
    { weight: 1, arbitrary: fc.constant(DELETE) },
    { weight: 1, arbitrary: fc.array(hostile, { maxLength: 5 }) },
  ];
  if (isPlainObject(sampleValue)) options.push({ weight: 4, arbitrary: objectArb(sampleValue, hostile) });
  return fc.oneof(...options);
}

/** The sample with one or more fields replaced by bad values or removed, plus maybe unexpected keys. */
export function objectArb(sample: Record<string, unknown>, hostile: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(sample);
  const extras = fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })), hostile, { maxKeys: 3 });
  if (keys.length === 0) return fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })), hostile, { minKeys: 1, maxKeys: 4 }).map(ownKeys);
  return fc
    .tuple(fc.subarray(keys, { minLength: 1 }), fc.record(Object.fromEntries(keys.map((k) => [k, fieldArb(sample[k], hostile)]))), extras)
    .map(([targets, replacements, extra]) => {
      const out: Record<string, unknown> = { ...sample };
      for (const k of targets) {
        const value = (replacements as Record<string, unknown>)[k];
        if (value === DELETE) delete out[k];
        else out[k] = value;
      }
      // Unexpected keys, as own properties (a `__proto__` key stays a key).
      return ownKeys({ ...out, ...extra });
    });
}

/** The argument lists of a call: a corrupted sample, a bad value instead of it, or the wrong number of arguments. */
export function argsArb(sample: Record<string, unknown>, otherAccountIds: string[]): fc.Arbitrary<unknown[]> {
  const hostile = hostileValue(otherAccountIds);
  return fc.oneof(
    { weight: 7, arbitrary: objectArb(sample, hostile).map((o) => [o]) },
    { weight: 2, arbitrary: hostile.map((v) => [v]) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constant<unknown[]>([]),
        fc.tuple(objectArb(sample, hostile), hostile).map((pair): unknown[] => [...pair]),
        fc.array(hostile, { minLength: 2, maxLength: 4 }),
      ),
    },
  );
}

/**
 * The body React's client would send for these arguments (strings that start
 * with `$` escaped as `$$`, undefined as `$undefined`), so bad values reach the
 * action; `raw` skips the escaping, as a hand-made attack would.
 */
export function encodeArgs(args: unknown[], raw: boolean): string {
  if (raw) return JSON.stringify(args);
  const escape = (value: unknown): unknown => {
    if (typeof value === "string") return value.startsWith("$") ? `$${value}` : value;
    if (value === undefined) return "$undefined";
    if (Array.isArray(value)) return value.map(escape);
    if (isPlainObject(value)) return ownKeys(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escape(v)])));
    return value;
  };
  return JSON.stringify(args.map(escape));
}

/** Bodies that are not a call at all: not JSON, not a list, references to parts that are not there. */
export const malformedBody: fc.Arbitrary<{ contentType: string; body: string | FormData }> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }).map((body) => ({ contentType: "text/plain;charset=UTF-8", body })),
  fc.jsonValue().map((v) => ({ contentType: "text/plain;charset=UTF-8", body: JSON.stringify(v) ?? "" })),
  fc.constantFrom("{", "[", "[1,", "null", "42", '"x"', '{"a":1}', "", "[\"$Q1\"]", "[\"$h\"]", "[\"$@1\"]", "[\"$1:constructor:constructor\"]", '["$n12x"]', '["$T"]', '["$"]').map((body) => ({
    contentType: "text/plain;charset=UTF-8",
    body,
  })),
  fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/x-component", "").map((contentType) => ({ contentType, body: "[{}]" })),
  fc.tuple(fc.constantFrom("0", "1", "_1_a", "$ACTION_ID_x", "x"), fc.string({ maxLength: 40 }), fc.constantFrom("0", "1", "2")).map(([key, value, second]) => {
    const form = new FormData();
    form.append(key, value);
    form.append(second, '["$K1"]');
    return { contentType: "multipart", body: form };
  }),
);
