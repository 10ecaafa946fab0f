"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { platformCurrency } from "@/lib/config";
import { saveMyNotificationSettings, type NotificationSettings } from "@/lib/dal/notification-settings";
import { requestLocale } from "@/lib/dal/request-locale";
import { notificationSettingsSchema } from "@/lib/notifications/settings-form";
import { settingsErrorText } from "@/lib/notifications/settings-text";

/** Saves the caller's notification settings; refusals are worded in the request's language. */
export async function saveNotificationSettingsAction(input: unknown): Promise<ActionResult<NotificationSettings>> {
  const currency = platformCurrency();
  const schema = notificationSettingsSchema(currency, settingsErrorText(await requestLocale(), currency));
  return runAction(schema, input, async (viewer, data) => {
    const saved = await saveMyNotificationSettings(viewer, data, new Date());
    revalidatePath("/billing", "layout");
    return { ok: true, data: saved };
  });
}
