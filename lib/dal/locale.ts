import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locale";
import type { Viewer } from "./viewer";

/** Saves the caller's console language on their own user row (never anyone else's). */
export async function setMyLocale(viewer: Viewer, locale: Locale, now: Date): Promise<void> {
  const db = await getDb();
  await db.update(users).set({ locale, updatedAt: now }).where(eq(users.id, viewer.userId));
}
