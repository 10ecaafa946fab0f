/** Small helpers for timing loops and summarizing latencies. */

export interface LoopResult {
  /** Operations that completed (ok or expected failure) inside the timed window. */
  count: number;
  ok: number;
  failed: number;
  errors: number;
  seconds: number;
  /** Operations per second over the timed window. */
  rate: number;
  p50: number;
  p99: number;
  firstError?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Runs `workers` concurrent loops of `op` for `warmupMs` (not counted) and then
 * `durationMs`; `op` resolves to true (done as asked) or false (an expected
 * refusal, e.g. a failed payment). Thrown errors are counted apart.
 */
export async function timedLoops(
  workers: number,
  op: (worker: number, i: number) => Promise<boolean>,
  options: { durationMs: number; warmupMs?: number; maxOps?: number; window?: { start(): void; end(): void } },
): Promise<LoopResult> {
  const warmupMs = options.warmupMs ?? 2000;
  const startAt = performance.now() + warmupMs;
  const endAt = startAt + options.durationMs;
  // Callbacks at the edges of the timed window (e.g. to read CPU counters).
  const timers = options.window
    ? [setTimeout(options.window.start, warmupMs), setTimeout(options.window.end, warmupMs + options.durationMs)]
    : [];
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let errors = 0;
  let started = 0;
  let firstError: string | undefined;
  let lastEnd = startAt;
  const loop = async (worker: number) => {
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      if (t0 >= endAt) return;
      if (options.maxOps !== undefined && started >= options.maxOps) return;
      started++;
      let outcome: "ok" | "failed" | "error";
      try {
        outcome = (await op(worker, i)) ? "ok" : "failed";
      } catch (err) {
        outcome = "error";
        firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      const t1 = performance.now();
      if (t0 >= startAt && t1 <= endAt) {
        latencies.push(t1 - t0);
        if (outcome === "ok") ok++;
        else if (outcome === "failed") failed++;
        else errors++;
        lastEnd = Math.max(lastEnd, t1);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  for (const t of timers) clearTimeout(t);
  // A run cut short (maxOps) is rated over the time it really took.
  const seconds = (Math.min(endAt, lastEnd) - startAt) / 1000;
  latencies.sort((a, b) => a - b);
  const count = ok + failed + errors;
  return { count, ok, failed, errors, seconds, rate: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), firstError };
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "n/a";
