/**
 * A server action answers in the reader's language (lib/action.ts): the failure's
 * sentence and the schema's field errors in zh-CN for a Chinese reader, exactly
 * as before for an English one. The session and the request's locale are the
 * things stubbed.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import type { Locale } from "@/lib/i18n/locale";
import type { Viewer } from "@/lib/dal/viewer";
import { setupTestDatabase, viewerOf } from "./db";

const request = vi.hoisted(() => ({ viewer: null as Viewer | null, locale: "en" as Locale }));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => request.viewer }));
vi.mock("@/lib/dal/request-locale", () => ({ requestLocale: async () => request.locale }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { createProviderAction } = await import("@/app/(admin)/admin/catalog/actions");
const { voidBatchAction } = await import("@/app/(admin)/admin/batches/actions");

const getDatabase = setupTestDatabase();
let admin: Viewer;

beforeAll(async () => {
  await seedDemoData(getDatabase().db, new Date());
  admin = await viewerOf(getDatabase().db, DEMO_USERS.admin);
});

beforeEach(() => {
  request.viewer = admin;
  request.locale = "en";
});

describe("an action's failure in the reader's language", () => {
  it("tells a refused input and its field errors in English, as always", async () => {
    const result = await createProviderAction({ name: "a,b", reason: "x", requestKey: randomUUID() });
    expect(result).toMatchObject({
      ok: false,
      message: "Check the highlighted fields.",
      fieldErrors: { name: ["A provider name can't contain a comma."], reason: ["Give a reason (at least 3 characters)."] },
    });
  });

  it("tells them in Chinese to a zh-CN reader, zod's own words included", async () => {
    request.locale = "zh-CN";
    expect(await createProviderAction({ name: "a,b", reason: "x", requestKey: randomUUID() })).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: "请检查标出的字段。",
      fieldErrors: { name: ["算力提供方名称不能包含逗号。"], reason: ["请填写原因（至少 3 个字）。"] },
    });
    const typed = await createProviderAction({ name: "Cloud", reason: "Good reason", requestKey: 5 });
    expect(typed.ok).toBe(false);
    if (!typed.ok) expect(typed.fieldErrors?.requestKey?.[0]).toBe("页面已过期，请刷新后重试。");
  });

  it("tells a refusal of the data access layer in Chinese", async () => {
    request.locale = "zh-CN";
    expect(await voidBatchAction({ batchPublicId: "bat_nothere", reason: "Leaked codes" })).toMatchObject({ ok: false, code: "not_found", message: "未找到批次。" });
    request.viewer = null;
    expect(await voidBatchAction({ batchPublicId: "bat_nothere", reason: "Leaked codes" })).toMatchObject({ code: "unauthenticated", message: "登录已失效，请重新登录。" });
  });
});
