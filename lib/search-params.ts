/**
 * Reading a page's search params, the same way on every page of both consoles
 * and in the URL filters of lib/ (which also run in the browser, so this stays
 * pure). A URL can hold anything: values are read as text, never trusted.
 */
import { z } from "zod";

/** What Next hands a page as `searchParams`. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a repeated parameter; forms and links never repeat one. */
export const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** Own properties only: `params` may come from anywhere, and `constructor` is not a parameter. */
export const paramOf = (params: SearchParams, key: string): unknown => (Object.hasOwn(params, key) ? params[key] : undefined);

/** The first value of `key`, trimmed; "" when absent or not text. */
export function searchParam(params: SearchParams, key: string): string {
  const first = firstValue(paramOf(params, key));
  return typeof first === "string" ? first.trim() : "";
}

/** An optional text parameter where empty means absent: a GET form submits empty fields as `status=`. */
export const optionalParam = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    const first = firstValue(value);
    if (typeof first !== "string") return first;
    const trimmed = first.trim();
    return trimmed === "" ? undefined : trimmed;
  }, schema.optional());
