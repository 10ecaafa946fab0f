/**
 * Standard Webhooks signing (docs/events.md, Delivery): the headers a receiver
 * verifies with any Standard Webhooks library and the endpoint's secret.
 * `webhook-id` is the event's public id, the same on every attempt and every
 * endpoint, so a receiver dedupes by it.
 */
import { Webhook } from "standardwebhooks";

export interface SignedWebhook {
  headers: { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };
  body: string;
}

/** Signs `body` for `secret` (`whsec_…`) as sent at `now`. */
export function signWebhook(secret: string, messageId: string, now: Date, body: string): SignedWebhook {
  const signature = new Webhook(secret).sign(messageId, now, body);
  return {
    headers: { "webhook-id": messageId, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signature },
    body,
  };
}
