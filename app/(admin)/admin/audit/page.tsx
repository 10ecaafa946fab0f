import type { Metadata } from "next";
import Link from "next/link";
import { FilterActions, TextField } from "@/components/ui/field";
import { PageHeading } from "@/components/admin/page-heading";
import { DateTime } from "@/components/ui/date-time";
import { DataTable, type Column } from "@/components/ui/data-table";
import { AUDIT_ACTIONS, auditHref, parseAuditParams } from "@/lib/admin/audit-filter";
import { listAudit, type AuditEntryView } from "@/lib/dal/admin/audit";
import { isPublicId, type PublicIdPrefix } from "@/lib/ids";
import { requireAdminPage } from "@/lib/page";

export const metadata: Metadata = { title: "Audit log · Admin" };

/** Before/after as compact JSON: every field shown, nothing interpreted away. */
function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500">—</span>;
  return <code className="block max-w-xs whitespace-pre-wrap break-all text-xs">{JSON.stringify(value)}</code>;
}

/** The admin page of each target type that has one, and its ids' prefix. */
const TARGET_PAGES: Record<string, { page: string; prefix: PublicIdPrefix }> = {
  voucher: { page: "vouchers", prefix: "vch" },
  batch: { page: "batches", prefix: "bat" },
  order: { page: "orders", prefix: "ord" },
  account: { page: "accounts", prefix: "acc" },
};

/** Targets that have a page link to it. */
function targetHref(type: string, id: string): string | null {
  const target = Object.hasOwn(TARGET_PAGES, type) ? TARGET_PAGES[type] : undefined;
  return target && isPublicId(target.prefix, id) ? `/admin/${target.page}/${id}` : null;
}

/** The target's type, then its id, linked where it has a page. */
function Target({ type, id }: { type: string; id: string }) {
  const href = targetHref(type, id);
  return (
    <>
      <span className="text-xs text-slate-600">{type}</span>{" "}
      {href ? (
        <Link href={href} className="font-mono text-xs underline">
          {id}
        </Link>
      ) : (
        <span className="font-mono text-xs">{id}</span>
      )}
    </>
  );
}

const COLUMNS: Array<Column<AuditEntryView>> = [
  { header: "Time", className: "whitespace-nowrap", cell: (e) => <DateTime at={e.createdAt} /> },
  { header: "Actor", cell: (e) => e.actorEmail },
  { header: "Action", className: "font-medium", cell: (e) => e.action },
  { header: "Target", cell: (e) => <Target type={e.targetType} id={e.targetId} /> },
  { header: "Before", cell: (e) => <Json value={e.before} /> },
  { header: "After", cell: (e) => <Json value={e.after} /> },
  { header: "Reason", cell: (e) => e.reason ?? "—" },
];

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  const viewer = await requireAdminPage();
  const state = parseAuditParams(await searchParams);
  const page = state.filter ? await listAudit(viewer, state.filter, state.cursor) : { items: [], nextCursor: null };
  return (
    <div className="space-y-6">
      <PageHeading title="Audit log">
        Every admin change: who, what, when, the target, before and after. Entries can&apos;t be changed or deleted.
      </PageHeading>
      <form method="get" action="/admin/audit" aria-label="Filter the audit log" className="grid items-start gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
        <TextField label="Actor" name="actor" type="email" defaultValue={state.values.actor} placeholder="admin@example.com" autoComplete="off" error={state.errors.actor} />
        <TextField label="Action" name="action" defaultValue={state.values.action} list="audit-actions" placeholder="voucher.void" autoComplete="off" error={state.errors.action} />
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <TextField label="Target" name="target" defaultValue={state.values.target} placeholder="vch_…, ord_…" autoComplete="off" spellCheck={false} error={state.errors.target} />
        <TextField label="From" name="from" type="date" defaultValue={state.values.from} error={state.errors.from} />
        <TextField label="To" name="to" type="date" defaultValue={state.values.to} error={state.errors.to} />
        <FilterActions clearHref="/admin/audit" className="sm:col-span-2 lg:col-span-5" />
      </form>
      {state.errors.cursor ? <p className="text-sm text-amber-900">{state.errors.cursor}</p> : null}
      <DataTable
        label="Audit entries"
        minWidth="64rem"
        alignTop
        rows={page.items}
        empty={state.filter ? "No entry matches." : "Fix the highlighted fields."}
        pager={{ label: "Audit log pages", next: page.nextCursor ? auditHref(state.values, page.nextCursor) : null, nextText: "Older entries" }}
        columns={COLUMNS}
      />
    </div>
  );
}
