"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { platformCurrency } from "@/lib/config";
import { saveMyNotificationSettings, type NotificationSettings } from "@/lib/dal/notification-settings";
import { requestLocale } from "@/lib/dal/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { formatMoney } from "@/lib/money";
import { notificationSettingsSchema } from "@/lib/notifications/settings-form";

/** Saves the caller's notification settings; refusals are worded in the request's language. */
export async function saveNotificationSettingsAction(input: unknown): Promise<ActionResult<NotificationSettings>> {
  const [locale, currency] = [await requestLocale(), platformCurrency()];
  const t = translatorFor(locale, "settings");
  const schema = notificationSettingsSchema(currency, (key, { min, max }) =>
    key === "threshold"
      ? t("errors.threshold", { range: t("errors.range", { min: formatMoney(min, currency, locale), max: formatMoney(max, currency, locale) }) })
      : t(`errors.${key}`),
  );
  return runAction(schema, input, async (viewer, data) => {
    const saved = await saveMyNotificationSettings(viewer, data, new Date());
    revalidatePath("/billing", "layout");
    return { ok: true, data: saved };
  });
}
