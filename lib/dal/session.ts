import "server-only";
import { isLocale } from "@/lib/i18n/locale";
import { cache } from "react";
import { headers } from "next/headers";
import { getAuth } from "@/lib/auth";
import type { Role, Viewer } from "./viewer";

/** The signed-in user of this request, read once per request; null when signed out. */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  // headers() first: it marks the page dynamic, so `next build` never runs this.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: string; billingAccountId?: number | null; locale?: string | null };
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: (user.role === "admin" ? "admin" : "customer") satisfies Role,
    accountId: user.billingAccountId ?? null,
    locale: isLocale(user.locale) ? user.locale : null,
  };
});
