import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { countMyUnread, listMyNotifications, UNREAD_COUNT_CAP } from "@/lib/dal/notifications";
import { isLocale } from "@/lib/i18n/locale";
import { notificationText } from "@/lib/notifications/text";
import { requireCustomerPage, searchParam } from "@/lib/page";
import { formatDateTime } from "@/lib/time";
import { MarkAllReadButton, MarkReadButton } from "./_components/mark-read-buttons";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("title") };
}

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/**
 * The caller's inbox (docs/notifications.md): newest first, unread ones marked,
 * each told in the reader's language from its event (lib/notifications/text.ts)
 * with links to act on it; mark one or all read. `?before=ntf_…` pages back.
 */
export default async function NotificationsPage({ searchParams }: PageProps<"/billing/notifications">) {
  const viewer = await requireCustomerPage();
  const before = searchParam(await searchParams, "before");
  const [page, unread, t, rawLocale] = await Promise.all([listMyNotifications(viewer, before || null), countMyUnread(viewer), getTranslations("notifications"), getLocale()]);
  const locale = isLocale(rawLocale) ? rawLocale : "en";
  const ctx = { locale, currency: platformCurrency(), timeZone: platformTimeZone() };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <Link href="/billing/settings" className={`text-sm ${linkClass}`}>
          {t("settings")}
        </Link>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">{unread > UNREAD_COUNT_CAP ? t("bellMany", { max: UNREAD_COUNT_CAP }) : t("unreadCount", { count: unread })}</p>
        {unread > 0 ? <MarkAllReadButton label={t("markAllRead")} done={t("markedAll", { count: unread })} /> : null}
      </div>

      {page.items.length === 0 ? (
        <p className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700">{t("empty")}</p>
      ) : (
        <ul aria-label={t("listLabel")} className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
          {page.items.map((item) => {
            const text = notificationText({ type: item.type, payload: item.payload }, ctx);
            const isUnread = item.readAt === null;
            return (
              <li key={item.publicId} className={`space-y-1 px-4 py-3 ${isUnread ? "border-l-4 border-l-brand-600 bg-blue-50" : "border-l-4 border-l-transparent"}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                  <h2 className={`text-base ${isUnread ? "font-semibold text-slate-900" : "font-normal text-slate-700"}`}>
                    {isUnread ? <span className="mr-2 rounded bg-brand-600 px-1.5 py-0.5 text-xs font-medium text-white">{t("unread")}</span> : null}
                    {text.title}
                  </h2>
                  <time dateTime={item.createdAt.toISOString()} className="text-xs text-slate-600">
                    {t("received", { at: formatDateTime(item.createdAt, ctx.timeZone) })}
                  </time>
                </div>
                <p className="text-sm text-slate-800">{text.body}</p>
                <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
                  {text.links.map((link) => (
                    <Link key={link.href} href={link.href} className={linkClass}>
                      {link.label}
                    </Link>
                  ))}
                  {isUnread ? <MarkReadButton notificationId={item.publicId} label={t("markRead")} accessibleLabel={t("markReadOf", { title: text.title })} /> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}

      {before || page.nextBefore ? (
        <nav aria-label={t("pages")} className="flex gap-4 text-sm">
          {before ? (
            <Link href="/billing/notifications" className={linkClass}>
              {t("newest")}
            </Link>
          ) : null}
          {page.nextBefore ? (
            <Link href={`/billing/notifications?before=${page.nextBefore}`} className={linkClass}>
              {t("older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
