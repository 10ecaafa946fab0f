import { describe, expect, it } from "vitest";
import { NOTIFIED_TYPES } from "./rules";
import { notificationEmail, notificationText, type NotifiedEvent } from "./text";

const en = { locale: "en", currency: "CNY", timeZone: "Asia/Shanghai" } as const;
const zh = { locale: "zh-CN", currency: "CNY", timeZone: "Asia/Shanghai" } as const;
// 16:00 UTC is midnight of the next day in Asia/Shanghai.
const expiresAt = "2026-12-01T16:00:00.000Z";

const samples: Record<(typeof NOTIFIED_TYPES)[number], NotifiedEvent> = {
  "voucher.expiring": { type: "voucher.expiring", payload: { voucherId: "vch_abc", kind: "cash", balance: 12_345, expiresAt, daysBefore: 7 } },
  "voucher.expired": { type: "voucher.expired", payload: { voucherId: "vch_abc", kind: "compute", amountLost: 500, expiredAt: expiresAt } },
  "balance.low": { type: "balance.low", payload: { kind: "cash_balance", balance: 900, threshold: 10_000 } },
  "order.payment_failed": { type: "order.payment_failed", payload: { orderId: "ord_x1", amount: 5_000, reason: "insufficient_funds" } },
  "order.refunded": { type: "order.refunded", payload: { orderId: "ord_x1", refundId: "rfd_y", amount: 2_000, refundedAmount: 3_000, orderStatus: "partially_refunded" } },
};

describe("notificationText", () => {
  it("voucher.expiring names the voucher, its kind, amount and date in the platform zone, and links to its filtered tab", () => {
    const e = notificationText(samples["voucher.expiring"], en);
    expect(e.title).toBe("Cash voucher vch_abc expires in 7 days");
    expect(e.body).toBe("vch_abc still holds ¥123.45 and expires at 2026-12-02 00:00. Use it before then, or the balance is lost.");
    expect(e.links[0]).toEqual({ href: "/billing?tab=cash&status=available&expiresTo=2026-12-02", label: "View it in its tab" });
    const z = notificationText(samples["voucher.expiring"], zh);
    expect(z.title).toBe("现金券 vch_abc 将在 7 天后过期");
    expect(z.body).toBe("vch_abc 余额 ¥123.45，将于 2026-12-02 00:00 过期。请在此之前使用，否则余额将失效。");
    expect(z.links[0]!.href).toBe(e.links[0]!.href);
    expect(notificationText({ type: "voucher.expiring", payload: { voucherId: "vch_d", kind: "discount", balance: null, expiresAt, daysBefore: 1 } }, en).title).toBe(
      "Discount voucher vch_d expires in 1 day",
    );
    expect(notificationText({ type: "voucher.expiring", payload: { voucherId: "vch_d", kind: "discount", balance: null, expiresAt, daysBefore: 1 } }, zh).body).toBe(
      "vch_d 尚未使用，将于 2026-12-02 00:00 过期。",
    );
  });

  it("voucher.expiring adds the forecast of what will be left at expiry when the reminder carries one", () => {
    const payload = { ...(samples["voucher.expiring"].payload as object), leftAtExpiry: 10_000 };
    expect(notificationText({ type: "voucher.expiring", payload }, en).body).toBe(
      "vch_abc still holds ¥123.45 and expires at 2026-12-02 00:00. Use it before then, or the balance is lost. At your pace of the last 30 days, ¥100.00 of it will expire unused.",
    );
    expect(notificationText({ type: "voucher.expiring", payload }, zh).body).toBe(
      "vch_abc 余额 ¥123.45，将于 2026-12-02 00:00 过期。请在此之前使用，否则余额将失效。按您过去 30 天的用量，其中 ¥100.00 将过期未用。",
    );
    expect(notificationText({ type: "voucher.expiring", payload: { ...payload, leftAtExpiry: 0 } }, en).body).toMatch(/ At your pace of the last 30 days, you will use it up before then\.$/);
  });

  it("voucher.expired says what was lost", () => {
    expect(notificationText(samples["voucher.expired"], en)).toEqual({
      title: "Computing power voucher vch_abc has expired",
      body: "vch_abc expired at 2026-12-02 00:00 with ¥5.00 unused.",
      links: [{ href: "/billing?tab=compute&status=expired", label: "View expired vouchers" }],
    });
    expect(notificationText(samples["voucher.expired"], zh).body).toBe("vch_abc 已于 2026-12-02 00:00 过期，未使用的 ¥5.00 已失效。");
  });

  it("balance.low names the kind, balance and threshold, with top up and settings links", () => {
    const e = notificationText(samples["balance.low"], en);
    expect(e.title).toBe("Low balance: cash balance");
    expect(e.body).toBe("Your available cash balance is ¥9.00, below your alert threshold of ¥100.00.");
    expect(e.links.map((l) => l.href)).toEqual(["/billing/orders", "/billing/settings"]);
    const z = notificationText({ type: "balance.low", payload: { kind: "compute", balance: 0, threshold: 100 } }, zh);
    expect(z.title).toBe("余额不足：算力券");
    expect(z.body).toBe("您的算力券可用余额为 ¥0.00，低于您设置的提醒阈值 ¥1.00。");
    expect(z.links.map((l) => l.href)).toEqual(["/billing?tab=compute", "/billing/settings"]);
  });

  it("order.payment_failed links to the order and tells the reason", () => {
    const e = notificationText(samples["order.payment_failed"], en);
    expect(e.title).toBe("Payment failed for order ord_x1");
    expect(e.body).toContain("¥50.00");
    expect(e.body).toContain("there was not enough balance");
    expect(e.links[0]!.href).toBe("/billing/orders/ord_x1");
    const z = notificationText(samples["order.payment_failed"], zh);
    expect(z.title).toBe("订单 ord_x1 支付失败");
    expect(z.body).toContain("余额不足");
    // An unknown reason code still reads as a sentence.
    expect(notificationText({ type: "order.payment_failed", payload: { orderId: "ord_x1", amount: 1, reason: "something_new" } }, en).body).toContain("it was refused");
  });

  it("order.refunded says the amount and what is refunded so far", () => {
    const e = notificationText(samples["order.refunded"], en);
    expect(e.title).toBe("Refund of ¥20.00 for order ord_x1");
    expect(e.body).toBe("¥20.00 was refunded on order ord_x1 (¥30.00 refunded in all); the order is partially refunded.");
    const z = notificationText(samples["order.refunded"], zh);
    expect(z.title).toBe("订单 ord_x1 退款 ¥20.00");
    expect(z.body).toBe("订单 ord_x1 已退款 ¥20.00（累计退款 ¥30.00），订单已部分退款。");
  });

  it("every notified type has a title, body and link in both languages", () => {
    for (const type of NOTIFIED_TYPES) {
      for (const ctx of [en, zh]) {
        const text = notificationText(samples[type], ctx);
        expect(text.title.length, `${type} ${ctx.locale}`).toBeGreaterThan(0);
        expect(text.body).not.toMatch(/[{}]/);
        expect(text.links[0]!.href).toMatch(/^\/billing/);
      }
    }
  });
});

describe("notificationEmail", () => {
  it("has the title as subject, absolute links, the settings link, and escaped HTML", () => {
    const mail = notificationEmail(samples["voucher.expiring"], { ...zh, baseUrl: "https://billing.example/" });
    expect(mail.subject).toBe("现金券 vch_abc 将在 7 天后过期");
    expect(mail.text).toContain("在列表中查看: https://billing.example/billing?tab=cash&status=available&expiresTo=2026-12-02");
    expect(mail.text).toContain("https://billing.example/billing/settings");
    expect(mail.html).toContain('href="https://billing.example/billing?tab=cash&amp;status=available&amp;expiresTo=2026-12-02"');
  });
});
