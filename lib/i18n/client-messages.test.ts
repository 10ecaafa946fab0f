import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { CLIENT_NAMESPACES, clientMessages } from "./client-messages";

describe("clientMessages", () => {
  const picked = clientMessages(en) as Record<string, Record<string, unknown>>;

  it("keeps whole namespaces and single parts of one, and nothing else", () => {
    expect(picked.common).toEqual(en.common);
    expect(picked.failures?.codeFormat).toEqual(en.failures.codeFormat);
    expect(Object.keys(picked).sort()).toEqual([...new Set(CLIENT_NAMESPACES.map((p) => p.split(".")[0]))].sort());
  });

  it("names only paths that exist in the catalogue", () => {
    for (const path of CLIENT_NAMESPACES) {
      const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], en);
      // A namespace, or a single message picked out of one ("enums.discountUsed").
      expect(["object", "string"], path).toContain(typeof value);
    }
  });
});
