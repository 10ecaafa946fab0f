"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";

type CopyState = "idle" | "copied" | "failed";

/** Copies a voucher ID, which usage history is filtered by (SPEC 2); the result is announced politely. */
export function CopyVoucherId({ id }: { id: string }) {
  const t = useTranslations("billing.copy");
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(id);
      setState("copied");
    } catch {
      // No clipboard access (permission, insecure origin): say so rather than pretend.
      setState("failed");
    }
  }

  const label = t("label", { id });
  return (
    <>
      <button
        type="button"
        onClick={copy}
        aria-label={label}
        title={label}
        className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="7" y="7" width="10" height="10" rx="1.5" />
          <path d="M13 7V4.5A1.5 1.5 0 0 0 11.5 3h-7A1.5 1.5 0 0 0 3 4.5v7A1.5 1.5 0 0 0 4.5 13H7" />
        </svg>
      </button>
      <span aria-live="polite" className="text-xs font-sans text-slate-700">
        {state === "copied" ? t("copied") : state === "failed" ? t("failed") : ""}
      </span>
    </>
  );
}
