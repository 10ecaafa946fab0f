import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { apiSecretHash, isApiSecretShape, last4, maskedSecret, newApiKeyPublicId, newApiSecret, parseApiKeyName, parseApiScopes } from "./keys";

describe("API key secrets", () => {
  it("are sk_live_ and 32 lower-case base-32 characters, different each time", () => {
    const secrets = Array.from({ length: 200 }, newApiSecret);
    for (const s of secrets) {
      expect(s).toMatch(/^sk_live_[a-z2-7]{32}$/);
      expect(isApiSecretShape(s)).toBe(true);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    // Every character of the alphabet turns up: none is left out by the mapping.
    const seen = new Set(secrets.join("").replace(/sk_live_/g, ""));
    expect([...seen].sort().join("")).toBe("234567abcdefghijklmnopqrstuvwxyz");
  });

  it("refuse any other shape", () => {
    const good = newApiSecret();
    for (const bad of [
      "",
      "sk_live_",
      good.toUpperCase(),
      good.replace("sk_live_", "sk_test_"),
      `${good}a`,
      good.slice(0, -1),
      ` ${good}`,
      `${good}\n`,
      `${good.slice(0, -1)}0`,
      `${good.slice(0, -1)}1`,
      `${good.slice(0, -1)}8`,
      `Bearer ${good}`,
    ]) {
      expect(isApiSecretShape(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("show their last 4 characters only", () => {
    const s = "sk_live_abcdefghijklmnopqrstuvwxyz234567";
    expect(last4(s)).toBe("4567");
    expect(maskedSecret(last4(s))).toBe("sk_live_…4567");
  });

  it("hash as hex HMAC-SHA256 under the server's key, the same as node:crypto", async () => {
    const s = newApiSecret();
    const hash = await apiSecretHash(s, "server-key");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(createHmac("sha256", "server-key").update(s).digest("hex"));
    expect(await apiSecretHash(s, "server-key")).toBe(hash);
    expect(await apiSecretHash(s, "another-key")).not.toBe(hash);
    expect(await apiSecretHash(newApiSecret(), "server-key")).not.toBe(hash);
  });
});

describe("API key ids", () => {
  it("are key_ and 16 characters of the public id alphabet", () => {
    const ids = Array.from({ length: 50 }, newApiKeyPublicId);
    for (const id of ids) expect(id).toMatch(/^key_[0-9abcdefghjkmnpqrstvwxyz]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("API key names and scopes", () => {
  it("a name is trimmed and 1 to 80 characters", () => {
    expect(parseApiKeyName("  Billing worker ")).toEqual({ ok: true, value: "Billing worker" });
    expect(parseApiKeyName("   ")).toEqual({ ok: false, problem: "name_empty" });
    expect(parseApiKeyName("x".repeat(80))).toEqual({ ok: true, value: "x".repeat(80) });
    expect(parseApiKeyName("x".repeat(81))).toEqual({ ok: false, problem: "name_long" });
    // Counted as the database counts: 80 emoji are 80 characters.
    expect(parseApiKeyName("🔑".repeat(80)).ok).toBe(true);
  });

  it("scopes are a non-empty subset, each once, in the enum's order", () => {
    expect(parseApiScopes(["refund", "read", "pay", "read"])).toEqual({ ok: true, value: ["read", "pay", "refund"] });
    expect(parseApiScopes(["charge"])).toEqual({ ok: true, value: ["charge"] });
    expect(parseApiScopes([])).toEqual({ ok: false, problem: "scopes_empty" });
    expect(parseApiScopes(["read", "admin"])).toEqual({ ok: false, problem: "scope_unknown" });
    expect(parseApiScopes(["READ"])).toEqual({ ok: false, problem: "scope_unknown" });
  });
});
