import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvDecimal, csvField, csvRow, neutralizeFormula, type CsvValue } from "./csv";

/** A strict RFC 4180 reader, to check that what we write reads back to what we meant. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quote");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
    }
    if (text.startsWith("\r\n", i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else if (text[i] === ",") {
      record.push(field);
      field = "";
      i++;
    } else if (i < text.length) {
      if (text[i] === '"' || text[i] === "\r" || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
      field += text[i];
      i++;
    }
  }
  if (field !== "" || record.length > 0) throw new Error("last record not CRLF-terminated");
  return records;
}

describe("RFC 4180 quoting", () => {
  it("leaves plain fields alone and quotes those with a quote, comma, CR or LF", () => {
    expect(csvField("plain text")).toBe("plain text");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField("")).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("ends each record with CRLF", () => {
    expect(csvRow(["a", "b,c", null, 3])).toBe('a,"b,c",,3\r\n');
  });

  it("any row reads back as the same cells (apostrophe aside)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 6 }), { maxLength: 5 }), (rows) => {
        const text = rows.map((r) => csvRow(r)).join("");
        expect(parseCsv(text)).toEqual(rows.map((r) => r.map(neutralizeFormula)));
      }),
      { numRuns: 300 },
    );
    // 300 random rows take ~5 s on a busy 2-core machine: past vitest's default timeout.
  }, 30_000);
});

describe("formula injection guard", () => {
  it("prefixes an apostrophe to text a spreadsheet would evaluate", () => {
    for (const dangerous of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil","x")', "-2+3"]) {
      expect(neutralizeFormula(dangerous)).toBe(`'${dangerous}`);
      expect(parseCsv(csvRow([dangerous]))).toEqual([[`'${dangerous}`]]);
    }
  });

  it("leaves other text alone, including triggers not at the start", () => {
    for (const safe of ["Voucher expired", "a=b", "vch_0123", "ord_x", " =not first", "'already", "¥50 off"]) {
      expect(neutralizeFormula(safe)).toBe(safe);
    }
  });

  it("guards text cells even where they look like numbers, but not number cells", () => {
    expect(csvField("-5")).toBe("'-5");
    expect(csvField(-5)).toBe("-5");
    expect(csvField(csvDecimal("-1055.00"))).toBe("-1055.00");
    expect(csvField(csvDecimal("123.45"))).toBe("123.45");
  });

  it("no text ever reaches a cell starting with a formula character", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const [cell] = parseCsv(csvRow([text]))[0]!;
        expect(/^[=+\-@\t\r]/.test(cell!)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses decimals that are not numerals and non-finite numbers", () => {
    for (const bad of ["=1", "1e5", "12.", ".5", "1,000.00", " 1", "-", ""]) {
      expect(() => csvDecimal(bad), bad).toThrow(RangeError);
    }
    // A forged decimal (a cast around the checked constructor) is checked again when written.
    expect(() => csvField({ decimal: "=cmd|' /C calc'!A0" } as CsvValue)).toThrow(RangeError);
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
