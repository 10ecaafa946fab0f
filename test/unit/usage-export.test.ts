/**
 * GET /billing/usage/export in both languages: headers and kind/type/status
 * words follow `?lang=`, else the request's language; an unknown `lang` is a
 * plain-text 400. The session, the DAL and the request's language are stubbed:
 * the DAL's own export is covered by test/usage.test.ts.
 */
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/dal/viewer";
import type { Locale } from "@/lib/i18n/locale";
import type { UsageFilter } from "@/lib/usage/filter";
import type { UsageRecordView } from "@/lib/usage/record";

const state = vi.hoisted(() => ({
  viewer: null as Viewer | null,
  locale: "en" as Locale,
  filters: [] as UsageFilter[],
}));

const RECORDS: UsageRecordView[] = [
  {
    createdAt: new Date("2026-06-15T04:05:06Z"),
    voucherId: "vch_0123456789abcdef",
    orderId: "ord_0123456789abcdef",
    kind: "compute",
    type: "deduction",
    status: "success",
    amount: 12345,
    balanceAfter: 5000,
    failureReason: null,
  },
  {
    createdAt: new Date("2026-06-14T04:05:06Z"),
    voucherId: null,
    orderId: null,
    kind: "cash_balance",
    type: "refund",
    status: "failure",
    amount: 100,
    balanceAfter: null,
    failureReason: "Voucher expired",
  },
];

vi.mock("@/lib/dal/session", () => ({ getViewer: async () => state.viewer }));
vi.mock("@/lib/i18n/request-locale", () => ({ resolveLocale: async () => state.locale }));
vi.mock("@/lib/dal/usage", () => ({
  iterateMyUsage: (_viewer: Viewer, filter: UsageFilter) => {
    state.filters.push(filter);
    return (async function* () {
      yield* RECORDS;
    })();
  },
}));

const { GET } = await import("@/app/(billing)/billing/usage/export/route");

const customer: Viewer = { userId: "u1", email: "alice@example.com", name: "Alice", role: "customer", accountId: 1 };

async function exportCsv(query: string) {
  const response = await GET(new NextRequest(`http://localhost/billing/usage/export${query}`));
  const text = await response.text();
  return { response, lines: text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean), text };
}

beforeEach(() => {
  state.viewer = customer;
  state.locale = "en";
  state.filters = [];
  vi.stubEnv("PLATFORM_CURRENCY", "CNY");
  vi.stubEnv("PLATFORM_TIME_ZONE", "Asia/Shanghai");
});

describe("usage CSV export languages", () => {
  it("?lang=zh-CN: Chinese headers and words; ids, amounts and times as in English", async () => {
    const { response, lines } = await exportCsv("?lang=zh-CN");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(lines).toEqual([
      "时间,代金券 ID,订单 ID,类别,类型,金额（CNY）,变动后余额（CNY）,状态,原因",
      "2026-06-15T12:05:06+08:00,vch_0123456789abcdef,ord_0123456789abcdef,算力券,扣减,123.45,50.00,成功,",
      "2026-06-14T12:05:06+08:00,,,现金余额,退款,1.00,,失败,Voucher expired",
    ]);
  });

  it("?lang=en: today's English headers and the stable codes, whatever the request's language", async () => {
    state.locale = "zh-CN";
    const { lines } = await exportCsv("?lang=en");
    expect(lines).toEqual([
      "Time,Voucher ID,Order ID,Kind,Type,Amount (CNY),Balance after (CNY),Status,Reason",
      "2026-06-15T12:05:06+08:00,vch_0123456789abcdef,ord_0123456789abcdef,compute,deduction,123.45,50.00,success,",
      "2026-06-14T12:05:06+08:00,,,cash_balance,refund,1.00,,failure,Voucher expired",
    ]);
  });

  it("without lang (or with an empty one), the request's language", async () => {
    state.locale = "zh-CN";
    expect((await exportCsv("")).lines[0]).toBe("时间,代金券 ID,订单 ID,类别,类型,金额（CNY）,变动后余额（CNY）,状态,原因");
    expect((await exportCsv("?lang=")).lines[0]).toBe("时间,代金券 ID,订单 ID,类别,类型,金额（CNY）,变动后余额（CNY）,状态,原因");
    state.locale = "en";
    expect((await exportCsv("?status=success")).lines[0]).toBe("Time,Voucher ID,Order ID,Kind,Type,Amount (CNY),Balance after (CNY),Status,Reason");
  });

  it("lang does not change which records are exported", async () => {
    await exportCsv("?status=failure&kind=cash_balance&lang=zh-CN");
    await exportCsv("?status=failure&kind=cash_balance&lang=en");
    expect(state.filters).toEqual([
      { status: "failure", kind: "cash_balance" },
      { status: "failure", kind: "cash_balance" },
    ]);
  });

  it.each(["fr", "zh", "zh-cn", "EN", "en-US", "<script>"])("an unknown lang %j is a plain-text 400 that reads nothing", async (lang) => {
    const { response, text } = await exportCsv(`?lang=${encodeURIComponent(lang)}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(text).toBe("Unknown language: the lang parameter must be zh-CN or en.\n");
    expect(state.filters).toEqual([]);
  });

  it("the 400 for an unknown lang is in the request's language", async () => {
    state.locale = "zh-CN";
    const { response, text } = await exportCsv("?lang=fr");
    expect(response.status).toBe(400);
    expect(text).toBe("未知语言：lang 参数只能是 zh-CN 或 en。\n");
  });

  it("signed out is still a 401 before lang is read", async () => {
    state.viewer = null;
    const { response } = await exportCsv("?lang=fr");
    expect(response.status).toBe(401);
  });
});
