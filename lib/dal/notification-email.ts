import "server-only";
/**
 * Placeholder for the inbox branch's notification e-mail sender (issue 16),
 * run by the job runner's "notifications.email" queue. Replaced at merge by
 * the real one, same signature.
 */
export async function emailNotification(notificationId: number, now: Date): Promise<"sent" | "skipped"> {
  void notificationId;
  void now;
  throw new Error("provided by the inbox branch");
}
