/**
 * The words of a notification (docs/notifications.md): each notified event type
 * (lib/notifications/rules.ts NOTIFIED_TYPES) told from its payload, in zh-CN or
 * en, for the inbox and the email alike: a title, a body and links to where
 * the customer can act (the voucher tab filtered to it, the order, top up,
 * settings). Amounts in the platform currency written for the locale, times in
 * the platform time zone. Pure: the caller passes the locale, currency and zone;
 * the sentences are the `notifications.text` messages of the catalogues. A
 * payload holds public ids and amounts only, so no text here can hold a code.
 */
import { createTranslator } from "use-intl/core";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import type { Locale } from "@/lib/i18n/locale";
import type { Messages } from "@/lib/i18n/messages";
import type { EventPayload } from "@/lib/events/types";
import { formatMoney } from "@/lib/money";
import { formatDateTime } from "@/lib/time";
import { expiringVoucherHref, voucherListHref } from "@/lib/vouchers/list-filter";
import type { NotifiedType } from "./rules";

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zh as Messages };

/** Where the settings page is: low-balance alerts link to it, emails name it. */
export const SETTINGS_PATH = "/billing/settings";

export interface NotificationLink {
  /** A path of this console ("/billing?tab=cash&…"); emails make it absolute. */
  href: string;
  label: string;
}

export interface NotificationText {
  title: string;
  body: string;
  /** The first is the main one. */
  links: NotificationLink[];
}

/** The facts of an event a notification tells. */
export interface NotifiedEvent {
  type: NotifiedType;
  payload: unknown;
}

export interface TextContext {
  locale: Locale;
  currency: string;
  timeZone: string;
}

/** The title, body and links of `event` for a reader of `ctx.locale`. */
export function notificationText(event: NotifiedEvent, ctx: TextContext): NotificationText {
  const t = createTranslator({ locale: ctx.locale, messages: CATALOGUES[ctx.locale], namespace: "notifications.text" });
  const money = (minor: number) => formatMoney(minor, ctx.currency, ctx.locale);
  const when = (iso: string) => formatDateTime(new Date(iso), ctx.timeZone);
  switch (event.type) {
    case "voucher.expiring": {
      const p = event.payload as EventPayload<"voucher.expiring">;
      const values = { voucherId: p.voucherId, date: when(p.expiresAt) };
      return {
        title: t("expiring.title", { kind: p.kind, voucherId: p.voucherId, days: p.daysBefore }),
        body:
          p.balance === null
            ? t("expiring.bodyDiscount", values)
            : [
                t("expiring.bodyBalance", { ...values, amount: money(p.balance) }),
                // The forecast at the time of the reminder (absent on reminders written before it existed).
                ...(p.leftAtExpiry === undefined ? [] : [p.leftAtExpiry > 0 ? t("expiring.forecastLoss", { amount: money(p.leftAtExpiry) }) : t("expiring.forecastUsed")]),
              ].join(ctx.locale === "zh-CN" ? "" : " "),
        links: [{ href: expiringVoucherHref(p.kind, new Date(p.expiresAt), ctx.timeZone), label: t("expiring.link") }],
      };
    }
    case "voucher.expired": {
      const p = event.payload as EventPayload<"voucher.expired">;
      const values = { voucherId: p.voucherId, date: when(p.expiredAt) };
      return {
        title: t("expired.title", { kind: p.kind, voucherId: p.voucherId }),
        body: p.amountLost === null ? t("expired.bodyDiscount", values) : t("expired.bodyBalance", { ...values, amount: money(p.amountLost) }),
        links: [{ href: voucherListHref(p.kind, { status: "expired" }), label: t("expired.link") }],
      };
    }
    case "balance.low": {
      const p = event.payload as EventPayload<"balance.low">;
      const act: NotificationLink =
        p.kind === "cash_balance" ? { href: "/billing/orders", label: t("lowBalance.topUp") } : { href: voucherListHref(p.kind), label: t("lowBalance.vouchers") };
      return {
        title: t("lowBalance.title", { kind: p.kind }),
        body: t("lowBalance.body", { kind: p.kind, balance: money(p.balance), threshold: money(p.threshold) }),
        links: [act, { href: SETTINGS_PATH, label: t("lowBalance.settings") }],
      };
    }
    case "order.payment_failed": {
      const p = event.payload as EventPayload<"order.payment_failed">;
      return {
        title: t("paymentFailed.title", { orderId: p.orderId }),
        body: t("paymentFailed.body", { orderId: p.orderId, amount: money(p.amount), reason: p.reason }),
        links: [{ href: `/billing/orders/${p.orderId}`, label: t("paymentFailed.link") }],
      };
    }
    case "order.refunded": {
      const p = event.payload as EventPayload<"order.refunded">;
      return {
        title: t("refunded.title", { orderId: p.orderId, amount: money(p.amount) }),
        body: t("refunded.body", { orderId: p.orderId, amount: money(p.amount), refunded: money(p.refundedAmount), status: p.orderStatus }),
        links: [{ href: `/billing/orders/${p.orderId}`, label: t("refunded.link") }],
      };
    }
    default:
      return unreachable(event.type);
  }
}

function unreachable(type: never): never {
  throw new Error(`no notification text for ${String(type)}`);
}

export interface NotificationEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** The email of a notification: the same title and body, its links made absolute on `baseUrl`, plain text and simple HTML. */
export function notificationEmail(event: NotifiedEvent, ctx: TextContext & { baseUrl: string }): NotificationEmail {
  const { title, body, links } = notificationText(event, ctx);
  const base = ctx.baseUrl.replace(/\/+$/, "");
  const absolute = links.map((l) => ({ label: l.label, url: `${base}${l.href}` }));
  const t = createTranslator({ locale: ctx.locale, messages: CATALOGUES[ctx.locale], namespace: "notifications.text.email" });
  const footer = t("footer", { url: `${base}${SETTINGS_PATH}` });
  const text = [body, "", ...absolute.map((l) => `${l.label}: ${l.url}`), "", "--", footer].join("\n");
  const html = [
    `<p>${escapeHtml(body)}</p>`,
    `<p>${absolute.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(" · ")}</p>`,
    `<p style="color:#64748b;font-size:12px">${escapeHtml(footer)}</p>`,
  ].join("\n");
  return { subject: title, text, html };
}

