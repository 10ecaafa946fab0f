import { describe, expect, it } from "vitest";
import { providerList } from "./lists";

describe("providerList", () => {
  it("joins names with a comma in English and 、 in Chinese", () => {
    expect(providerList(["MaxXIntel", "Muxi"], "en")).toBe("MaxXIntel, Muxi");
    expect(providerList(["MaxXIntel", "Muxi"], "zh-CN")).toBe("MaxXIntel、Muxi");
    expect(providerList(["Muxi"], "zh-CN")).toBe("Muxi");
  });
});
