import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BackLink } from "@/components/ui/facts";
import { platformCurrency } from "@/lib/config";
import { getMyNotificationSettings } from "@/lib/dal/notification-settings";
import { currencySymbol, minorToDecimalString } from "@/lib/money";
import { requireCustomerPage } from "@/lib/page";
import { SettingsForm, type SettingsFormLabels } from "./_components/settings-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

/** The caller's notification settings (docs/notifications.md): low-balance thresholds, expiry reminders, email. */
export default async function SettingsPage() {
  const viewer = await requireCustomerPage();
  const [settings, t, tn] = await Promise.all([getMyNotificationSettings(viewer), getTranslations("settings"), getTranslations("notifications")]);
  const currency = platformCurrency();
  const symbol = currencySymbol(currency);
  const amount = (minor: number | null) => (minor === null ? "" : minorToDecimalString(minor, currency));
  const labels: SettingsFormLabels = {
    thresholdsLegend: t("thresholds.legend"),
    thresholdsHint: t("thresholds.hint"),
    thresholds: { cash: t("thresholds.cash", { symbol }), compute: t("thresholds.compute", { symbol }), cash_balance: t("thresholds.cash_balance", { symbol }) },
    remindersLegend: t("reminders.legend"),
    remindersHint: t("reminders.hint"),
    reminderDays: { "30": t("reminders.day", { days: 30 }), "7": t("reminders.day", { days: 7 }), "1": t("reminders.day", { days: 1 }) },
    emailLegend: t("email.legend"),
    emailLabel: t("email.label"),
    emailHint: t("email.hint"),
    save: t("save"),
    saved: t("saved"),
  };
  return (
    <div className="space-y-6">
      <BackLink href="/billing/notifications">{tn("heading")}</BackLink>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="text-sm text-slate-700">{t("intro")}</p>
      </div>
      <SettingsForm
        labels={labels}
        initial={{
          thresholds: { cash: amount(settings.thresholds.cash), compute: amount(settings.thresholds.compute), cash_balance: amount(settings.thresholds.cash_balance) },
          expiryReminderDays: settings.expiryReminderDays,
          email: settings.email,
        }}
      />
    </div>
  );
}
