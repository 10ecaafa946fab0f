import type { Messages } from "./messages";

/**
 * The messages client components read, whole namespaces ("common") or one part of
 * one ("failures.codeFormat"), in sets: each set is what the client components of
 * one part of the console read. Only a set, of the active locale, reaches the
 * browser, and only on the pages that need it: the root layout provides "root"
 * (its error boundary), and a page or layout with client components that
 * translate wraps them in `ClientMessages` (components/i18n/client-messages.tsx)
 * with its set (issue 18: the whole list was ~19 kB of every page's HTML in
 * Chinese). A client component that reads a message not in its set shows its key.
 */
export const CLIENT_MESSAGE_SETS = {
  /** app/error.tsx. */
  root: ["common"],
  /** app/sign-in. */
  signIn: ["signIn"],
  /** /billing: the tabs, the filter, the copy buttons and the Redeem dialog. */
  vouchers: [
    "enums.voucherKind",
    "enums.voucherKinds",
    "enums.voucherKindTitle",
    "enums.voucherStatus",
    "enums.discountUsed",
    "discount",
    "failures.codeFormat",
    "billing.tabs",
    "billing.filters",
    "billing.copy",
    "billing.table.balanceOf",
    "redeem",
    "ui",
  ],
  /** /billing/usage: the filter. */
  usage: ["enums.usageKind", "enums.usageStatus", "usage.filter", "usage.table.none", "ui"],
  /** /billing/orders: the top-up form. */
  topUp: ["orders.topUp", "ui"],
  /** /billing/orders/new and /billing/orders/[id]: the order form, Pay, and the plan with its explanation. */
  orders: ["enums", "discount", "orders.form", "orders.plan", "orders.pay", "orders.explain.ui", "orders.alternatives.ui", "ui"],
  /** The admin console (app/(admin)/layout.tsx). */
  admin: [
    "enums",
    "discount",
    "failures.reason",
    "admin.nav",
    "adminAccounts.cash",
    "adminOrders.refund",
    "adminOrders.refundPreview",
    "adminBatches.issue",
    "adminBatches.issued",
    "adminBatches.void",
    "adminVouchers.findCode",
    "adminVouchers.grant",
    "adminVouchers.void",
    "adminCatalog.product",
    "adminCatalog.provider",
    "adminApiKeys.scopes",
    "adminApiKeys.form",
    "adminApiKeys.created",
    "adminApiKeys.revoke",
    "adminWebhooks.form",
    "adminWebhooks.created",
    "adminWebhooks.secret",
    "adminWebhooks.actions",
    "adminWebhooks.errors",
    "adminTerms",
    "adminReason",
    "ui",
  ],
} as const satisfies Record<string, readonly string[]>;

export type ClientMessageSet = keyof typeof CLIENT_MESSAGE_SETS;

/** Every path of every set. */
export const CLIENT_NAMESPACES: readonly string[] = [...new Set(Object.values(CLIENT_MESSAGE_SETS).flat())];

type Tree = { [key: string]: unknown };

/** The picked parts of the catalogue (`paths`, by default every set's), nested as in the catalogue. */
export function clientMessages(messages: Messages, paths: readonly string[] = CLIENT_NAMESPACES): Partial<Messages> {
  const picked: Tree = {};
  for (const path of paths) {
    const keys = path.split(".");
    let from: unknown = messages;
    let to: Tree = picked;
    keys.forEach((key, i) => {
      from = (from as Tree | undefined)?.[key];
      if (i === keys.length - 1) to[key] = from;
      else to = (to[key] ??= {}) as Tree;
    });
  }
  return picked as Partial<Messages>;
}
