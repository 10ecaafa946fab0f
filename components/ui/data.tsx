import type { ReactNode } from "react";

/**
 * Data shown as it was written: names of products, providers, batches and
 * accounts, reasons people typed. translate="no" tells browser translators (and
 * the zh-CN sweep, e2e/i18n-support.ts) that it is not the console's wording.
 */
export function Data({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span translate="no" {...(className ? { className } : {})}>
      {children}
    </span>
  );
}
