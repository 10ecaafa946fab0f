import Link from "next/link";
import { signOutAction } from "../actions";
import type { Viewer } from "@/lib/dal/viewer";

export function AppHeader({ viewer }: { viewer: Viewer }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="font-semibold text-slate-900">
          Billing Center
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm">
          {viewer.accountId !== null ? (
            <>
              <Link href="/billing">Vouchers</Link>
              <Link href="/billing/orders">Orders</Link>
              <Link href="/billing/usage">Usage history</Link>
            </>
          ) : null}
          {viewer.role === "admin" ? <Link href="/admin">Admin</Link> : null}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="text-slate-600">{viewer.email}</span>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
