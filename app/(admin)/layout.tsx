import { AdminNav } from "./_components/admin-nav";
import { AppHeader } from "../_components/app-header";
import { requireAdminPage } from "@/lib/page";
import { ClientMessages } from "@/components/i18n/client-messages";

// Refused on the server (403) for anyone but admins; each admin page and action checks again.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireAdminPage();
  return (
    <ClientMessages set="admin">
      <AppHeader viewer={viewer} />
      <AdminNav />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </ClientMessages>
  );
}
