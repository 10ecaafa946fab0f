/**
 * Benchmark results: each phase writes its rows to bench/results/<phase>.json;
 * bench/run.ts gathers them into one table (bench/results/latest.md).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fmt } from "./stats";

export const RESULTS_DIR = path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join("bench", "results"));

export interface Row {
  /** P1…P5, "data", "issue", "memory". */
  id: string;
  figure: string;
  value: number | null;
  unit: string;
  /** The reference measured in the same run, if the goal is a ratio. */
  reference?: { label: string; value: number; unit: string };
  /** value / reference, when there is a reference. */
  ratio?: number;
  goal: string;
  /** null: no goal (reported for information), or not measured. */
  met: boolean | null;
  note?: string;
}

export function writeRows(phase: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${phase}.json`), JSON.stringify({ phase, at: new Date().toISOString(), rows, ...extra }, null, 2) + "\n");
}

export function readRows(phase: string): Row[] {
  const file = path.join(RESULTS_DIR, `${phase}.json`);
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, "utf8")) as { rows: Row[] }).rows;
}

const value = (v: number | null, unit: string) => {
  if (v === null) return "pending";
  const digits = Math.abs(v) < 10 && !Number.isInteger(v) ? 2 : Math.abs(v) < 100 && !Number.isInteger(v) ? 1 : 0;
  return `${fmt(v, digits)} ${unit}`;
};

/** The results as a Markdown table: figure, reference, ratio, goal, met. */
export function markdownTable(rows: Row[]): string {
  const lines = [
    "| | figure | value | reference (same run) | ratio | goal | met |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const ref = r.reference ? `${r.reference.label}: ${value(r.reference.value, r.reference.unit)}` : "";
    const ratio = r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}×`;
    const met = r.met === null ? "–" : r.met ? "yes" : "**no**";
    lines.push(`| ${r.id} | ${r.figure}${r.note ? ` (${r.note})` : ""} | ${value(r.value, r.unit)} | ${ref} | ${ratio} | ${r.goal} | ${met} |`);
  }
  return lines.join("\n");
}

/** A row whose goal is `value / reference >= minRatio`. */
export function ratioRow(
  base: Omit<Row, "ratio" | "met" | "goal" | "reference">,
  reference: NonNullable<Row["reference"]>,
  minRatio: number,
): Row {
  const ratio = base.value === null || reference.value === 0 ? undefined : base.value / reference.value;
  return { ...base, reference, ratio, goal: `≥ ${minRatio}× reference`, met: ratio === undefined ? null : ratio >= minRatio };
}
