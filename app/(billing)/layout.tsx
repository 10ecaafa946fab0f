import { AppHeader } from "../_components/app-header";
import { requireViewerPage } from "@/lib/page";

export default async function BillingLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewerPage();
  return (
    <>
      <AppHeader viewer={viewer} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
