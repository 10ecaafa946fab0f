import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/dal/session";
import { getAdminOverview } from "@/lib/dal/admin";
import { DateTime } from "@/components/billing/date-time";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const viewer = await requireAdminPage();
  const overview = await getAdminOverview(viewer);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Admin console</h1>
      <dl aria-label="Platform totals" className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {overview.totals.map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading" className="text-lg font-semibold">
          Audit log (latest)
        </h2>
        <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
          {overview.recentAudit.map((a) => (
            <li key={a.id} className="flex flex-wrap gap-x-3 px-3 py-2">
              <DateTime at={a.createdAt} />
              <span className="font-medium">{a.action}</span>
              <span className="font-mono text-xs">{a.targetId}</span>
              <span className="text-slate-600">{a.actorEmail}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
