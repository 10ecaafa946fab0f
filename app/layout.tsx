import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { CurrencyProvider } from "@/components/ui/currency";
import { platformCurrency, platformTimeZone } from "@/lib/config";
import { CLIENT_MESSAGE_SETS, clientMessages } from "@/lib/i18n/client-messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: t("title"), template: t("titleTemplate") }, description: t("description") };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        {/* Only what this layout's client components read (its error boundary); pages hand theirs
            to their own client components (ClientMessages, lib/i18n/client-messages.ts). */}
        <NextIntlClientProvider locale={locale} messages={clientMessages(messages, CLIENT_MESSAGE_SETS.root)} timeZone={platformTimeZone()}>
          {/* One currency per deployment, read on the server and handed to client components. */}
          <CurrencyProvider currency={platformCurrency()}>{children}</CurrencyProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
