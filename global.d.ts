import type { Locale } from "@/lib/i18n/locale";
import type { Messages } from "@/lib/i18n/messages";

// Typed keys: a key used in code but missing from messages/en.json fails `npm run typecheck`
// (test/unit/catalogues.test.ts holds zh-CN.json to the same keys).
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
