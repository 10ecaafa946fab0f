import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Billing Center", template: "%s · Billing Center" },
  description: "Vouchers, balances and usage for your cloud and AI-compute account.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
