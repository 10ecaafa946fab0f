/**
 * Benchmark results: each phase writes its rows to bench/results/<phase>.json;
 * bench/run.ts gathers them into one table (bench/results/latest.md) and one
 * machine-readable file of the same rows (bench/results/latest.json, see `Figure`).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fmt } from "./stats";

export const RESULTS_DIR = path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join("bench", "results"));

/**
 * A goal in a form a script can check: `subject op value`, where the subject is
 * the row's value or its ratio to the reference. E.g. { op: ">=", value: 0.6, of: "ratio" }.
 */
export interface GoalCheck {
  op: ">=" | "<=" | ">" | "<" | "==";
  value: number;
  of: "value" | "ratio";
}

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
  /** The goal in machine-checkable form; absent on rows reported for information. */
  check?: GoalCheck;
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

/** Everything a phase wrote (its rows and extra figures), or undefined if it has not run. */
export function readPhase(phase: string): (Record<string, unknown> & { rows: Row[] }) | undefined {
  const file = path.join(RESULTS_DIR, `${phase}.json`);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & { rows: Row[] };
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

/** Whether `subject op target` holds. */
export function holds(subject: number, op: GoalCheck["op"], target: number): boolean {
  switch (op) {
    case ">=":
      return subject >= target;
    case "<=":
      return subject <= target;
    case ">":
      return subject > target;
    case "<":
      return subject < target;
    case "==":
      return subject === target;
  }
}

const OP_TEXT: Record<GoalCheck["op"], string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=" };

/** The goal as the table shows it: "≥ 0.6× reference", "≤ 60 kB", "= 0". */
export function goalText(check: GoalCheck, unit: string): string {
  return check.of === "ratio" ? `${OP_TEXT[check.op]} ${check.value}× reference` : `${OP_TEXT[check.op]} ${check.value}${unit ? ` ${unit}` : ""}`;
}

/**
 * A row with a goal: `met` is the check applied to its value (or ratio), and
 * false whatever the figure when `valid` is false (e.g. a load phase that got errors).
 * Not measured (value or ratio missing): met is null.
 */
export function goalRow(
  base: Omit<Row, "ratio" | "met" | "goal" | "check">,
  check: GoalCheck,
  options: { valid?: boolean; goal?: string } = {},
): Row {
  const ratio = base.reference && base.value !== null && base.reference.value > 0 ? base.value / base.reference.value : undefined;
  const subject = check.of === "ratio" ? ratio : (base.value ?? undefined);
  const met = options.valid === false ? false : subject === undefined || !Number.isFinite(subject) ? null : holds(subject, check.op, check.value);
  return { ...base, ratio, check, goal: options.goal ?? goalText(check, base.unit), met };
}

/** A row whose goal is `value / reference >= minRatio`. */
export function ratioRow(
  base: Omit<Row, "ratio" | "met" | "goal" | "reference" | "check">,
  reference: NonNullable<Row["reference"]>,
  minRatio: number,
): Row {
  return goalRow({ ...base, reference }, { op: ">=", value: minRatio, of: "ratio" });
}

/** A row reported for information, with its ratio to a reference if given: no goal. */
export function reportRow(base: Omit<Row, "ratio" | "met" | "goal" | "check">): Row {
  const ratio = base.reference && base.value !== null && base.reference.value > 0 ? base.value / base.reference.value : undefined;
  return { ...base, ratio, goal: "report", met: null };
}

/** One figure of bench/results/latest.json. */
export interface Figure {
  /** P1…P5, API, data, issue, memory. */
  id: string;
  name: string;
  value: number | null;
  unit: string;
  reference: { label: string; value: number; unit: string } | null;
  ratio: number | null;
  goal: string;
  check: GoalCheck | null;
  met: boolean | null;
  note: string | null;
}

export function figureOf(r: Row): Figure {
  return {
    id: r.id,
    name: r.figure,
    value: r.value,
    unit: r.unit,
    reference: r.reference ?? null,
    ratio: r.ratio ?? null,
    goal: r.goal,
    check: r.check ?? null,
    met: r.met,
    note: r.note ?? null,
  };
}
