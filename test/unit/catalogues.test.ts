import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as "a.b.c" → message. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments of a message with their types ("count:plural", "amount:argument", "b:tag"). */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      switch (el.type) {
        case TYPE.argument:
          found.add(`${el.value}:argument`);
          break;
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          found.add(`${el.value}:${TYPE[el.type]}`);
          break;
        case TYPE.plural:
        case TYPE.select:
          found.add(`${el.value}:${el.type === TYPE.select ? "select" : "plural"}`);
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.tag:
          found.add(`${el.value}:tag`);
          walk(el.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message, { ignoreTag: false }));
  return [...found].sort();
}

/**
 * Arguments one language words differently, passed by the code in both: a discount
 * of 20% off is "20% off" in English and "8 折" (the share paid) in Chinese.
 */
const LOCALE_ONLY_ARGUMENTS: Record<string, string[]> = { "discount.terms": ["percentOff", "zhe"] };

const catalogues = { en: leaves(en as Tree), "zh-CN": leaves(zh as Tree) };

describe("the message catalogues", () => {
  it("have the same keys", () => {
    const enKeys = [...catalogues.en.keys()].sort();
    const zhKeys = [...catalogues["zh-CN"].keys()].sort();
    expect(zhKeys.filter((k) => !catalogues.en.has(k)), "only in zh-CN.json").toEqual([]);
    expect(enKeys.filter((k) => !catalogues["zh-CN"].has(k)), "only in en.json").toEqual([]);
  });

  it("have no empty message", () => {
    for (const [locale, messages] of Object.entries(catalogues)) {
      const empty = [...messages].filter(([, m]) => m.trim() === "").map(([k]) => k);
      expect(empty, `empty in ${locale}`).toEqual([]);
    }
  });

  it("parse as ICU messages with the same arguments in both languages", () => {
    const mismatched: string[] = [];
    for (const [key, message] of catalogues.en) {
      const other = catalogues["zh-CN"].get(key);
      if (other === undefined) continue;
      const a = argumentsOf(message);
      const b = argumentsOf(other);
      // Names must match; the type may not: Chinese has no plural, so an en `{n, plural, …}` is a plain `{n}` in zh-CN.
      const own = LOCALE_ONLY_ARGUMENTS[key] ?? [];
      const norm = (args: string[]) => [...new Set(args.map((x) => x.split(":")[0] ?? ""))].filter((name) => !own.includes(name)).sort();
      if (JSON.stringify(norm(a)) !== JSON.stringify(norm(b))) mismatched.push(`${key}: en ${a.join(",")} / zh-CN ${b.join(",")}`);
    }
    expect(mismatched).toEqual([]);
  });

  it("the check itself catches a missing argument", () => {
    expect(argumentsOf("Pay {amount} now")).toEqual(["amount:argument"]);
    expect(argumentsOf("{n, plural, one {# day} other {# days}}")).toEqual(["n:plural"]);
    expect(argumentsOf("<b>{x}</b>")).toEqual(["b:tag", "x:argument"]);
  });
});
