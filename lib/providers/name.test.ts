import { describe, expect, it } from "vitest";
import { newPublicId } from "../ids";
import { MAX_PROVIDER_NAME_LENGTH, isProviderPublicId, normalizeProviderName, parseProviderName, providerNameKey } from "./name";

describe("normalizeProviderName", () => {
  it("trims and makes every run of whitespace (tabs, full-width spaces, new lines) one space", () => {
    expect(normalizeProviderName("  Big \t\u3000 Compute \n")).toBe("Big Compute");
    expect(normalizeProviderName("Muxi")).toBe("Muxi");
    expect(normalizeProviderName(" \u3000 ")).toBe("");
  });

  it("composes Unicode (NFC), so the same name typed two ways is one string", () => {
    expect(normalizeProviderName("Cafe\u0301")).toBe("Caf\u00e9");
  });
});

describe("providerNameKey", () => {
  it("makes names that differ only by case or spacing the same provider", () => {
    expect(providerNameKey("muxi")).toBe(providerNameKey(" MUXI "));
    expect(providerNameKey("Big  Compute")).toBe(providerNameKey("big compute"));
    expect(providerNameKey("Muxi")).not.toBe(providerNameKey("MaxXIntel"));
  });
});

describe("parseProviderName", () => {
  it("accepts a name in its normal form, non-Latin names too", () => {
    expect(parseProviderName("  Muxi ")).toEqual({ ok: true, value: "Muxi" });
    expect(parseProviderName("沐曦 集成电路")).toEqual({ ok: true, value: "沐曦 集成电路" });
  });

  it("counts characters, not UTF-16 units, up to the limit", () => {
    expect(parseProviderName("x".repeat(MAX_PROVIDER_NAME_LENGTH))).toMatchObject({ ok: true });
    expect(parseProviderName("x".repeat(MAX_PROVIDER_NAME_LENGTH + 1))).toMatchObject({ ok: false, message: expect.stringContaining("at most 40") });
    expect(parseProviderName("😀".repeat(MAX_PROVIDER_NAME_LENGTH))).toMatchObject({ ok: true });
  });

  it("refuses blank names, commas, control characters and id-shaped names, each with its reason", () => {
    expect(parseProviderName("   ")).toEqual({ ok: false, message: "Give the provider a name." });
    expect(parseProviderName(undefined)).toEqual({ ok: false, message: "Give the provider a name." });
    expect(parseProviderName("Muxi, Inc")).toMatchObject({ ok: false, message: expect.stringContaining("comma") });
    expect(parseProviderName("Muxi，Inc")).toMatchObject({ ok: false, message: expect.stringContaining("comma") });
    expect(parseProviderName("Mu\u0000xi")).toMatchObject({ ok: false, message: expect.stringContaining("control") });
    expect(parseProviderName("prv_abc")).toMatchObject({ ok: false, message: expect.stringContaining("prv_") });
    expect(parseProviderName("PRV_abc")).toMatchObject({ ok: false });
  });
});

describe("isProviderPublicId", () => {
  it("tells a provider id from a name", () => {
    expect(isProviderPublicId(newPublicId("prv"))).toBe(true);
    expect(isProviderPublicId("prv_0123456789abcdef0123")).toBe(true);
    expect(isProviderPublicId("Muxi")).toBe(false);
    expect(isProviderPublicId("prd_0123456789abcdef")).toBe(false);
    expect(isProviderPublicId("prv_ABC")).toBe(false);
  });
});
