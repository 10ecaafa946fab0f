import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "@/db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "@/db/seed";
import { getAuth } from "@/lib/auth";
import { setupTestDatabase } from "./db";

const getDatabase = setupTestDatabase();

beforeAll(async () => {
  // better-auth stamps sessions with the wall clock, so this suite seeds as of the wall clock too.
  await seedDemoData(getDatabase().db, new Date());
});

async function signIn(email: string, password = DEMO_PASSWORD) {
  const auth = await getAuth();
  const { headers, response } = await auth.api.signInEmail({ body: { email, password }, returnHeaders: true });
  const cookie = (headers.get("set-cookie") ?? "").split(";")[0]!;
  return { cookie, response };
}

describe("email + password sign-in with database sessions", () => {
  it("a demo user signs in with the demo password and gets a session row", async () => {
    const { cookie, response } = await signIn(DEMO_USERS.alice);
    expect(cookie).toMatch(/session_token=/);
    const [row] = await getDatabase().db.select().from(sessions).where(eq(sessions.token, response.token));
    expect(row?.userId).toBe(response.user.id);
  });

  it("a wrong password is refused and creates no session", async () => {
    const { db } = getDatabase();
    const before = (await db.select().from(sessions)).length;
    await expect(signIn(DEMO_USERS.bob, "wrong-password")).rejects.toMatchObject({ status: "UNAUTHORIZED" });
    expect((await db.select().from(sessions)).length).toBe(before);
  });

  it("public sign-up is closed: accounts are provisioned by the platform", async () => {
    const auth = await getAuth();
    await expect(
      auth.api.signUpEmail({ body: { email: "mallory@example.com", password: "mallory-password", name: "Mallory" } }),
    ).rejects.toBeTruthy();
    const rows = await getDatabase().db.select().from(users).where(eq(users.email, "mallory@example.com"));
    expect(rows).toEqual([]);
  });

  it("a user cannot make themselves admin or move to another billing account", async () => {
    const auth = await getAuth();
    const { cookie } = await signIn(DEMO_USERS.alice);
    const { db } = getDatabase();
    const [before] = await db.select().from(users).where(eq(users.email, DEMO_USERS.alice));
    await expect(
      auth.api.updateUser({ body: { role: "admin", billingAccountId: 999 } as never, headers: new Headers({ cookie }) }),
    ).rejects.toBeTruthy();
    // The same session may change what a user is allowed to change (control).
    await auth.api.updateUser({ body: { name: "Alice L." }, headers: new Headers({ cookie }) });
    const [after] = await db.select().from(users).where(eq(users.email, DEMO_USERS.alice));
    expect(after?.name).toBe("Alice L.");
    expect(after?.role).toBe("customer");
    expect(after?.billingAccountId).toBe(before?.billingAccountId);
  });

  it("the session resolves to the user's role and billing account", async () => {
    const auth = await getAuth();
    const { cookie } = await signIn(DEMO_USERS.admin);
    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user).toMatchObject({ email: DEMO_USERS.admin, role: "admin", billingAccountId: null });
  });
});
