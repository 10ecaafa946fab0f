/**
 * Everything the server exposes, enumerated from the build and the source
 * rather than listed by hand: server actions from Next's server reference
 * manifest (written by `next build`), route handlers and pages from app/.
 * The matrix and the fuzzer run over these lists, so a new action, route or
 * page without a row in matrix.ts fails them.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export interface ExposedAction {
  id: string;
  exportedName: string;
  /** Source file, e.g. app/(billing)/billing/actions.ts. */
  module: string;
  /** The page path to post the call to: the first page that uses the action. */
  pagePath: string;
}

interface ManifestEntry {
  filename: string;
  exportedName: string;
  workers: Record<string, unknown>;
}

const MANIFEST = path.resolve(".next", "server", "server-reference-manifest.json");

/** `app/(billing)/billing/orders/[id]/page` → `/billing/orders/x` (a placeholder for dynamic segments). */
function pagePathOf(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?(page|route)$/, "")
    .split("/")
    .filter((s) => s && !/^\(.+\)$/.test(s))
    .map((s) => (s.startsWith("[") ? "x" : s));
  return `/${segments.join("/")}`;
}

export function listActions(): ExposedAction[] {
  let manifest: { node?: Record<string, ManifestEntry>; edge?: Record<string, ManifestEntry> };
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  } catch {
    throw new Error(`${MANIFEST} is missing: run \`next build\` first (npm run test:e2e does).`);
  }
  const entries = [...Object.entries(manifest.node ?? {}), ...Object.entries(manifest.edge ?? {})];
  const actions = entries.map(([id, entry]) => {
    // Prefer a static page (no [segment]) so the page around the call renders normally.
    const workers = Object.keys(entry.workers).sort((a, b) => Number(a.includes("[")) - Number(b.includes("[")) || a.localeCompare(b));
    return { id, exportedName: entry.exportedName, module: entry.filename, pagePath: pagePathOf(workers[0] ?? "app/page") };
  });
  const unique = new Map(actions.map((a) => [a.id, a]));
  return [...unique.values()].sort((a, b) => a.module.localeCompare(b.module) || a.exportedName.localeCompare(b.exportedName));
}

/** The matrix key of an action: its exported name, or `module:name` when two modules share the name. */
export function actionKey(action: ExposedAction, all: ExposedAction[]): string {
  const clash = all.some((a) => a.id !== action.id && a.exportedName === action.exportedName);
  return clash ? `${action.module}:${action.exportedName}` : action.exportedName;
}

function walk(dir: string, name: RegExp): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full, name));
    else if (name.test(entry.name)) found.push(full);
  }
  return found;
}

/** `app/(billing)/billing/usage/export/route.ts` → `/billing/usage/export` (dynamic segments kept as written). */
function urlOf(file: string): string {
  const segments = path
    .relative("app", path.dirname(file))
    .split(path.sep)
    .filter((s) => s && s !== "." && !/^\(.+\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every route handler as `METHOD /path`, methods read from the file's exports. */
export function listRoutes(): string[] {
  const routes: string[] = [];
  for (const file of walk("app", /^route\.(ts|tsx|js|mjs)$/)) {
    const source = readFileSync(file, "utf8");
    const exported = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) exported.add(m[1]!);
    for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}/g)) {
      for (const name of m[1]!.split(",").map((s) => s.trim().split(/\s*:\s*/).pop()!)) if ((METHODS as readonly string[]).includes(name)) exported.add(name);
    }
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const name of m[1]!.split(",").map((s) => s.trim().split(/\s+as\s+/).pop()!)) if ((METHODS as readonly string[]).includes(name)) exported.add(name);
    }
    if (exported.size === 0) throw new Error(`${file}: found no exported HTTP method; teach listRoutes() this export style`);
    for (const method of exported) routes.push(`${method} ${urlOf(file)}`);
  }
  return routes.sort();
}

/** Every page by its path as written in app/ (route groups dropped). */
export function listPages(): string[] {
  return walk("app", /^page\.(tsx|ts|jsx|js)$/)
    .map(urlOf)
    .map((p) => (p === "/" ? "/" : p))
    .sort();
}
