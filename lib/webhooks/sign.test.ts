import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { signWebhook } from "./sign";

const secret = `whsec_${randomBytes(24).toString("base64")}`;

describe("webhook signing", () => {
  it("round-trips through Standard Webhooks' own verify", () => {
    // verify() checks the timestamp against the wall clock (5 minutes' tolerance).
    const now = new Date();
    const body = JSON.stringify({ id: "evt_1", type: "order.paid", payload: { amount: 100 } });
    const signed = signWebhook(secret, "evt_1", now, body);
    expect(signed.headers["webhook-id"]).toBe("evt_1");
    expect(signed.headers["webhook-timestamp"]).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(signed.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(new Webhook(secret).verify(body, signed.headers)).toEqual(JSON.parse(body));
  });

  it("fails verification for a changed body, another secret or another id", () => {
    const now = new Date();
    const signed = signWebhook(secret, "evt_2", now, '{"a":1}');
    expect(() => new Webhook(secret).verify('{"a":2}', signed.headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(`whsec_${randomBytes(24).toString("base64")}`).verify('{"a":1}', signed.headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify('{"a":1}', { ...signed.headers, "webhook-id": "evt_3" })).toThrow(WebhookVerificationError);
  });

  it("is refused by receivers when stamped too long ago", () => {
    const old = new Date(Date.now() - 10 * 60_000);
    const signed = signWebhook(secret, "evt_4", old, "{}");
    expect(() => new Webhook(secret).verify("{}", signed.headers)).toThrow(WebhookVerificationError);
  });
});
