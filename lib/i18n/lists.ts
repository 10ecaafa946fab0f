/**
 * Provider names as one list: "A, B, C" in English, "A、B、C" in Chinese. Not
 * Intl.ListFormat: its unit lists run Chinese names together ("ABC") and join
 * English ones with bare spaces, and its conjunctions add "and"/"和" to what is
 * a plain set of names.
 */
export function providerList(names: readonly string[], locale: string): string {
  return names.join(locale.startsWith("zh") ? "、" : ", ");
}
