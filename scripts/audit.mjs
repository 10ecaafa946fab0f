#!/usr/bin/env node
/**
 * R8: `npm audit --omit=dev --audit-level=high` for the production
 * dependencies. Fails on a high or critical advisory. When the registry does
 * not answer audits (no network, or a mirror without the audit endpoint, as
 * on this project's machines) it says so and passes: the version floor in
 * test/unit/dependency-floor.test.ts still holds the known advisories out.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

// `--report <file>` judges a saved `npm audit --json` output instead (to test this script).
const saved = process.argv.indexOf("--report");
const run =
  saved === -1
    ? spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 })
    : { stdout: readFileSync(process.argv[saved + 1], "utf8"), stderr: "", error: undefined };
let report = null;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = report?.message ?? report?.error?.summary ?? (run.error ? run.error.message : (run.stderr || "no answer").trim().split("\n").pop());
  console.log(`npm audit: SKIPPED, the registry did not answer the audit (${reason}).`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`npm audit --omit=dev: ${Object.entries(counts).map(([level, n]) => `${level} ${n}`).join(", ")}`);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === "high" || v.severity === "critical") console.log(`  ${v.severity}: ${name} ${v.range ?? ""}`);
  }
  console.error(`npm audit: ${serious} high or critical advisories in production dependencies.`);
  process.exit(1);
}
