import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  BASE32_ALPHABET,
  CODE_FORMAT_OF_KIND,
  CODE_LENGTH,
  DIGITS_ALPHABET,
  type CodeFormat,
  checkCharacter,
  codeLast4,
  formatCodeForDisplay,
  luhnMod10Valid,
  luhnMod32Valid,
  normalizeCode,
  parseCode,
} from "./code";
import { generateCode, generateCodes, hashCode } from "./code-crypto";

const FORMATS: CodeFormat[] = ["digits16", "base32x20"];

function bodyArb(format: CodeFormat): fc.Arbitrary<string> {
  const alphabet = format === "digits16" ? DIGITS_ALPHABET : BASE32_ALPHABET;
  const n = CODE_LENGTH[format] - 1;
  return fc
    .array(fc.constantFrom(...alphabet.split("")), { minLength: n, maxLength: n })
    .map((chars) => chars.join(""));
}

function validCodeArb(format: CodeFormat): fc.Arbitrary<string> {
  return bodyArb(format).map((body) => body + checkCharacter(body, format));
}

const anyValidCode = fc.oneof(validCodeArb("digits16"), validCodeArb("base32x20"));

describe("code formats per kind", () => {
  it("computing power codes are 16 digits; cash and discount codes are 20 base-32 characters", () => {
    expect(CODE_FORMAT_OF_KIND).toEqual({ compute: "digits16", cash: "base32x20", discount: "base32x20" });
    expect(CODE_LENGTH).toEqual({ digits16: 16, base32x20: 20 });
    expect(BASE32_ALPHABET).toBe("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
  });
});

describe("Luhn check character", () => {
  it("digits16 uses standard Luhn mod 10 (known test numbers)", () => {
    expect(luhnMod10Valid("79927398713")).toBe(true);
    expect(luhnMod10Valid("79927398710")).toBe(false);
    expect(luhnMod10Valid("4111111111111111")).toBe(true);
    expect(checkCharacter("411111111111111", "digits16")).toBe("1");
  });

  it("base32x20 uses Luhn mod 32 over the Crockford alphabet", () => {
    const body = "0000000000000000001";
    // Value 1 doubled is 2, so the check value is 32 - 2 = 30 → "Y".
    expect(checkCharacter(body, "base32x20")).toBe("Y");
    expect(luhnMod32Valid(`${body}Y`)).toBe(true);
    expect(luhnMod32Valid(`${body}Z`)).toBe(false);
  });

  it("refuses a body of the wrong length or alphabet", () => {
    expect(() => checkCharacter("123", "digits16")).toThrow(RangeError);
    expect(() => checkCharacter("U".repeat(19), "base32x20")).toThrow(RangeError);
  });
});

describe("normalizeCode: spaces and dashes are ignored, letters are case-insensitive", () => {
  it("removes whitespace and ASCII and Unicode dashes", () => {
    expect(normalizeCode(" ab-cd\u2010ef\u2011gh\u2012jk\u2013mn\u2014pq\u2015rs\u2212tv\twx\u00a0yz\u3000")).toBe("ABCDEFGHJKMNPQRSTVWXYZ");
  });

  it("upper-cases and folds Crockford look-alikes O→0, I→1, L→1", () => {
    expect(normalizeCode("oOiIlL")).toBe("001111");
  });

  it("maps fullwidth input-method characters to ASCII", () => {
    expect(normalizeCode("ＡＢ１２－ｃｄ")).toBe("AB12CD");
  });

  it("is idempotent on arbitrary Unicode strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const once = normalizeCode(s);
        expect(normalizeCode(once)).toBe(once);
      }),
    );
  });
});

describe("parseCode: format errors without touching the database", () => {
  it("accepts a valid code with spaces, dashes and lower case", () => {
    const code = generateCode("base32x20");
    const typed = formatCodeForDisplay(code).toLowerCase().replaceAll(" ", " - ");
    expect(parseCode(typed)).toEqual({ ok: true, code, format: "base32x20" });
    expect(parseCode("4111 1111 1111 1111")).toEqual({ ok: true, code: "4111111111111111", format: "digits16" });
  });

  it("accepts O, I and L typed for 0 and 1", () => {
    const code = "0000000000000000001Y";
    expect(parseCode("oooo oooo oooo oooo ooIY")).toEqual({ ok: true, code, format: "base32x20" });
    expect(parseCode("OOOO-OOOO-OOOO-OOOO-OOLY")).toEqual({ ok: true, code, format: "base32x20" });
  });

  it("reports an empty code", () => {
    expect(parseCode("")).toEqual({ ok: false, reason: "empty" });
    expect(parseCode("  - \u2014 ")).toEqual({ ok: false, reason: "empty" });
  });

  it("reports a length other than 16 or 20", () => {
    expect(parseCode("123")).toEqual({ ok: false, reason: "length" });
    expect(parseCode("41111111111111111")).toEqual({ ok: false, reason: "length" });
    expect(parseCode("0000000000000000001Y0")).toEqual({ ok: false, reason: "length" });
  });

  it("requires 16-character codes to be all digits", () => {
    expect(parseCode("411111111111111A")).toEqual({ ok: false, reason: "alphabet" });
  });

  it("requires 20-character codes to use the Crockford alphabet (no U)", () => {
    expect(parseCode("U000000000000000001Y")).toEqual({ ok: false, reason: "alphabet" });
    expect(parseCode("000000000000000000#Y")).toEqual({ ok: false, reason: "alphabet" });
  });

  it("reports a wrong check character", () => {
    expect(parseCode("4111111111111112")).toEqual({ ok: false, reason: "check" });
    expect(parseCode("0000000000000000001Z")).toEqual({ ok: false, reason: "check" });
  });

  it("detects every single-character substitution within the alphabet as a check error", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS).chain((format) =>
          fc.tuple(
            fc.constant(format),
            validCodeArb(format),
            fc.nat({ max: CODE_LENGTH[format] - 1 }),
            fc.nat({ max: (format === "digits16" ? 10 : 32) - 2 }),
          ),
        ),
        ([format, code, position, shift]) => {
          const alphabet = format === "digits16" ? DIGITS_ALPHABET : BASE32_ALPHABET;
          const original = alphabet.indexOf(code.charAt(position));
          // shift + 1 in 1..N-1 guarantees a different character of the same alphabet.
          const replacement = alphabet.charAt((original + shift + 1) % alphabet.length);
          const mutated = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(parseCode(mutated)).toEqual({ ok: false, reason: "check" });
        },
      ),
    );
  });

  it("rejects every single-character substitution by any character unless it normalizes back to the code", () => {
    fc.assert(
      fc.property(anyValidCode, fc.nat(), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }), (code, p, ch) => {
        const position = p % code.length;
        const mutated = code.slice(0, position) + ch + code.slice(position + 1);
        const result = parseCode(mutated);
        if (normalizeCode(mutated) === code) {
          expect(result.ok).toBe(true);
        } else {
          expect(result.ok).toBe(false);
        }
      }),
    );
  });

  it("parses every generated code ok with its format", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FORMATS), (format) => {
        const code = generateCode(format);
        expect(parseCode(code)).toEqual({ ok: true, code, format });
      }),
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string()), (s) => {
        const result = parseCode(s);
        expect(typeof result.ok).toBe("boolean");
      }),
    );
  });
});

describe("generateCode / generateCodes (CSPRNG)", () => {
  it("generates codes of the right length and alphabet with a valid check character", () => {
    for (const format of FORMATS) {
      for (let i = 0; i < 200; i++) {
        const code = generateCode(format);
        expect(code).toHaveLength(CODE_LENGTH[format]);
        expect(parseCode(code).ok).toBe(true);
      }
    }
  });

  it("generates 100,000 distinct valid codes quickly", () => {
    for (const format of FORMATS) {
      const started = performance.now();
      const codes = generateCodes(format, 100_000);
      const elapsed = performance.now() - started;
      expect(codes).toHaveLength(100_000);
      expect(new Set(codes).size).toBe(100_000);
      expect(elapsed).toBeLessThan(5_000);
      for (const code of codes.slice(0, 1_000)) expect(parseCode(code)).toEqual({ ok: true, code, format });
    }
  });

  it("uses every symbol of the alphabet in every body position, roughly uniformly", () => {
    for (const format of FORMATS) {
      const alphabet = format === "digits16" ? DIGITS_ALPHABET : BASE32_ALPHABET;
      const codes = generateCodes(format, 32_000);
      const counts = new Map<string, number>();
      for (const code of codes) for (const ch of code.slice(0, -1)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      const expected = (codes.length * (CODE_LENGTH[format] - 1)) / alphabet.length;
      for (const ch of alphabet) {
        const count = counts.get(ch) ?? 0;
        expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
      }
    }
  });

  it("returns no codes for n = 0 and refuses a negative count", () => {
    expect(generateCodes("digits16", 0)).toEqual([]);
    expect(() => generateCodes("digits16", -1)).toThrow(RangeError);
  });
});

describe("code storage and display", () => {
  it("stores codes only as a keyed HMAC-SHA256 hash", () => {
    const code = "0000000000000000001Y";
    const h = hashCode(code, "secret-a");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(code, "secret-a")).toBe(h);
    expect(hashCode(code, "secret-b")).not.toBe(h);
    expect(h).not.toContain(code);
    // RFC 4231 test case 2 pins the algorithm.
    expect(hashCode("what do ya want for nothing?", "Jefe")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("refuses an empty secret", () => {
    expect(() => hashCode("4111111111111111", "")).toThrow();
  });

  it("keeps the last 4 characters for display", () => {
    expect(codeLast4("ABCDEFGHJKMNPQRSTVWX")).toBe("TVWX");
    expect(codeLast4("4111111111111111")).toBe("1111");
  });

  it("shows codes in groups of 4 separated by a space", () => {
    expect(formatCodeForDisplay("ABCDEFGHJKMNPQRSTVWX")).toBe("ABCD EFGH JKMN PQRS TVWX");
    expect(formatCodeForDisplay("4111111111111111")).toBe("4111 1111 1111 1111");
  });

  it("display form parses back to the same code", () => {
    fc.assert(
      fc.property(anyValidCode, (code) => {
        const parsed = parseCode(formatCodeForDisplay(code));
        expect(parsed.ok && parsed.code).toBe(code);
      }),
    );
  });
});
