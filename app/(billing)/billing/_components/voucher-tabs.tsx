"use client";

import { useRouter } from "next/navigation";
import { useId, useOptimistic, useRef, useTransition, type KeyboardEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { VOUCHER_KINDS, type VoucherKind } from "@/lib/vouchers/kinds";
import { voucherListHref } from "@/lib/vouchers/list-href";

/**
 * The three voucher tabs of SPEC 9, driven by `?tab=`: the server renders the
 * selected tab's panel (`children`); choosing another tab pushes its URL, so
 * the tab can be shared and the back button returns to the previous one.
 *
 * The WAI-ARIA tabs pattern written out (tablist, roving tabindex, manual
 * activation) rather than a tabs library: it is all this page needs, and it
 * keeps /billing's first-load JavaScript under its budget (docs/performance.md, P4).
 */
export function VoucherTabs({ kind, children }: { kind: VoucherKind; children: ReactNode }) {
  const t = useTranslations("billing.tabs");
  const tEnums = useTranslations("enums");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The chosen tab shows at once; its panel arrives with the navigation.
  const [shownKind, showKind] = useOptimistic(kind);
  const baseId = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const tabId = (k: VoucherKind) => `${baseId}-tab-${k}`;
  const panelId = (k: VoucherKind) => `${baseId}-panel-${k}`;

  function select(next: VoucherKind) {
    if (next === shownKind) return;
    startTransition(() => {
      showKind(next);
      // A new tab starts unfiltered: a status or date range chosen for one kind
      // is rarely what the customer wants on another.
      router.push(voucherListHref(next), { scroll: false });
    });
  }

  // Manual activation: arrow keys (and Home, End) move focus without loading
  // each tab on the way; Enter, Space or a click opens the focused tab.
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = VOUCHER_KINDS.length - 1;
    const target =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (target === null) return;
    event.preventDefault();
    tabRefs.current[target]?.focus();
  }

  return (
    <div>
      <div role="tablist" aria-label={t("label")} aria-orientation="horizontal" className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {VOUCHER_KINDS.map((k, index) => {
          const selected = k === shownKind;
          return (
            <button
              key={k}
              ref={(el) => {
                tabRefs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={tabId(k)}
              aria-selected={selected}
              aria-controls={selected ? panelId(k) : undefined}
              data-state={selected ? "active" : "inactive"}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(k)}
              onKeyDown={(event) => onKeyDown(event, index)}
              className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 data-[state=active]:border-brand-600 data-[state=active]:text-slate-900"
            >
              {tEnums(`voucherKinds.${k}`)}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={panelId(shownKind)}
        aria-labelledby={tabId(shownKind)}
        tabIndex={0}
        className="pt-4"
        aria-busy={pending ? true : undefined}
      >
        {shownKind === kind ? (
          children
        ) : (
          <p role="status" className="py-8 text-center text-sm text-slate-600">
            {t("loading", { kind: tEnums(`voucherKinds.${shownKind}`) })}
          </p>
        )}
      </div>
    </div>
  );
}
