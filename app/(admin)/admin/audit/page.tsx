import type { Metadata } from "next";
import Link from "next/link";
import { FilterActions, TextField } from "@/components/ui/field";
import { PageHeading, TableRegion, td, th } from "@/components/admin/page-heading";
import { DateTime } from "@/components/billing/date-time";
import { AUDIT_ACTIONS, auditHref, parseAuditParams } from "@/lib/admin/audit-filter";
import { listAudit } from "@/lib/dal/admin/audit";
import { requireAdminPage } from "@/lib/dal/session";

export const metadata: Metadata = { title: "Audit log · Admin" };

/** Before/after as compact JSON: every field shown, nothing interpreted away. */
function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-500">—</span>;
  return <code className="block max-w-xs whitespace-pre-wrap break-all text-xs">{JSON.stringify(value)}</code>;
}

/** Targets that have a page link to it. */
function targetHref(type: string, id: string): string | null {
  const pages: Record<string, string> = { voucher: "vouchers", batch: "batches", order: "orders", account: "accounts" };
  const page = pages[type];
  return page && /^[a-z]{3}_[0-9a-z]+$/.test(id) ? `/admin/${page}/${id}` : null;
}

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
      {page.items.length === 0 ? (
        <p className="text-sm text-slate-600">{state.filter ? "No entry matches." : "Fix the highlighted fields."}</p>
      ) : (
        <TableRegion label="Audit entries" minWidth="64rem">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={th}>Time</th>
              <th scope="col" className={th}>Actor</th>
              <th scope="col" className={th}>Action</th>
              <th scope="col" className={th}>Target</th>
              <th scope="col" className={th}>Before</th>
              <th scope="col" className={th}>After</th>
              <th scope="col" className={th}>Reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {page.items.map((e, i) => {
              const href = targetHref(e.targetType, e.targetId);
              return (
                <tr key={i}>
                  <td className={`${td} whitespace-nowrap`}>
                    <DateTime at={e.createdAt} />
                  </td>
                  <td className={td}>{e.actorEmail}</td>
                  <td className={`${td} font-medium`}>{e.action}</td>
                  <td className={td}>
                    <span className="text-xs text-slate-600">{e.targetType}</span>{" "}
                    {href ? (
                      <Link href={href} className="font-mono text-xs underline">
                        {e.targetId}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs">{e.targetId}</span>
                    )}
                  </td>
                  <td className={td}>
                    <Json value={e.before} />
                  </td>
                  <td className={td}>
                    <Json value={e.after} />
                  </td>
                  <td className={td}>{e.reason ?? "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </TableRegion>
      )}
      {page.nextCursor ? (
        <Link href={auditHref(state.values, page.nextCursor)} className="inline-block text-sm underline">
          Older entries
        </Link>
      ) : null}
    </div>
  );
}
