import type { ReactNode } from "react";

/** The heading of an admin page, with an optional line under it and actions on the right. */
export function PageHeading({ title, children, actions }: { title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
      </div>
      {actions}
    </div>
  );
}

/** A scrollable, focusable table region (keyboard users can scroll it at 375 px). */
export function TableRegion({ label, children, minWidth = "40rem" }: { label: string; children: ReactNode; minWidth?: string }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" style={{ minWidth }}>
        {children}
      </table>
    </div>
  );
}

export const th = "px-3 py-2 font-medium";
export const td = "px-3 py-2";
