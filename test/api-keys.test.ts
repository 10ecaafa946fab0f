/**
 * API keys (issue 15) end to end below HTTP: created through the admin actions
 * (session stubbed, as test/admin-actions.test.ts does), the secret returned
 * once and stored nowhere, authenticateApiKey for good, malformed, unknown and
 * revoked secrets, last_used_at written at most once a minute, revocation
 * idempotent, every change audited, and every action refused to a customer and
 * to a signed-out caller with nothing changed. PGlite and PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { apiKeys, auditLog } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { newApiSecret } from "@/lib/api/keys";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "@/lib/dal/api-keys";
import type { Viewer } from "@/lib/dal/viewer";
import { databaseText, fingerprint } from "./admin-db";
import { setupTestDatabase, viewerOf } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({
  getViewer: async () => session.viewer,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { createApiKeyAction, revokeApiKeyAction } = await import("@/app/(admin)/admin/api-keys/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const T0 = new Date("2026-11-23T08:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let alice: Viewer;
let admin: Viewer;

beforeAll(async () => {
  await seedDemoData(db(), T0);
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

beforeEach(() => {
  session.viewer = null;
});

async function create(name: string, scopes: string[]) {
  session.viewer = admin;
  const result = await createApiKeyAction({ name, scopes, requestKey: randomUUID() });
  if (!result.ok) throw new Error(`create refused: ${result.message}`);
  return result.data;
}

async function rowOf(publicId: string) {
  const [row] = await db().select().from(apiKeys).where(eq(apiKeys.publicId, publicId));
  return row!;
}

async function auditOf(targetId: string) {
  return db().select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(desc(auditLog.id));
}

describe("creating a key", () => {
  it("returns a secret once that authenticates with the key's scopes, sorted and each once", async () => {
    const created = await create("  GPU scheduler ", ["refund", "read", "pay", "read"]);
    expect(created.secret).toMatch(/^sk_live_[a-z2-7]{32}$/);
    expect(created.publicId).toMatch(/^key_[0-9a-z]{16}$/);
    expect(created.last4).toBe(created.secret!.slice(-4));
    const principal = await authenticateApiKey(created.secret!, T0);
    expect(principal).toEqual({ apiKeyId: expect.any(Number), publicId: created.publicId, name: "GPU scheduler", scopes: ["read", "pay", "refund"] });
    const row = await rowOf(created.publicId);
    expect(row).toMatchObject({ name: "GPU scheduler", scopes: ["read", "pay", "refund"], last4: created.last4, createdBy: admin.userId, revokedAt: null });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stores no secret anywhere: not in its row, the audit log, the idempotency keys or any other table", async () => {
    const created = await create("Model gateway", ["charge"]);
    const secret = created.secret!;
    const row = await rowOf(created.publicId);
    expect(JSON.stringify(row)).not.toContain("sk_live_");
    const everything = await databaseText(db());
    expect(everything).not.toContain("sk_live_");
    expect(everything).not.toContain(secret.slice("sk_live_".length));
  });

  it("audits the creation with the name, scopes and last 4, by the admin", async () => {
    const created = await create("Audited key", ["read"]);
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({ action: "api_key.create", targetType: "api_key", actorUserId: admin.userId, before: null, after: { name: "Audited key", scopes: ["read"], last4: created.last4 } });
    expect(JSON.stringify(entry)).not.toContain(created.secret!);
  });

  it("a replay of the request key creates nothing and does not reveal the secret again", async () => {
    session.viewer = admin;
    const requestKey = randomUUID();
    const first = await createApiKeyAction({ name: "Retry service", scopes: ["pay"], requestKey });
    expect(first).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^sk_live_/) } });
    const before = await fingerprint(db());
    const again = await createApiKeyAction({ name: "Retry service", scopes: ["pay"], requestKey });
    expect(again).toEqual({ ok: true, data: { publicId: first.ok && first.data.publicId, last4: first.ok && first.data.last4, secret: null } });
    expect(await fingerprint(db())).toEqual(before);
    // The same key for another request is a mistake, refused.
    expect(await createApiKeyAction({ name: "Other service", scopes: ["pay"], requestKey })).toMatchObject({ ok: false, code: "conflict" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("refuses a bad name or scopes with field errors, and the DAL refuses them too", async () => {
    session.viewer = admin;
    const before = await fingerprint(db());
    expect(await createApiKeyAction({ name: "   ", scopes: ["read"], requestKey: randomUUID() })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { name: [expect.any(String)] } });
    expect(await createApiKeyAction({ name: "x".repeat(81), scopes: ["read"], requestKey: randomUUID() })).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(await createApiKeyAction({ name: "Fine", scopes: [], requestKey: randomUUID() })).toMatchObject({ ok: false, fieldErrors: { scopes: [expect.any(String)] } });
    expect(await createApiKeyAction({ name: "Fine", scopes: ["read", "admin"], requestKey: randomUUID() })).toMatchObject({ ok: false, fieldErrors: { scopes: [expect.any(String)] } });
    expect(await createApiKeyAction({ name: "Fine", scopes: "read", requestKey: randomUUID() })).toMatchObject({ ok: false, code: "invalid_input" });
    await expect(createApiKey(admin, { name: "", scopes: ["read"] }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(createApiKey(admin, { name: "Fine", scopes: ["root"] }, T0)).rejects.toMatchObject({ code: "invalid_input" });
    expect(await fingerprint(db())).toEqual(before);
  });
});

describe("authenticating", () => {
  it("gives the same null for a malformed, unknown or revoked secret", async () => {
    const created = await create("Soon revoked", ["read", "pay"]);
    const secret = created.secret!;
    for (const bad of ["", "Bearer x", secret.toUpperCase(), `${secret} `, secret.slice(0, -1), newApiSecret(), `${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`]) {
      expect(await authenticateApiKey(bad, T0), bad).toBeNull();
    }
    expect(await authenticateApiKey(secret, T0)).not.toBeNull();
    session.viewer = admin;
    expect(await revokeApiKeyAction({ publicId: created.publicId, reason: "Service retired" })).toMatchObject({ ok: true, data: { changed: true } });
    expect(await authenticateApiKey(secret, at(1))).toBeNull();
  });

  it("writes last_used_at at most once a minute per key", async () => {
    const created = await create("Busy service", ["read"]);
    const secret = created.secret!;
    const lastUsed = async () => (await rowOf(created.publicId)).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await authenticateApiKey(secret, at(0));
    expect(await lastUsed()).toEqual(at(0));
    await authenticateApiKey(secret, at(30));
    await authenticateApiKey(secret, at(60));
    expect(await lastUsed()).toEqual(at(0));
    await authenticateApiKey(secret, at(61));
    expect(await lastUsed()).toEqual(at(61));
    // Concurrent requests: a write only past the minute, so the time never goes back.
    await Promise.all([at(200), at(130), at(125)].map((now) => authenticateApiKey(secret, now)));
    const after = await lastUsed();
    expect(after!.getTime()).toBeGreaterThan(at(121).getTime());
    await authenticateApiKey(secret, at(62));
    expect(await lastUsed()).toEqual(after);
  });
});

describe("revoking a key", () => {
  it("is audited with its reason, and a second revoke changes nothing and says so", async () => {
    const created = await create("To revoke", ["refund"]);
    session.viewer = admin;
    const first = await revokeApiKeyAction({ publicId: created.publicId, reason: "Leaked in a log" });
    expect(first).toMatchObject({ ok: true, data: { changed: true, revokedAt: expect.any(Date) } });
    const row = await rowOf(created.publicId);
    expect(row.revokedBy).toBe(admin.userId);
    expect(row.revokedAt).not.toBeNull();
    const [entry] = await auditOf(created.publicId);
    expect(entry).toMatchObject({ action: "api_key.revoke", targetType: "api_key", actorUserId: admin.userId, reason: "Leaked in a log", before: { revokedAt: null } });
    const before = await fingerprint(db());
    const again = await revokeApiKeyAction({ publicId: created.publicId, reason: "Again" });
    expect(again).toEqual({ ok: true, data: { changed: false, revokedAt: row.revokedAt } });
    expect(await fingerprint(db())).toEqual(before);
    // The DAL's own answer, with the time passed in.
    expect(await revokeApiKey(admin, { publicId: created.publicId, reason: "Once more" }, at(999))).toEqual({ changed: false, revokedAt: row.revokedAt });
  });

  it("an unknown key is not found; a malformed id or a missing reason is a field error", async () => {
    session.viewer = admin;
    const before = await fingerprint(db());
    expect(await revokeApiKeyAction({ publicId: "key_doesnotexist000", reason: "Valid reason" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await revokeApiKeyAction({ publicId: "prv_x", reason: "Valid reason" })).toMatchObject({ ok: false, fieldErrors: { publicId: [expect.any(String)] } });
    expect(await revokeApiKeyAction({ publicId: "key_x", reason: "" })).toMatchObject({ ok: false, fieldErrors: { reason: [expect.any(String)] } });
    expect(await fingerprint(db())).toEqual(before);
  });
});

describe("listing", () => {
  it("shows name, id, scopes, last 4, creator, last use and revocation, never a hash or a secret", async () => {
    const created = await create("Listed key", ["read", "charge"]);
    await authenticateApiKey(created.secret!, at(5));
    const listed = await listApiKeys(admin);
    const mine = listed.find((k) => k.publicId === created.publicId);
    expect(mine).toEqual({
      publicId: created.publicId,
      name: "Listed key",
      scopes: ["read", "charge"],
      last4: created.last4,
      createdAt: expect.any(Date),
      createdByEmail: DEMO_USERS.admin,
      lastUsedAt: at(5),
      revokedAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain("sk_live_");
  });
});

describe("as a customer or signed out", () => {
  it("every API key action and read is refused, valid input or not, and nothing changes", async () => {
    const target = await create("Untouchable", ["read"]);
    const calls: Array<[string, () => Promise<{ ok: boolean; code?: string }>]> = [
      ["createApiKeyAction", () => createApiKeyAction({ name: "Sneaky", scopes: ["read", "pay", "charge", "refund"], requestKey: randomUUID() })],
      ["createApiKeyAction (bad input)", () => createApiKeyAction({ name: "", scopes: "x" })],
      ["revokeApiKeyAction", () => revokeApiKeyAction({ publicId: target.publicId, reason: "Not allowed" })],
      ["revokeApiKeyAction (bad input)", () => revokeApiKeyAction({})],
    ];
    const before = await fingerprint(db());
    for (const [who, expected] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
    ] as const) {
      session.viewer = who;
      for (const [name, call] of calls) {
        const result = await call();
        expect(result, `${name} as ${who?.email ?? "signed out"}`).toMatchObject({ ok: false, code: expected });
        expect(result).not.toHaveProperty("fieldErrors");
      }
      await expect(listApiKeys(who)).rejects.toMatchObject({ code: expected });
      await expect(createApiKey(who, { name: "Direct", scopes: ["read"] }, T0)).rejects.toMatchObject({ code: expected });
      await expect(revokeApiKey(who, { publicId: target.publicId, reason: "Direct call" }, T0)).rejects.toMatchObject({ code: expected });
    }
    expect(await fingerprint(db())).toEqual(before);
    const [row] = await db().select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(auditLog).where(and(eq(auditLog.targetId, target.publicId), eq(auditLog.action, "api_key.revoke")));
    expect(row!.n).toBe(0);
  });
});
