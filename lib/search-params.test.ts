import { describe, expect, it } from "vitest";
import { z } from "zod";
import { optionalParam, searchParam, type SearchParams } from "./search-params";

describe("searchParam", () => {
  it("reads the first value of a parameter, trimmed", () => {
    expect(searchParam({ id: "  vch_1 " }, "id")).toBe("vch_1");
    expect(searchParam({ id: ["vch_1", "vch_2"] }, "id")).toBe("vch_1");
  });

  it("reads an absent, empty or non-text parameter as empty", () => {
    expect(searchParam({}, "id")).toBe("");
    expect(searchParam({ id: [] }, "id")).toBe("");
    expect(searchParam({ id: undefined }, "id")).toBe("");
  });

  it("reads own parameters only", () => {
    const hostile = JSON.parse('{"__proto__": {"id": "x"}}') as SearchParams;
    expect(searchParam(hostile, "id")).toBe("");
    expect(searchParam({}, "constructor")).toBe("");
  });
});

describe("optionalParam", () => {
  const schema = optionalParam(z.enum(["a", "b"]));

  it("reads an empty or blank value as absent", () => {
    expect(schema.parse("")).toBeUndefined();
    expect(schema.parse("  ")).toBeUndefined();
    expect(schema.parse(undefined)).toBeUndefined();
  });

  it("checks the first value, trimmed", () => {
    expect(schema.parse([" b ", "a"])).toBe("b");
    expect(schema.safeParse("c").success).toBe(false);
  });
});
