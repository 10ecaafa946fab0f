import { describe, expect, it } from "vitest";
import { checkActionArguments, checkActionRequest, checkMultipartAction, MAX_ACTION_BODY_BYTES } from "./action-envelope";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/billing", { method: "POST", headers: { "Next-Action": "00ab", ...headers }, body });

describe("the server action envelope gate", () => {
  it("lets through what React's client sends for plain values", () => {
    expect(checkActionArguments("[]")).toEqual({ ok: true });
    expect(checkActionArguments('[{"code":"ABCD","kind":"cash"}]')).toEqual({ ok: true });
    // $$ escapes a string starting with $; undefined, dates, bigints and special numbers have markers.
    expect(checkActionArguments('[{"a":"$$5","b":"$undefined","c":"$D2026-01-01T00:00:00.000Z","d":"$n10","e":"$NaN","f":"$-0","g":"$-Infinity"}]')).toEqual({ ok: true });
    expect(checkActionArguments('[{"choices":{"discount":"$undefined","vouchers":["vch_1"]}}]')).toEqual({ ok: true });
  });

  it("refuses bodies that are not an argument list", () => {
    for (const body of ["", "{", "42", "null", '"x"', '{"a":1}']) expect(checkActionArguments(body).ok, body).toBe(false);
  });

  it("refuses references a plain value never has", () => {
    for (const value of ["$", "$1", "$@1", "$Q1", "$h", "$K1", "$T", "$1:constructor:constructor", "$n1x", "$Dgarbage%"]) {
      expect(checkActionArguments(JSON.stringify([{ a: value }])).ok, value).toBe(false);
    }
    expect(checkActionArguments('[{"__proto__":{"isAdmin":true}}]').ok).toBe(false);
    expect(checkActionArguments(JSON.stringify([Array.from({ length: 40 }).reduce<unknown>((inner) => [inner], 1)])).ok).toBe(false);
  });

  it("accepts a FormData argument in a multipart body, and nothing else there", () => {
    expect(checkMultipartAction([["0", '["$K1"]'], ["_1_name", "x"]])).toEqual({ ok: true });
    expect(checkMultipartAction([["_1_name", "x"]]).ok).toBe(false);
    expect(checkMultipartAction([["0", '["$Q1"]'], ["1", "[[1,2]]"]]).ok).toBe(false);
    expect(checkMultipartAction([["0", '["$K1"]'], ["0", "{"]]).ok).toBe(false);
    expect(checkMultipartAction([["0", '["$K1"]'], ["$ACTION_ID_00ab", ""]]).ok).toBe(false);
  });

  it("reads the request as Next will", async () => {
    expect(await checkActionRequest(post('[{"a":1}]', { "Content-Type": "text/plain;charset=UTF-8" }))).toEqual({ ok: true });
    expect(await checkActionRequest(post("nope", { "Content-Type": "text/plain;charset=UTF-8" }))).toMatchObject({ ok: false, status: 400 });
    const form = new FormData();
    form.append("0", '["$K1"]');
    expect(await checkActionRequest(post(form))).toEqual({ ok: true });
    expect(await checkActionRequest(post("[" + "1,".repeat(MAX_ACTION_BODY_BYTES / 2) + "1]"))).toMatchObject({ ok: false, status: 413 });
  });
});
