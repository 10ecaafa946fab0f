import type { Locale } from "./locale";
import type en from "@/messages/en.json";

export type Messages = typeof en;

/** The catalogue of one locale; only that locale's file is loaded. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  switch (locale) {
    case "en":
      return (await import("@/messages/en.json")).default;
    case "zh-CN":
      return (await import("@/messages/zh-CN.json")).default as Messages;
  }
}
