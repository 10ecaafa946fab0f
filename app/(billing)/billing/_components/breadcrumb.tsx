import Link from "next/link";

/** A page one step below the Billing Center: the trail back to it, and the page itself as the current one. */
export function BillingBreadcrumb({ label, home, current, currentHref }: { label: string; home: string; current: string; currentHref: string }) {
  return (
    <nav aria-label={label} className="text-sm">
      <ol className="flex flex-wrap gap-2 text-slate-600">
        <li>
          <Link href="/billing" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600">
            {home}
          </Link>
          <span aria-hidden="true"> /</span>
        </li>
        <li>
          <Link href={currentHref} aria-current="page" className="text-slate-800">
            {current}
          </Link>
        </li>
      </ol>
    </nav>
  );
}
