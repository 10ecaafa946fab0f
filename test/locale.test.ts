/**
 * The language choice end to end: chooseLocaleAction saves it on the caller's own
 * user and in a cookie, refuses anything but a known locale, and resolveLocale
 * takes the saved choice before the cookie, Accept-Language and PLATFORM_LOCALE.
 * The session and the request's cookies and headers are the stubbed parts.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { DEMO_USERS, seedDemoData } from "@/db/seed";
import type { Viewer } from "@/lib/dal/viewer";
import { setupTestDatabase, viewerOf } from "./db";

const request = vi.hoisted(() => ({
  viewer: null as Viewer | null,
  cookies: new Map<string, string>(),
  acceptLanguage: null as string | null,
}));
vi.mock("@/lib/dal/session", () => ({ getViewer: async () => request.viewer, refreshSessionCache: async () => undefined }));
vi.mock("next/cache", () => ({ refresh: () => undefined, revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void request.cookies.set(name, value),
  }),
  headers: async () => new Headers(request.acceptLanguage ? { "accept-language": request.acceptLanguage } : {}),
}));

const { chooseLocaleAction } = await import("@/app/actions");
const { resolveLocale } = await import("@/lib/i18n/request-locale");

const getDatabase = setupTestDatabase();
const db = () => getDatabase().db;
let alice: Viewer;
let bob: Viewer;

async function savedLocale(viewer: Viewer): Promise<string | null> {
  const [row] = await db().select({ locale: users.locale }).from(users).where(eq(users.id, viewer.userId));
  return row!.locale;
}

beforeAll(async () => {
  await seedDemoData(db(), new Date());
  alice = await viewerOf(db(), DEMO_USERS.alice);
  bob = await viewerOf(db(), DEMO_USERS.bob);
});

beforeEach(() => {
  request.viewer = null;
  request.cookies.clear();
  request.acceptLanguage = null;
});

describe("chooseLocaleAction", () => {
  it("saves the choice on the caller's own user and in the cookie, and nobody else's", async () => {
    request.viewer = alice;
    const before = await savedLocale(bob);
    expect(await chooseLocaleAction({ locale: "zh-CN" })).toEqual({ ok: true, data: { locale: "zh-CN" } });
    expect(await savedLocale(alice)).toBe("zh-CN");
    expect(request.cookies.get("NEXT_LOCALE")).toBe("zh-CN");
    expect(await savedLocale(bob)).toBe(before);
  });

  it("takes no user id: naming another user is refused and changes nothing", async () => {
    request.viewer = alice;
    const before = await savedLocale(bob);
    const result = await chooseLocaleAction({ locale: "en", userId: bob.userId });
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await savedLocale(bob)).toBe(before);
    expect(request.cookies.has("NEXT_LOCALE")).toBe(false);
  });

  it("refuses a language the console doesn't speak, changing nothing", async () => {
    request.viewer = bob;
    const before = await savedLocale(bob);
    for (const input of [{ locale: "fr" }, { locale: "zh" }, {}, null, "en"]) {
      expect(await chooseLocaleAction(input)).toMatchObject({ ok: false, code: "invalid_input" });
    }
    expect(await savedLocale(bob)).toBe(before);
    expect(request.cookies.size).toBe(0);
  });

  it("the header's form sends the same choice as a FormData; a bad one chooses nothing", async () => {
    request.viewer = bob;
    const form = new FormData();
    form.set("locale", "zh-CN");
    expect(await chooseLocaleAction(form)).toMatchObject({ ok: true });
    expect(await savedLocale(bob)).toBe("zh-CN");
    request.cookies.clear();
    const bad = new FormData();
    bad.set("locale", "fr");
    expect(await chooseLocaleAction(bad)).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await chooseLocaleAction(undefined)).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await savedLocale(bob)).toBe("zh-CN");
    expect(request.cookies.size).toBe(0);
  });

  it("signed out, only the cookie remembers it", async () => {
    const before = await db().select({ id: users.id, locale: users.locale }).from(users);
    expect(await chooseLocaleAction({ locale: "en" })).toMatchObject({ ok: true });
    expect(request.cookies.get("NEXT_LOCALE")).toBe("en");
    expect(await db().select({ id: users.id, locale: users.locale }).from(users)).toEqual(before);
  });
});

describe("resolveLocale", () => {
  it("takes the saved choice first, then the cookie, then Accept-Language, then the default zh-CN", async () => {
    request.acceptLanguage = "en-US,en;q=0.9";
    expect(await resolveLocale()).toBe("en");
    request.cookies.set("NEXT_LOCALE", "zh-CN");
    expect(await resolveLocale()).toBe("zh-CN");
    request.viewer = { ...alice, locale: "en" };
    expect(await resolveLocale()).toBe("en");
    request.viewer = null;
    request.cookies.clear();
    request.acceptLanguage = "fr-FR";
    expect(await resolveLocale()).toBe("zh-CN");
  });

  it("the choice the action saved is what a later request reads, before the cookie and the header", async () => {
    request.viewer = alice;
    await chooseLocaleAction({ locale: "en" });
    request.cookies.clear();
    request.acceptLanguage = "zh-CN";
    request.viewer = { ...alice, locale: (await savedLocale(alice)) as "en" };
    expect(await resolveLocale()).toBe("en");
  });
});
