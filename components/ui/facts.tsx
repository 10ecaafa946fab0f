import Link from "next/link";
import type { ReactNode } from "react";

/** The way back to a detail page's list ("← Orders"). */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p>
      <Link href={href} className="text-sm underline">
        ← {children}
      </Link>
    </p>
  );
}

/** Labelled figures as cards (order amounts, platform totals); `className` sets the grid's columns. */
export function Figures({ label, items, className, valueClassName = "" }: { label: string; items: ReadonlyArray<readonly [string, ReactNode]>; className: string; valueClassName?: string }) {
  return (
    <dl aria-label={label} className={`grid gap-3 ${className}`}>
      {items.map(([name, value]) => (
        <div key={name} className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">{name}</dt>
          <dd className={`mt-1 font-semibold ${valueClassName}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A detail page's facts as label/value rows. */
export function Facts({ label, items }: { label?: string; items: ReadonlyArray<readonly [string, ReactNode]> }) {
  return (
    <dl aria-label={label} className="grid gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[auto_1fr]">
      {items.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-600">{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
