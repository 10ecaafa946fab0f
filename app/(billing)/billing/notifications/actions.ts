"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/action";
import { markAllMyNotificationsRead, markMyNotificationRead } from "@/lib/dal/notifications";
import { publicIdSchema } from "@/lib/ids";

const markReadSchema = z.object({ notificationId: publicIdSchema("ntf") });

/** Marks one of the caller's notifications read (the DAL scopes it to their account). */
export async function markNotificationReadAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAction(markReadSchema, input, async (viewer, data) => {
    const result = await markMyNotificationRead(viewer, data.notificationId, new Date());
    // The bell in the header of every billing page counts unread ones.
    revalidatePath("/billing", "layout");
    return { ok: true, data: result };
  });
}

/** Marks every unread notification of the caller read. */
export async function markAllNotificationsReadAction(input: unknown): Promise<ActionResult<{ count: number }>> {
  // Nothing to send: a field is a refused input, not ignored.
  return runAction(z.strictObject({}), input, async (viewer) => {
    const result = await markAllMyNotificationsRead(viewer, new Date());
    revalidatePath("/billing", "layout");
    return { ok: true, data: result };
  });
}
