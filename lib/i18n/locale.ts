/**
 * The console's languages and how one is chosen (docs/i18n.md). Pure: callers
 * hand in what the request carries.
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** The deployment default when `PLATFORM_LOCALE` is unset: the platforms' customers read Chinese first. */
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** The cookie that remembers a choice made before signing in (or by a browser without a saved choice). */
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** The language menu's own names, each written in its language. */
export const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "中文", en: "English" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The locale a language tag asks for: any Chinese tag is zh-CN, any English one en; others none. */
function localeOfTag(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split("-")[0];
  if (primary === "zh") return "zh-CN";
  if (primary === "en") return "en";
  return null;
}

/**
 * The first language of an Accept-Language header the console speaks, by the
 * header's q-values ("fr;q=1, zh-TW;q=0.8, en;q=0.5" → zh-CN), or null.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean);
      const weight = q ? Number(q[1]) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) {
    const locale = localeOfTag(entry.tag);
    if (locale) return locale;
  }
  return null;
}

export interface LocaleSources {
  /** The choice saved on the signed-in user, if any. */
  saved?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
  /** `PLATFORM_LOCALE`, already checked. */
  platformDefault: Locale;
}

/** The user's saved choice, else the cookie, else Accept-Language, else the deployment default. */
export function pickLocale(sources: LocaleSources): Locale {
  if (isLocale(sources.saved)) return sources.saved;
  if (isLocale(sources.cookie)) return sources.cookie;
  return matchAcceptLanguage(sources.acceptLanguage) ?? sources.platformDefault;
}
