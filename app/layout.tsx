import type { Metadata } from "next";
import { CurrencyProvider } from "@/components/ui/currency";
import { platformCurrency } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Billing Center", template: "%s · Billing Center" },
  description: "Vouchers, balances and usage for your cloud and AI-compute account.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        {/* One currency per deployment, read on the server and handed to client components. */}
        <CurrencyProvider currency={platformCurrency()}>{children}</CurrencyProvider>
      </body>
    </html>
  );
}
