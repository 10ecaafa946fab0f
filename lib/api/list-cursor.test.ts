import { describe, expect, it } from "vitest";
import { listTag, tagCursor, untagCursor } from "./list-cursor";

describe("list cursors", () => {
  const tag = listTag("usage", "acc_a", { status: "success", kind: "cash" });

  it("tag the list, account and set filter values, whatever their order", () => {
    expect(listTag("usage", "acc_a", { kind: "cash", from: undefined, status: "success" })).toBe(tag);
    expect(listTag("usage", "acc_a", { status: "success" })).not.toBe(tag);
    expect(listTag("usage", "acc_b", { status: "success", kind: "cash" })).not.toBe(tag);
    expect(listTag("vouchers", "acc_a", { status: "success", kind: "cash" })).not.toBe(tag);
    expect(tag).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("give back the page's cursor only under its own tag", () => {
    const cursor = tagCursor("eyJ2IjoxfQ", tag);
    expect(untagCursor(cursor, tag)).toBe("eyJ2IjoxfQ");
    expect(untagCursor(cursor, listTag("usage", "acc_a", {}))).toBeNull();
    for (const raw of ["", ".", `.${tag}`, "eyJ2IjoxfQ", `${cursor}.`]) expect(untagCursor(raw, tag), raw).toBeNull();
  });
});
