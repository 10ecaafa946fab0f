import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { useTranslations } from "next-intl";
import { AuditActor } from "../../_components/audit-actor";
import { AuditAction } from "../../_components/audit-action";
import { FilterActions, TextField } from "@/components/ui/field";
import { PageHeading } from "@/components/admin/page-heading";
import { DateTime } from "@/components/ui/date-time";
import { DataTable, type Column } from "@/components/ui/data-table";
import { AUDIT_ACTIONS, auditHref, parseAuditParams } from "@/lib/admin/audit-filter";
import { listAudit, type AuditEntryView } from "@/lib/dal/admin/audit";
import { isPublicId, type PublicIdPrefix } from "@/lib/ids";
import { requireAdminPage } from "@/lib/page";
import { Data } from "@/components/ui/data";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminAudit"))("title") };
}

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

/** The target's type (in the reader's language where the catalogue names it), then its id, linked where it has a page. */
function Target({ type, id }: { type: string; id: string }) {
  const t = useTranslations("adminAudit.targetTypes");
  const href = targetHref(type, id);
  const typeKey = type as Parameters<typeof t>[0];
  return (
    <>
      <span className="text-xs text-slate-600">{/^[a-z_]+$/.test(type) && t.has(typeKey) ? t(typeKey) : type}</span>{" "}
      {href ? (
        <Link href={href} className="font-mono text-xs underline" translate="no">
          {id}
        </Link>
      ) : (
        <span className="font-mono text-xs" translate="no">
          {id}
        </span>
      )}
    </>
  );
}

export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  const viewer = await requireAdminPage();
  const t = await getTranslations("adminAudit");
  const state = parseAuditParams(await searchParams);
  const page = state.filter ? await listAudit(viewer, state.filter, state.cursor) : { items: [], nextCursor: null };
  const error = (field: keyof typeof state.problems) => {
    const problem = state.problems[field];
    return problem ? t(`filter.errors.${problem}`) : undefined;
  };
  const columns: Array<Column<AuditEntryView>> = [
    { header: t("table.time"), className: "whitespace-nowrap", cell: (e) => <DateTime at={e.createdAt} /> },
    { header: t("table.actor"), cell: (e) => <AuditActor actor={e.actor} /> },
    { header: t("table.action"), cell: (e) => <AuditAction action={e.action} /> },
    { header: t("table.target"), cell: (e) => <Target type={e.targetType} id={e.targetId} /> },
    { header: t("table.before"), cell: (e) => <Json value={e.before} /> },
    { header: t("table.after"), cell: (e) => <Json value={e.after} /> },
    { header: t("table.reason"), cell: (e) => (e.reason ? <Data>{e.reason}</Data> : "—") },
  ];
  return (
    <div className="space-y-6">
      <PageHeading title={t("heading")}>{t("intro")}</PageHeading>
      <form method="get" action="/admin/audit" aria-label={t("filter.label")} className="grid items-start gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
        <TextField label={t("filter.actor")} name="actor" defaultValue={state.values.actor} placeholder="admin@example.com, key_…" autoComplete="off" error={error("actor")} />
        <TextField label={t("filter.action")} name="action" defaultValue={state.values.action} list="audit-actions" placeholder="voucher.void" autoComplete="off" error={error("action")} />
        <datalist id="audit-actions">
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a} label={t(`actions.${a}`)} />
          ))}
        </datalist>
        <TextField label={t("filter.target")} name="target" defaultValue={state.values.target} placeholder="vch_…, ord_…" autoComplete="off" spellCheck={false} error={error("target")} />
        <TextField label={t("filter.from")} name="from" type="date" defaultValue={state.values.from} error={error("from")} />
        <TextField label={t("filter.to")} name="to" type="date" defaultValue={state.values.to} error={error("to")} />
        <FilterActions clearHref="/admin/audit" className="sm:col-span-2 lg:col-span-5" />
      </form>
      {state.problems.cursor ? <p className="text-sm text-amber-900">{error("cursor")}</p> : null}
      <DataTable
        label={t("table.label")}
        minWidth="64rem"
        alignTop
        rows={page.items}
        empty={state.filter ? t("table.empty") : t("table.fixFields")}
        pager={{ label: t("table.pages"), next: page.nextCursor ? auditHref(state.values, page.nextCursor) : null, nextText: t("table.older") }}
        columns={columns}
      />
    </div>
  );
}
