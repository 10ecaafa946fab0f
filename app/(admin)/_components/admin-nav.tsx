"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { ADMIN_SECTIONS } from "./sections";

/** The admin sections; the current one is marked for assistive technology, not by colour alone. */
export function AdminNav() {
  const pathname = usePathname();
  const t = useTranslations("admin.nav");
  return (
    <nav aria-label={t("label")} className="border-b border-slate-200 bg-slate-50">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-2 text-sm">
        <li>
          <Link href="/admin" aria-current={pathname === "/admin" ? "page" : undefined} className="block px-2 py-2 hover:underline aria-[current=page]:font-semibold aria-[current=page]:underline">
            {t("overview")}
          </Link>
        </li>
        {ADMIN_SECTIONS.map((s) => {
          const current = pathname === s.href || pathname.startsWith(`${s.href}/`);
          return (
            <li key={s.href}>
              <Link href={s.href} aria-current={current ? "page" : undefined} className="block px-2 py-2 hover:underline aria-[current=page]:font-semibold aria-[current=page]:underline">
                {t(s.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
