/**
 * R8, the dependency floor: the installed next and react must be at or above
 * the releases that fixed the known advisories (STACK.md: server-action and
 * middleware bypasses, RSC remote code execution). Reads what is installed,
 * not what package.json asks for, since that is what runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const FLOOR: Record<string, string> = {
  next: "16.3.3",
  react: "19.2.6",
  "react-dom": "19.2.6",
};

/** Compares two versions by major.minor.patch; a pre-release sorts before its release. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const match = /^(\d+)\.(\d+)\.(\d+)(-.+)?$/.exec(v.trim());
    if (!match) throw new Error(`not a version: ${v}`);
    return { parts: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return x.parts[i]! < y.parts[i]! ? -1 : 1;
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}

const installed = (name: string) =>
  (JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

describe("the dependency floor", () => {
  it("compares versions the way npm orders releases", () => {
    expect(compareVersions("16.3.3", "16.3.3")).toBe(0);
    expect(compareVersions("16.3.2", "16.3.3")).toBe(-1);
    expect(compareVersions("16.4.0", "16.3.3")).toBe(1);
    expect(compareVersions("16.10.0", "16.9.9")).toBe(1);
    expect(compareVersions("19.2.6-canary.1", "19.2.6")).toBe(-1);
    expect(compareVersions("20.0.0", "19.2.6")).toBe(1);
    expect(compareVersions("15.9.9", "16.3.3")).toBe(-1);
  });

  for (const [name, floor] of Object.entries(FLOOR)) {
    it(`${name} is at least ${floor}`, () => {
      const version = installed(name);
      expect(compareVersions(version, floor), `${name} ${version} is below the security floor ${floor}`).toBeGreaterThanOrEqual(0);
    });
  }
});
