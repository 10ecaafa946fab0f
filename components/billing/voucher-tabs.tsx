"use client";

import { Tabs } from "radix-ui";
import { useRouter } from "next/navigation";
import { useOptimistic, useTransition, type ReactNode } from "react";
import { KIND_LABELS, VOUCHER_KINDS, type VoucherKind } from "@/lib/vouchers/kinds";
import { voucherListHref } from "@/lib/vouchers/list-href";

/**
 * The three voucher tabs of SPEC 9, driven by `?tab=`: the server renders the
 * selected tab's panel (`children`); choosing another tab pushes its URL, so
 * the tab can be shared and the back button returns to the previous one.
 */
export function VoucherTabs({ kind, children }: { kind: VoucherKind; children: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The chosen tab shows at once; its panel arrives with the navigation.
  const [shownKind, showKind] = useOptimistic(kind);

  function select(value: string) {
    const next = VOUCHER_KINDS.find((k) => k === value);
    if (!next || next === shownKind) return;
    startTransition(() => {
      showKind(next);
      // A new tab starts unfiltered: a status or date range chosen for one kind
      // is rarely what the customer wants on another.
      router.push(voucherListHref(next), { scroll: false });
    });
  }

  return (
    // Manual activation: arrow keys move focus without loading each tab on the way.
    <Tabs.Root value={shownKind} onValueChange={select} activationMode="manual">
      <Tabs.List aria-label="Voucher kinds" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {VOUCHER_KINDS.map((k) => (
          <Tabs.Trigger
            key={k}
            value={k}
            className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-600 data-[state=active]:text-slate-900"
          >
            {KIND_LABELS[k]}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {VOUCHER_KINDS.map((k) => (
        <Tabs.Content key={k} value={k} className="pt-4" aria-busy={pending && k === shownKind ? true : undefined}>
          {k === kind ? (
            children
          ) : (
            <p role="status" className="py-8 text-center text-sm text-slate-600">
              Loading {KIND_LABELS[k]}…
            </p>
          )}
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
