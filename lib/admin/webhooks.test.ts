import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import { EVENT_TYPES } from "../events/types";
import {
  WEBHOOK_PROBLEM_TEXT,
  createWebhookSchema,
  newWebhookSecret,
  parseAccountFilter,
  parseEventTypes,
  parseWebhookDescription,
  parseWebhookUrl,
  updateWebhookSchema,
  webhookProblemOf,
} from "./webhooks";

const strict = { allowPrivate: false };
const dev = { allowPrivate: true };

describe("a webhook URL", () => {
  it("accepts a public https URL, normalized", () => {
    expect(parseWebhookUrl("  https://Hooks.Example.com/billing?x=1 ", strict)).toEqual({ ok: true, value: "https://hooks.example.com/billing?x=1" });
    expect(parseWebhookUrl("https://93.184.216.34/hook", strict)).toEqual({ ok: true, value: "https://93.184.216.34/hook" });
  });

  it("refuses each way a URL can be wrong, with its own problem", () => {
    expect(parseWebhookUrl("", strict)).toEqual({ ok: false, problem: "url_invalid" });
    expect(parseWebhookUrl("hooks.example.com/billing", strict)).toEqual({ ok: false, problem: "url_invalid" });
    expect(parseWebhookUrl("http://hooks.example.com/billing", strict)).toEqual({ ok: false, problem: "url_scheme" });
    expect(parseWebhookUrl("ftp://hooks.example.com/", strict)).toEqual({ ok: false, problem: "url_scheme" });
    expect(parseWebhookUrl("https://user:pass@hooks.example.com/", strict)).toEqual({ ok: false, problem: "url_credentials" });
    for (const host of ["127.0.0.1", "10.1.2.3", "192.168.0.10", "169.254.169.254", "[::1]", "[fd00::1]", "localhost", "api.localhost", "db.internal"]) {
      expect(parseWebhookUrl(`https://${host}/hook`, strict), host).toEqual({ ok: false, problem: "url_private" });
    }
    expect(parseWebhookUrl(`https://hooks.example.com/${"a".repeat(2048)}`, strict)).toEqual({ ok: false, problem: "url_long" });
  });

  it("allows http and private addresses only under the dev flag", () => {
    expect(parseWebhookUrl("http://127.0.0.1:4000/hook", dev)).toEqual({ ok: true, value: "http://127.0.0.1:4000/hook" });
    expect(parseWebhookUrl("https://u:p@127.0.0.1/", dev)).toEqual({ ok: false, problem: "url_credentials" });
  });
});

describe("the other fields", () => {
  it("a description is trimmed and at most 200 characters", () => {
    expect(parseWebhookDescription("  Finance ERP ")).toEqual({ ok: true, value: "Finance ERP" });
    expect(parseWebhookDescription("")).toEqual({ ok: true, value: "" });
    expect(parseWebhookDescription("字".repeat(200))).toEqual({ ok: true, value: "字".repeat(200) });
    expect(parseWebhookDescription("x".repeat(201))).toEqual({ ok: false, problem: "description_long" });
  });

  it("event types: a non-empty subset of the known ones, each once, in catalogue order", () => {
    expect(parseEventTypes(["order.paid", "voucher.redeemed", "order.paid"])).toEqual({ ok: true, value: ["voucher.redeemed", "order.paid"] });
    expect(parseEventTypes([...EVENT_TYPES].reverse())).toEqual({ ok: true, value: [...EVENT_TYPES] });
    expect(parseEventTypes([])).toEqual({ ok: false, problem: "events_empty" });
    expect(parseEventTypes(["order.paid", "order.shipped"])).toEqual({ ok: false, problem: "event_unknown" });
  });

  it("an account filter: empty, an account id, or an email in lower case", () => {
    expect(parseAccountFilter("  ")).toEqual({ ok: true, value: { kind: "all" } });
    expect(parseAccountFilter(" acc_7k2m9q4w8x1z3c5v ")).toEqual({ ok: true, value: { kind: "account", publicId: "acc_7k2m9q4w8x1z3c5v" } });
    expect(parseAccountFilter("Alice@Example.com")).toEqual({ ok: true, value: { kind: "email", email: "alice@example.com" } });
    for (const bad of ["acc_", "ACC_X", "ord_123", "alice", "a b@c", `${"a".repeat(300)}@example.com`]) {
      expect(parseAccountFilter(bad), bad).toEqual({ ok: false, problem: "account_filter" });
    }
  });

  it("a signing secret is whsec_ and the base64 of 32 random bytes", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe("the schemas", () => {
  const form = { url: "https://hooks.example.com/billing", description: "ERP", eventTypes: ["order.paid"], accountFilter: "", requestKey: crypto.randomUUID() };

  it("parse a good form", () => {
    expect(createWebhookSchema(strict).parse(form)).toEqual({ ...form, accountFilter: { kind: "all" } });
    expect(updateWebhookSchema.parse({ endpointPublicId: "whk_abc", eventTypes: ["order.paid"] })).toEqual({ endpointPublicId: "whk_abc", description: "", eventTypes: ["order.paid"], accountFilter: { kind: "all" } });
  });

  it("write each problem as its field's error, in the sentence the catalogue has", () => {
    const result = createWebhookSchema(strict).safeParse({ ...form, url: "https://10.0.0.1/", description: "x".repeat(201), eventTypes: [], accountFilter: "bob" });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toEqual({
      url: WEBHOOK_PROBLEM_TEXT.url_private,
      description: WEBHOOK_PROBLEM_TEXT.description_long,
      eventTypes: WEBHOOK_PROBLEM_TEXT.events_empty,
      accountFilter: WEBHOOK_PROBLEM_TEXT.account_filter,
    });
  });

  it("every problem's English is the catalogue's, and zh-CN words each one in Chinese", () => {
    expect(en.adminWebhooks.errors).toEqual(WEBHOOK_PROBLEM_TEXT);
    for (const [problem, text] of Object.entries(WEBHOOK_PROBLEM_TEXT)) {
      expect(webhookProblemOf(text)).toBe(problem);
      expect(zh.adminWebhooks.errors[problem as keyof typeof zh.adminWebhooks.errors]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(webhookProblemOf("Something else.")).toBeNull();
  });
});
