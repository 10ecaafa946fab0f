import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { countMyUnread, UNREAD_COUNT_CAP } from "@/lib/dal/notifications";
import type { Viewer } from "@/lib/dal/viewer";

/**
 * The header's bell (server-rendered, no client script): a link to the inbox
 * named with the unread count ("Notifications, 3 unread"), the count shown on
 * it when there are any. The DAL counts the caller's own account only.
 */
export async function NotificationBell({ viewer }: { viewer: Viewer }) {
  const [unread, t] = await Promise.all([countMyUnread(viewer), getTranslations("notifications")]);
  const many = unread > UNREAD_COUNT_CAP;
  const label = many ? t("bellMany", { max: UNREAD_COUNT_CAP }) : t("bell", { count: unread });
  return (
    <Link
      href="/billing/notifications"
      aria-label={label}
      title={label}
      className="relative inline-flex min-h-10 min-w-10 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span aria-hidden="true" data-testid="unread-count" className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs leading-5 font-semibold text-white">
          {many ? `${UNREAD_COUNT_CAP}+` : unread}
        </span>
      ) : null}
    </Link>
  );
}
