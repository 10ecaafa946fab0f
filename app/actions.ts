"use server";

import { cookies, headers } from "next/headers";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { fail, inLocale, type ActionResult } from "@/lib/action";
import { getAuth } from "@/lib/auth";
import { isProduction } from "@/lib/config";
import { setMyLocale } from "@/lib/dal/locale";
import { requestLocale } from "@/lib/dal/request-locale";
import { getViewer, refreshSessionCache } from "@/lib/dal/session";
import { LOCALE_COOKIE, LOCALES, type Locale } from "@/lib/i18n/locale";

/** Ends the caller's session (deletes its row) and clears the cookie. */
export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect("/sign-in");
}

const chooseLocaleSchema = z.strictObject({ locale: z.enum(LOCALES) });

/**
 * Saves a language choice (docs/i18n.md) on the signed-in user and in a cookie
 * (which is all a signed-out visitor has), and refreshes the page the caller is
 * on, so the URL, its tab and its filters stay.
 */
export async function chooseLocaleAction(input: unknown): Promise<ActionResult<{ locale: Locale }>> {
  // The header's menu posts a form (FormData with one field); scripts post { locale }.
  const parsed = chooseLocaleSchema.safeParse(input instanceof FormData ? { locale: input.get("locale") } : input);
  if (!parsed.success) return inLocale(fail({ code: "invalid_input", reason: "fields" }), await requestLocale());
  const { locale } = parsed.data;
  const viewer = await getViewer();
  if (viewer) {
    await setMyLocale(viewer, locale, new Date());
    // The session cache cookie holds the saved language (the first choice of every request): rewrite it.
    await refreshSessionCache();
  }
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    sameSite: "lax",
    httpOnly: true,
    secure: isProduction() && process.env.INSECURE_COOKIES !== "1",
  });
  refresh();
  return { ok: true, data: { locale } };
}
