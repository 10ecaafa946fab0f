/**
 * P4: first-load JavaScript of routes of the production build, gzipped.
 *
 * Next 16 (Turbopack) no longer prints "First Load JS", so this computes it from
 * `.next`: the scripts every page loads (`rootMainFiles` of build-manifest.json)
 * plus every chunk the route's client reference manifest lists for its
 * segments (root and group layouts, error, not-found and forbidden boundaries,
 * the page), each counted once, gzipped at level 9 like Next's old figure;
 * 1 kB = 1,000 bytes. Polyfills (served to old browsers only) are not counted.
 *
 * `tsx bench/bundle-size.ts` prints the table; `--check` exits 1 when a route
 * is over the goal (npm test runs it right after `next build`); `--json` writes
 * bench/results/bundle.json for the benchmark report; `--chunks` lists chunks.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { goalRow, writeRows, type Row } from "./lib/report";

export const BUNDLE_ROUTES = ["/billing", "/billing/orders"];
export const BUNDLE_LIMIT_KB = Number(process.env.BUNDLE_LIMIT_KB ?? 150);

const NEXT_DIR = path.resolve(".next");

interface ClientManifest {
  entryJSFiles?: Record<string, string[]>;
}

/** Route ("/billing/orders") → its page's client reference manifest file. */
function pageManifests(): Map<string, string> {
  const root = path.join(NEXT_DIR, "server", "app");
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "page_client-reference-manifest.js") {
        const segments = path.relative(root, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
        found.set(`/${segments.join("/")}`, full);
      }
    }
  };
  walk(root);
  return found;
}

function loadClientManifest(file: string): ClientManifest {
  const sandbox: Record<string, unknown> = {};
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(file, "utf8"), sandbox);
  const all = sandbox.__RSC_MANIFEST as Record<string, ClientManifest> | undefined;
  const entry = all && Object.values(all)[0];
  if (!entry) throw new Error(`no client reference manifest in ${file}`);
  return entry;
}

export interface RouteSize {
  route: string;
  bytes: number;
  chunks: Array<{ file: string; raw: number; gzip: number }>;
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
function sizeOf(file: string) {
  let size = gzipCache.get(file);
  if (!size) {
    const content = readFileSync(path.join(NEXT_DIR, file));
    size = { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
    gzipCache.set(file, size);
  }
  return size;
}

export function firstLoadJs(routes = BUNDLE_ROUTES): RouteSize[] {
  const buildManifest = path.join(NEXT_DIR, "build-manifest.json");
  if (!existsSync(buildManifest)) throw new Error("no production build in .next: run `next build` first");
  const { rootMainFiles = [] } = JSON.parse(readFileSync(buildManifest, "utf8")) as { rootMainFiles?: string[] };
  const manifests = pageManifests();
  return routes.map((route) => {
    const file = manifests.get(route);
    if (!file) throw new Error(`no page ${route} in the build (found: ${[...manifests.keys()].join(", ")})`);
    const files = new Set(rootMainFiles);
    for (const chunks of Object.values(loadClientManifest(file).entryJSFiles ?? {})) for (const f of chunks) if (f.endsWith(".js")) files.add(f);
    const chunks = [...files].map((f) => ({ file: f, ...sizeOf(f) }));
    return { route, bytes: chunks.reduce((sum, c) => sum + c.gzip, 0), chunks };
  });
}

const kb = (bytes: number) => bytes / 1000;

function main() {
  const args = new Set(process.argv.slice(2));
  const sizes = firstLoadJs();
  console.log(`First-load JS (gzip -9, 1 kB = 1,000 bytes), goal ≤ ${BUNDLE_LIMIT_KB} kB per route:`);
  for (const s of sizes) {
    console.log(`  ${s.route.padEnd(18)} ${kb(s.bytes).toFixed(1).padStart(7)} kB  ${kb(s.bytes) <= BUNDLE_LIMIT_KB ? "ok" : "OVER THE GOAL"}`);
    if (args.has("--chunks")) {
      for (const c of [...s.chunks].sort((x, y) => y.gzip - x.gzip)) console.log(`      ${c.file.padEnd(44)} ${kb(c.gzip).toFixed(1).padStart(6)} kB (raw ${kb(c.raw).toFixed(1)} kB)`);
    }
  }
  if (args.has("--json")) {
    const rows: Row[] = sizes.map((s) =>
      goalRow({ id: "P4", figure: `first-load JS of ${s.route} (gzip)`, value: kb(s.bytes), unit: "kB" }, { op: "<=", value: BUNDLE_LIMIT_KB, of: "value" }),
    );
    writeRows("bundle", rows);
  }
  const over = sizes.filter((s) => kb(s.bytes) > BUNDLE_LIMIT_KB);
  if (args.has("--check") && over.length > 0) {
    console.error(`Over the ${BUNDLE_LIMIT_KB} kB first-load JS goal: ${over.map((s) => s.route).join(", ")} (see docs/performance.md, P4).`);
    process.exit(1);
  }
}

main();
