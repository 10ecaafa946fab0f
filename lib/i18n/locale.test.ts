import { describe, expect, it } from "vitest";
import { isLocale, matchAcceptLanguage, pickLocale } from "./locale";

describe("matchAcceptLanguage", () => {
  it("maps any Chinese tag to zh-CN and any English tag to en", () => {
    expect(matchAcceptLanguage("zh-CN,zh;q=0.9")).toBe("zh-CN");
    expect(matchAcceptLanguage("zh-TW")).toBe("zh-CN");
    expect(matchAcceptLanguage("en-GB,en;q=0.8")).toBe("en");
  });
  it("follows the q-values, not the order", () => {
    expect(matchAcceptLanguage("en;q=0.4, zh;q=0.9")).toBe("zh-CN");
    expect(matchAcceptLanguage("fr, en;q=0.5, zh;q=0.3")).toBe("en");
  });
  it("keeps header order between equal weights and skips q=0", () => {
    expect(matchAcceptLanguage("en, zh")).toBe("en");
    expect(matchAcceptLanguage("zh;q=0, en;q=0.1")).toBe("en");
  });
  it("returns null when no language is one the console speaks", () => {
    expect(matchAcceptLanguage("fr-FR, de;q=0.8")).toBeNull();
    expect(matchAcceptLanguage("")).toBeNull();
    expect(matchAcceptLanguage(null)).toBeNull();
    expect(matchAcceptLanguage("*")).toBeNull();
  });
});

describe("pickLocale", () => {
  const base = { platformDefault: "zh-CN" as const };
  it("prefers the saved choice over the cookie and the header", () => {
    expect(pickLocale({ ...base, saved: "en", cookie: "zh-CN", acceptLanguage: "zh" })).toBe("en");
  });
  it("then the cookie, then Accept-Language, then the deployment default", () => {
    expect(pickLocale({ ...base, cookie: "en", acceptLanguage: "zh" })).toBe("en");
    expect(pickLocale({ ...base, acceptLanguage: "en-US" })).toBe("en");
    expect(pickLocale({ platformDefault: "en", acceptLanguage: "fr" })).toBe("en");
    expect(pickLocale(base)).toBe("zh-CN");
  });
  it("ignores values that are not one of its locales", () => {
    expect(pickLocale({ ...base, saved: "fr", cookie: "xx", acceptLanguage: "en" })).toBe("en");
    expect(isLocale("zh")).toBe(false);
  });
});
