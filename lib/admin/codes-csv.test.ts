import { describe, expect, it } from "vitest";
import { codesCsv, codesCsvFileName, ENGLISH_CODES_CSV_LABELS } from "./codes-csv";
import { codesCsvLabels } from "./codes-csv-labels";

const batch = { batchPublicId: "bat_x", name: "GPU pack", kind: "compute" as const, codes: ["1234567812345678", "8765432187654321"] };

describe("codesCsv", () => {
  it("has a header and one CRLF row per code, with the grouped form and the batch", () => {
    const csv = codesCsv(batch);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "code,code_grouped,batch_id,batch_name,kind",
      "1234567812345678,1234 5678 1234 5678,bat_x,GPU pack,computing power voucher",
      "8765432187654321,8765 4321 8765 4321,bat_x,GPU pack,computing power voucher",
      "",
    ]);
  });

  it("in English from the catalogue, is the same file as ever", () => {
    expect(codesCsvLabels("en")).toEqual(ENGLISH_CODES_CSV_LABELS);
    expect(codesCsv(batch, codesCsvLabels("en"))).toBe(codesCsv(batch));
  });

  it("in Chinese, translates the header and the kind only: codes, batch ID and name stay as they are", () => {
    const csv = codesCsv({ ...batch, name: "GPU 礼包" }, codesCsvLabels("zh-CN"));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "兑换码,兑换码（分组）,批次 ID,批次名称,类别",
      "1234567812345678,1234 5678 1234 5678,bat_x,GPU 礼包,算力券",
      "8765432187654321,8765 4321 8765 4321,bat_x,GPU 礼包,算力券",
      "",
    ]);
    expect(codesCsv({ ...batch, kind: "cash", codes: ["ABCD"] }, codesCsvLabels("zh-CN"))).toContain(",现金券\r\n");
    expect(codesCsv({ ...batch, kind: "discount", codes: ["ABCD"] }, codesCsvLabels("zh-CN"))).toContain(",折扣券\r\n");
  });

  it("quotes a name with a comma and neutralizes one that looks like a formula, in both languages", () => {
    for (const labels of [codesCsvLabels("en"), codesCsvLabels("zh-CN")]) {
      const csv = codesCsv({ batchPublicId: "bat_x", name: "=HYPERLINK(1), a", kind: "cash", codes: ["ABCD"] }, labels);
      expect(csv).toContain(`"'=HYPERLINK(1), a"`);
    }
  });

  it("names the file after the batch only", () => {
    expect(codesCsvFileName("bat_abc")).toBe("bat_abc-codes.csv");
  });
});
