import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { translatorFor } from "../i18n/translator";
import { isoInZone } from "../time";
import { usageCsvHeader, usageCsvRow, usageCsvWords, type UsageRecordView } from "./record";

const en = usageCsvWords(translatorFor("en", "usageCsv"), "CNY");
const zh = usageCsvWords(translatorFor("zh-CN", "usageCsv"), "CNY");

const record: UsageRecordView = {
  createdAt: new Date("2026-06-15T04:05:06.789Z"),
  voucherId: "vch_0123456789abcdef",
  orderId: "ord_0123456789abcdef",
  kind: "compute",
  type: "deduction",
  status: "failure",
  amount: 12345,
  balanceAfter: null,
  failureReason: "=HYPERLINK(\"http://evil\"), said the batch name",
};

describe("isoInZone", () => {
  it("prints the zone's wall clock with its offset, to the second", () => {
    const at = new Date("2026-06-15T16:30:59.999Z");
    expect(isoInZone(at, "Asia/Shanghai")).toBe("2026-06-16T00:30:59+08:00");
    expect(isoInZone(at, "UTC")).toBe("2026-06-15T16:30:59+00:00");
    expect(isoInZone(at, "America/New_York")).toBe("2026-06-15T12:30:59-04:00");
    expect(isoInZone(new Date("2026-01-15T16:30:00Z"), "America/New_York")).toBe("2026-01-15T11:30:00-05:00");
    expect(isoInZone(at, "Asia/Kolkata")).toBe("2026-06-15T22:00:59+05:30");
  });

  it("always names the same instant, to the second", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom("Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu"),
        (at, zone) => {
          const text = isoInZone(at, zone);
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
          expect(Date.parse(text)).toBe(Math.floor(at.getTime() / 1000) * 1000);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("usage CSV rows", () => {
  it("has the page's columns, amounts in the currency's major unit", () => {
    expect(usageCsvHeader(en)).toBe("Time,Voucher ID,Order ID,Kind,Type,Amount (CNY),Balance after (CNY),Status,Reason\r\n");
  });

  it("has the same columns in Chinese, headers in Chinese", () => {
    expect(usageCsvHeader(zh)).toBe("时间,代金券 ID,订单 ID,类别,类型,金额（CNY）,变动后余额（CNY）,状态,原因\r\n");
    expect(usageCsvHeader(usageCsvWords(translatorFor("zh-CN", "usageCsv"), "USD"))).toContain(",金额（USD）,变动后余额（USD）,");
  });

  it("writes times in the zone, amounts as decimals, codes for kind/type/status, and guards the reason", () => {
    expect(usageCsvRow(record, "Asia/Shanghai", "CNY", en)).toBe(
      '2026-06-15T12:05:06+08:00,vch_0123456789abcdef,ord_0123456789abcdef,compute,deduction,123.45,,failure,"\'=HYPERLINK(""http://evil""), said the batch name"\r\n',
    );
  });

  it("keeps a negative cash balance (arrears) a number and leaves missing ids empty", () => {
    const charge: UsageRecordView = { ...record, voucherId: null, orderId: null, kind: "cash_balance", status: "success", amount: 200000, balanceAfter: -105500, failureReason: null };
    expect(usageCsvRow(charge, "UTC", "CNY", en)).toBe("2026-06-15T04:05:06+00:00,,,cash_balance,deduction,2000.00,-1055.00,success,\r\n");
  });

  it("in Chinese, writes kind, type and status as words; ids, amounts, times and the reason are unchanged", () => {
    expect(usageCsvRow(record, "Asia/Shanghai", "CNY", zh)).toBe(
      '2026-06-15T12:05:06+08:00,vch_0123456789abcdef,ord_0123456789abcdef,算力券,扣减,123.45,,失败,"\'=HYPERLINK(""http://evil""), said the batch name"\r\n',
    );
    const refund: UsageRecordView = { ...record, voucherId: null, orderId: null, kind: "cash_balance", type: "refund", status: "success", amount: 200000, balanceAfter: -105500, failureReason: null };
    expect(usageCsvRow(refund, "UTC", "CNY", zh)).toBe("2026-06-15T04:05:06+00:00,,,现金余额,退款,2000.00,-1055.00,成功,\r\n");
    expect(Object.values(zh.kind)).toEqual(["现金券", "折扣券", "算力券", "现金余额"]);
  });

  it("in English, kind, type and status stay the stable codes scripts rely on", () => {
    expect(en.kind).toEqual({ cash: "cash", discount: "discount", compute: "compute", cash_balance: "cash_balance" });
    expect(en.type).toEqual({ deduction: "deduction", refund: "refund" });
    expect(en.status).toEqual({ success: "success", failure: "failure" });
  });
});
