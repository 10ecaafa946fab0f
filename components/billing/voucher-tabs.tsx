"use client";

import { Tabs } from "radix-ui";
import type { ReactNode } from "react";
import { KIND_LABELS, VOUCHER_KINDS, type VoucherKind } from "@/lib/vouchers/kinds";

/** The three voucher tabs of SPEC 9; panels are rendered on the server. */
export function VoucherTabs({ panels, defaultKind = "cash" }: { panels: Record<VoucherKind, ReactNode>; defaultKind?: VoucherKind }) {
  return (
    <Tabs.Root defaultValue={defaultKind}>
      <Tabs.List aria-label="Voucher kinds" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {VOUCHER_KINDS.map((kind) => (
          <Tabs.Trigger
            key={kind}
            value={kind}
            className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 data-[state=active]:border-brand-600 data-[state=active]:text-slate-900"
          >
            {KIND_LABELS[kind]}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {VOUCHER_KINDS.map((kind) => (
        <Tabs.Content key={kind} value={kind} className="pt-4">
          {panels[kind]}
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
