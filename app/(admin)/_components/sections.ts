/** The admin sections, in navigation order (shared by the nav and the overview page); `key` names them in `admin.nav`. */
export const ADMIN_SECTIONS = [
  { href: "/admin/batches", key: "batches" },
  { href: "/admin/vouchers", key: "vouchers" },
  { href: "/admin/accounts", key: "accounts" },
  { href: "/admin/orders", key: "orders" },
  { href: "/admin/catalog", key: "catalog" },
  { href: "/admin/api-keys", key: "apiKeys" },
  { href: "/admin/webhooks", key: "webhooks" },
  { href: "/admin/audit", key: "audit" },
] as const;
