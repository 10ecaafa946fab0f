import { describe, expect, it } from "vitest";
import { notificationSettingsSchema, type SettingsErrorText } from "./settings-form";
import { settingsErrorText } from "./settings-text";

const text: SettingsErrorText = (key, { min, max }) => `${key} ${min}-${max}`;
const schema = notificationSettingsSchema("CNY", text);
/** The form with every threshold empty and every box unchecked, as the browser sends it. */
const EMPTY = { cash: "", compute: "", cash_balance: "" };

describe("notificationSettingsSchema", () => {
  it("reads amounts, empty thresholds as none, and checkboxes", () => {
    expect(schema.parse({ cash: "12.50", compute: "", cash_balance: "1,000", remind7: "on", remind1: "on", email: "on" })).toEqual({
      thresholds: { cash: 1_250, compute: null, cash_balance: 100_000 },
      expiryReminderDays: [7, 1],
      email: true,
    });
    expect(schema.parse(EMPTY)).toEqual({ thresholds: { cash: null, compute: null, cash_balance: null }, expiryReminderDays: [], email: false });
  });

  it("refuses a post without the threshold fields (not this form: an empty no-script post saves nothing)", () => {
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ cash: "", compute: "" }).error!.issues.map((i) => i.path)).toEqual([["cash_balance"]]);
  });

  it("refuses a bad, zero, negative or too large threshold with the threshold sentence, on its field", () => {
    for (const bad of ["abc", "0", "-5", "1.234", "1000000001", "0.00"]) {
      const result = schema.safeParse({ ...EMPTY, cash_balance: bad });
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(["cash_balance"]);
      expect(result.error!.issues[0]!.message).toBe("threshold 1-100000000000");
    }
  });

  it("refuses a checkbox value a form never sends", () => {
    const result = schema.safeParse({ ...EMPTY, remind30: "yes" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe("reminder 1-100000000000");
    expect(schema.safeParse({ ...EMPTY, email: 1 }).error!.issues[0]!.message).toBe("email 1-100000000000");
  });
});

describe("settingsErrorText", () => {
  it("words the refusals in both languages", () => {
    const zhSchema = notificationSettingsSchema("CNY", settingsErrorText("zh-CN", "CNY"));
    expect(zhSchema.safeParse({ ...EMPTY, cash: "abc" }).error!.issues[0]!.message).toBe("请输入¥0.01 至 ¥1,000,000,000.00 之间的金额，留空表示不提醒。");
    expect(zhSchema.safeParse({ ...EMPTY, remind1: "x" }).error!.issues[0]!.message).toBe("请从到期前 30、7、1 天中选择提醒。");
    const enSchema = notificationSettingsSchema("CNY", settingsErrorText("en", "CNY"));
    expect(enSchema.safeParse({ ...EMPTY, cash: "abc" }).error!.issues[0]!.message).toBe("Enter an amount between ¥0.01 and ¥1,000,000,000.00, or leave it empty for no alert.");
  });
});
