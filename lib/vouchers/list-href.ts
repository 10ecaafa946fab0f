/**
 * Links to a voucher tab, apart from list-filter.ts so that client components
 * (tabs, filter form) can build them without pulling zod into the browser
 * bundle (docs/performance.md, P4).
 */
import type { VoucherKind } from "./kinds";

/**
 * The URL of a voucher tab with a filter and page. Takes plain strings so the
 * filter form can pass what was typed; empty values are left out.
 */
export function voucherListHref(
  tab: VoucherKind,
  params: { status?: string | undefined; expiresFrom?: string | undefined; expiresTo?: string | undefined; cursor?: string | undefined } = {},
): string {
  const search = new URLSearchParams({ tab });
  for (const key of ["status", "expiresFrom", "expiresTo", "cursor"] as const) {
    const value = params[key]?.trim();
    if (value) search.set(key, value);
  }
  return `/billing?${search.toString()}`;
}
