import "server-only";
import { createTranslator } from "use-intl/core";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import type { Locale } from "./locale";
import type { Messages } from "./messages";

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zh as Messages };

/**
 * A translator outside React (route handlers writing CSV, the DAL's failure
 * sentences, tests), for an explicit locale. Pages and components use next-intl's
 * `getTranslations` / `useTranslations` instead.
 */
export function translatorFor<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: CATALOGUES[locale], namespace });
}
