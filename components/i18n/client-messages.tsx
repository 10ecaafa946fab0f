import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { CLIENT_MESSAGE_SETS, clientMessages, type ClientMessageSet } from "@/lib/i18n/client-messages";

/**
 * Hands the client components under it one set of messages of the active locale
 * (lib/i18n/client-messages.ts), in place of the root layout's: a page sends the
 * browser only what its own client components read (issue 18: page weight).
 * The time zone is the root provider's.
 */
export async function ClientMessages({ set, children }: { set: ClientMessageSet; children: ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={clientMessages(messages, CLIENT_MESSAGE_SETS[set])}>
      {children}
    </NextIntlClientProvider>
  );
}
