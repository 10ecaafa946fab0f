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
