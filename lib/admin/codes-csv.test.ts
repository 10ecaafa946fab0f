import { describe, expect, it } from "vitest";
import { codesCsv, codesCsvFileName } from "./codes-csv";

describe("codesCsv", () => {
  it("has a header and one CRLF row per code, with the grouped form and the batch", () => {
    const csv = codesCsv({ batchPublicId: "bat_x", name: "GPU pack", kind: "compute", codes: ["1234567812345678", "8765432187654321"] });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "code,code_grouped,batch_id,batch_name,kind",
      "1234567812345678,1234 5678 1234 5678,bat_x,GPU pack,computing power voucher",
      "8765432187654321,8765 4321 8765 4321,bat_x,GPU pack,computing power voucher",
      "",
    ]);
  });

  it("quotes a name with a comma and neutralizes one that looks like a formula", () => {
    const csv = codesCsv({ batchPublicId: "bat_x", name: "=HYPERLINK(1), a", kind: "cash", codes: ["ABCD"] });
    expect(csv).toContain(`"'=HYPERLINK(1), a"`);
  });

  it("names the file after the batch only", () => {
    expect(codesCsvFileName("bat_abc")).toBe("bat_abc-codes.csv");
  });
});
