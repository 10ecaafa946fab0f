import { describe, expect, it } from "vitest";
import { auditHref, decodeAuditCursor, encodeAuditCursor, parseAuditParams } from "./audit-filter";

describe("parseAuditParams", () => {
  it("reads every field as an exact filter; the actor is compared in lower case", () => {
    expect(parseAuditParams({ actor: " Admin@Example.com ", action: "voucher.void", target: "vch_abc", from: "2026-11-01", to: "2026-11-30" }).filter).toEqual({
      actorEmail: "admin@example.com",
      action: "voucher.void",
      targetId: "vch_abc",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(parseAuditParams({}).filter).toEqual({});
    expect(parseAuditParams({ target: "bat_abc:7XQ2" }).filter).toEqual({ targetId: "bat_abc:7XQ2" });
  });

  it("takes an API key's ID as the actor (a platform service's changes), exactly", () => {
    expect(parseAuditParams({ actor: "key_7k2m9q4w" }).filter).toEqual({ actorApiKey: "key_7k2m9q4w" });
    expect(parseAuditParams({ actor: "KEY_7K2M" }).filter).toBeNull();
    expect(parseAuditParams({ actor: "key_" }).errors.actor).toBe("Enter the actor's email or API key ID (key_…).");
  });

  it("refuses a bad field (nothing is listed) and explains it", () => {
    const state = parseAuditParams({ actor: "nobody", action: "DROP TABLE", from: "2026-02-30", to: "x" });
    expect(state.filter).toBeNull();
    expect(Object.keys(state.errors).sort()).toEqual(["action", "actor", "from", "to"]);
    expect(parseAuditParams({ from: "2026-12-01", to: "2026-11-01" }).errors).toEqual({ to: "To must be on or after From." });
  });

  it("keeps a valid cursor and drops a bad one with a notice; repeated values read as the first", () => {
    const cursor = encodeAuditCursor({ createdAt: "2026-11-23T08:00:00.123456Z", id: 5 });
    expect(decodeAuditCursor(cursor)).toEqual({ createdAt: "2026-11-23T08:00:00.123456Z", id: 5 });
    expect(decodeAuditCursor(cursor.slice(0, -2))).toBeNull();
    expect(parseAuditParams({ cursor }).cursor).toBe(cursor);
    expect(parseAuditParams({ cursor: "junk" })).toMatchObject({ filter: {}, errors: { cursor: expect.any(String) } });
    expect(parseAuditParams({ action: ["batch.issue", "voucher.void"] }).filter).toEqual({ action: "batch.issue" });
  });

  it("builds short, shareable links", () => {
    expect(auditHref()).toBe("/admin/audit");
    expect(auditHref({ actor: "a@b.c", action: "", target: "vch_x" }, "cur")).toBe("/admin/audit?actor=a%40b.c&target=vch_x&cursor=cur");
  });
});
