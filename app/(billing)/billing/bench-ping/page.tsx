import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { benchReferenceEnabled } from "@/lib/config";
import { requireViewerPage } from "@/lib/page";
import { PingButton } from "./ping-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.benchPing"))("title") };
}

/**
 * Hosts the benchmarks' reference server action (bench/http.ts posts to this
 * URL): the cheapest authorized action, to compare pay and redeem against.
 * Benchmark servers only (BENCH_REFERENCE=on); a 404 everywhere else.
 */
export default async function BenchPingPage() {
  await requireViewerPage();
  if (!benchReferenceEnabled()) notFound();
  const t = await getTranslations("billing.benchPing");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      <PingButton label={t("button")} refused={t("refused")} />
    </div>
  );
}
