import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { benchReferenceEnabled } from "@/lib/config";
import { requireViewerPage } from "@/lib/page";
import { PingButton } from "./ping-button";

export const metadata: Metadata = { title: "Ping" };

/**
 * Hosts the benchmarks' reference server action (bench/http.ts posts to this
 * URL): the cheapest authorized action, to compare pay and redeem against.
 * Benchmark servers only (BENCH_REFERENCE=on); a 404 everywhere else.
 */
export default async function BenchPingPage() {
  await requireViewerPage();
  if (!benchReferenceEnabled()) notFound();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Ping</h1>
      <p className="text-sm text-slate-600">A server action that only checks your session. Used by the performance benchmarks.</p>
      <PingButton />
    </div>
  );
}
