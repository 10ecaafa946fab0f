/**
 * Creating a catalog product is idempotent by the form's request key, like
 * issue and grant: a doubled submit makes one product, and both answers name
 * it (issue 12, part 6, item 5).
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, products } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import { createProduct } from "@/lib/dal/admin/catalog";
import type { Viewer } from "@/lib/dal/viewer";
import { fingerprint } from "./admin-db";
import { setupTestDatabase, viewerOf } from "./db";

const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => session.viewer }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const { createProductAction } = await import("@/app/(admin)/admin/catalog/actions");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
const now = new Date("2026-11-23T08:00:00Z");
let alice: Viewer;
let admin: Viewer;

beforeAll(async () => {
  await seedDemoData(db(), now);
  alice = await viewerOf(db(), DEMO_USERS.alice);
  admin = await viewerOf(db(), DEMO_USERS.admin);
});

beforeEach(() => {
  session.viewer = null;
});

async function productsNamed(name: string) {
  return db().select({ publicId: products.publicId }).from(products).where(eq(products.name, name));
}

describe("Create product has one effect per form", () => {
  it("the same form sent twice makes one product; both answers name it; one audit row", async () => {
    session.viewer = admin;
    const form = { name: "Muxi - Batch inference", unitPrice: "12.50", provider: "Muxi", requestKey: randomUUID() };
    const first = await createProductAction(form);
    const second = await createProductAction(form);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    const rows = await productsNamed(form.name);
    expect(rows).toHaveLength(1);
    expect(first.ok && first.data.publicId).toBe(rows[0]!.publicId);
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "product.create"), eq(auditLog.targetId, rows[0]!.publicId)))).toHaveLength(1);
  });

  it("ten sends at once make one product", async () => {
    const requestKey = randomUUID();
    const name = "MaxXIntel - Spot GPU hours";
    const results = await Promise.all(Array.from({ length: 10 }, () => createProduct(admin, { name, unitPrice: 800, provider: "MaxXIntel", requestKey }, now)));
    const rows = await productsNamed(name);
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.publicId))).toEqual(new Set([rows[0]!.publicId]));
  });

  it("a new form (new key) makes another product; the same key with other fields is refused", async () => {
    session.viewer = admin;
    const form = { name: "Serverless API - Embeddings", unitPrice: "3", provider: "", requestKey: randomUUID() };
    expect(await createProductAction(form)).toMatchObject({ ok: true });
    expect(await createProductAction({ ...form, requestKey: randomUUID() })).toMatchObject({ ok: true });
    expect(await productsNamed(form.name)).toHaveLength(2);
    const before = await fingerprint(db());
    expect(await createProductAction({ ...form, unitPrice: "4" })).toMatchObject({ ok: false, code: "conflict" });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("a form without a request key is an input error and changes nothing", async () => {
    session.viewer = admin;
    const before = await fingerprint(db());
    expect(await createProductAction({ name: "No key", unitPrice: "1", provider: "" })).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { requestKey: expect.any(Array) } });
    expect(await fingerprint(db())).toEqual(before);
  });

  it("customers and signed-out callers are refused before the input is read, and nothing changes", async () => {
    const form = { name: "Free GPU", unitPrice: "0", provider: "", requestKey: randomUUID() };
    const before = await fingerprint(db());
    for (const [who, code] of [
      [alice, "forbidden"],
      [null, "unauthenticated"],
    ] as const) {
      session.viewer = who;
      const result = await createProductAction(form);
      expect(result).toMatchObject({ ok: false, code });
      expect(result).not.toHaveProperty("fieldErrors");
    }
    expect(await fingerprint(db())).toEqual(before);
  });
});
