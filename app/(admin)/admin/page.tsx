import type { Metadata } from "next";
import Link from "next/link";
import { ADMIN_SECTIONS } from "../_components/sections";
import { DateTime } from "@/components/ui/date-time";
import { getAdminOverview } from "@/lib/dal/admin/overview";
import { requireAdminPage } from "@/lib/page";
import { Figures } from "@/components/ui/facts";

export const metadata: Metadata = { title: "Admin" };

const SECTION_TEXT: Record<(typeof ADMIN_SECTIONS)[number]["label"], string> = {
  Batches: "Issue vouchers as codes (shown once), void a batch.",
  Vouchers: "Find by Voucher ID, code or email; void; grant to an account.",
  Accounts: "Balances, vouchers and orders; usage charges and cash adjustments.",
  Orders: "Find orders and refund them, in full or in part.",
  Catalog: "Create, edit and retire products.",
  "Audit log": "Every admin change, filtered by actor, action, target and time.",
};

export default async function AdminPage() {
  const viewer = await requireAdminPage();
  const overview = await getAdminOverview(viewer);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Admin console</h1>
      <Figures label="Platform totals" className="grid-cols-2 md:grid-cols-4" valueClassName="text-lg tabular-nums" items={overview.totals} />
      <section aria-labelledby="sections-heading">
        <h2 id="sections-heading" className="text-lg font-semibold">
          Sections
        </h2>
        <ul className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.href} className="rounded-md border border-slate-200 bg-white p-3">
              <Link href={s.href} className="font-medium underline">
                {s.label}
              </Link>
              <p className="mt-1 text-sm text-slate-600">{SECTION_TEXT[s.label]}</p>
            </li>
          ))}
        </ul>
      </section>
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
        <Link href="/admin/audit" className="mt-2 inline-block text-sm underline">
          The whole audit log
        </Link>
      </section>
    </div>
  );
}
