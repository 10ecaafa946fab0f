/** The admin sections, in navigation order (shared by the nav and the overview page). */
export const ADMIN_SECTIONS = [
  { href: "/admin/batches", label: "Batches" },
  { href: "/admin/vouchers", label: "Vouchers" },
  { href: "/admin/accounts", label: "Accounts" },
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/catalog", label: "Catalog" },
  { href: "/admin/audit", label: "Audit log" },
] as const;
