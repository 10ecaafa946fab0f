import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { signOutAction } from "../actions";
import { LanguageMenu } from "./language-menu";
import { NotificationBell } from "./notification-bell";
import type { Viewer } from "@/lib/dal/viewer";

export async function AppHeader({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations("header");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="font-semibold text-slate-900">
          {t("home")}
        </Link>
        <nav aria-label={t("mainNav")} className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {viewer.accountId !== null ? (
            <>
              <Link href="/billing">{t("vouchers")}</Link>
              <Link href="/billing/orders">{t("orders")}</Link>
              <Link href="/billing/usage">{t("usage")}</Link>
              <Link href="/billing/statements">{t("statements")}</Link>
            </>
          ) : null}
          {viewer.role === "admin" ? <Link href="/admin">{t("admin")}</Link> : null}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          {viewer.accountId !== null ? <NotificationBell viewer={viewer} /> : null}
          <LanguageMenu />
          <span className="text-slate-600">{viewer.email}</span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              {t("signOut")}
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
