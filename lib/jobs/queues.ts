/**
 * The job runner's queues (docs/events.md, Delivery) and what their jobs carry.
 * Ids only: a job is a pointer to rows, which say what to do.
 */
export const QUEUES = {
  /** Fan the settled outbox out into deliveries and notifications (lib/dal/dispatch.ts). */
  dispatch: "events.dispatch",
  /** One attempt at one webhook delivery (lib/dal/webhook-deliveries.ts). */
  deliver: "webhooks.deliver",
  /** One notification's e-mail (lib/dal/notification-email.ts). */
  email: "notifications.email",
  /** The minute cron: time-based events (lib/dal/scheduler.ts), then a dispatch. */
  schedule: "events.schedule",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface DeliverJob {
  deliveryId: number;
  /** Start of this round of tries (ISO); the delivery's creation when absent. */
  since?: string;
  /** The delivery's attempts when this round began (a Resend starts a new round). */
  base?: number;
}

export interface EmailJob {
  notificationId: number;
}

/** The singleton key of a delivery's jobs: at most one of them waits at a time. */
export const deliverKey = (deliveryId: number) => `whd:${deliveryId}`;
