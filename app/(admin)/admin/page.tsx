import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ADMIN_SECTIONS } from "../_components/sections";
import { AuditActor } from "../_components/audit-actor";
import { AuditAction } from "../_components/audit-action";
import { DateTime } from "@/components/ui/date-time";
import { getAdminOverview } from "@/lib/dal/admin/overview";
import { requireAdminPage } from "@/lib/page";
import { Figures } from "@/components/ui/facts";
import { AdminInsightsSection } from "./_components/admin-insights";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("title") };
}

export default async function AdminPage() {
  const viewer = await requireAdminPage();
  const t = await getTranslations("admin");
  const overview = await getAdminOverview(viewer);
  const totals = overview.totals.map(([key, n]) => [t(`overview.total.${key}`), n] as const);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("overview.heading")}</h1>
      <Figures label={t("overview.totals")} className="grid-cols-2 md:grid-cols-4" valueClassName="text-lg tabular-nums" items={totals} />
      <AdminInsightsSection viewer={viewer} now={new Date()} />
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading" className="text-lg font-semibold">
          {t("overview.sections")}
        </h2>
        <ul className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.href} className="rounded-md border border-slate-200 bg-white p-3">
              <Link href={s.href} className="font-medium underline">
                {t(`nav.${s.key}`)}
              </Link>
              <p className="mt-1 text-sm text-slate-600">{t(`overview.sectionText.${s.key}`)}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading" className="text-lg font-semibold">
          {t("overview.latestAudit")}
        </h2>
        <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
          {overview.recentAudit.map((a) => (
            <li key={a.id} className="flex flex-wrap gap-x-3 px-3 py-2">
              <DateTime at={a.createdAt} />
              <AuditAction action={a.action} inline />
              <span className="font-mono text-xs" translate="no">
                {a.targetId}
              </span>
              <span className="text-slate-600">
                <AuditActor actor={a.actor} />
              </span>
            </li>
          ))}
        </ul>
        <Link href="/admin/audit" className="mt-2 inline-block text-sm underline">
          {t("overview.wholeAudit")}
        </Link>
      </section>
    </div>
  );
}
