"use client";

import { useEffect, useState, type MouseEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";

type CopyState = "idle" | "copied" | "failed";

/**
 * The copy buttons of a voucher table (SPEC 2: usage history is filtered by a
 * voucher ID). The buttons are plain server-rendered markup (`CopyIdButton`);
 * this one client component around the table copies the ID of the button
 * clicked and announces the result politely, so a row costs a button, not a
 * client component with its own props and state (issue 18: page weight).
 */
export function CopyVoucherIds({ children }: { children: ReactNode }) {
  const t = useTranslations("billing.copy");
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function onClick(event: MouseEvent<HTMLDivElement>) {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-copy]");
    const id = button?.dataset.copy;
    if (!id) return;
    try {
      await navigator.clipboard.writeText(id);
      setState("copied");
    } catch {
      // No clipboard access (permission, insecure origin): say so rather than pretend.
      setState("failed");
    }
  }

  return (
    // The clicks handled here are the buttons' own (keyboard activation included); the div itself is not interactive.
    <div onClick={onClick}>
      {children}
      <p aria-live="polite" className="mt-1 text-xs text-slate-700">
        {state === "copied" ? t("copied") : state === "failed" ? t("failed") : ""}
      </p>
    </div>
  );
}
