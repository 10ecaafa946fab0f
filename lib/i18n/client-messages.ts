import type { Messages } from "./messages";

/**
 * The namespaces client components read, whole ("common") or one part of one
 * ("failures.codeFormat"). Only these, of the active locale, reach the browser
 * (app/layout.tsx); server components read the rest on the server. A client
 * component that reads a message not picked here shows its key instead.
 */
export const CLIENT_NAMESPACES = [
  "common",
  "enums",
  "signIn",
  "discount",
  "failures.codeFormat",
  "failures.reason",
  "billing.tabs",
  "billing.filters",
  "billing.copy",
  "redeem",
  "admin.nav",
  "adminAccounts.cash",
  "adminOrders.refund",
  "orders.form",
  "orders.plan",
  "orders.pay",
  "orders.topUp",
  "usage.filter",
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
] as const;

type Tree = { [key: string]: unknown };

/** The picked parts of the catalogue, nested as in the catalogue. */
export function clientMessages(messages: Messages): Partial<Messages> {
  const picked: Tree = {};
  for (const path of CLIENT_NAMESPACES) {
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
