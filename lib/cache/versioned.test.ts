import { describe, expect, it } from "vitest";
import { VersionedCache } from "./versioned";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

function counter() {
  let calls = 0;
  return {
    compute: (value: string) => () => {
      calls += 1;
      return Promise.resolve(`${value}#${calls}`);
    },
    get calls() {
      return calls;
    },
  };
}

describe("VersionedCache", () => {
  it("serves a value for the same key and version within its time to live", async () => {
    const cache = new VersionedCache<number, string>(10, 1_000);
    const c = counter();
    expect(await cache.get(1, "7", at(0), c.compute("a"))).toBe("a#1");
    expect(await cache.get(1, "7", at(999), c.compute("a"))).toBe("a#1");
    expect(c.calls).toBe(1);
  });

  it("computes again on a new version, another key, or once the time to live is over", async () => {
    const cache = new VersionedCache<number, string>(10, 1_000);
    const c = counter();
    await cache.get(1, "7", at(0), c.compute("a"));
    expect(await cache.get(1, "8", at(1), c.compute("a"))).toBe("a#2");
    expect(await cache.get(2, "8", at(1), c.compute("b"))).toBe("b#3");
    expect(await cache.get(1, "8", at(1_001), c.compute("a"))).toBe("a#4");
    expect(c.calls).toBe(4);
  });

  it("treats a clock set back as a miss", async () => {
    const cache = new VersionedCache<number, string>(10, 1_000);
    const c = counter();
    await cache.get(1, "7", at(500), c.compute("a"));
    expect(await cache.get(1, "7", at(499), c.compute("a"))).toBe("a#2");
  });

  it("shares one computation between callers that miss together", async () => {
    const cache = new VersionedCache<number, string>(10, 1_000);
    let calls = 0;
    let release: (v: string) => void = () => {};
    const slow = () => {
      calls += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = cache.get(1, "7", at(0), slow);
    const second = cache.get(1, "7", at(5), slow);
    release("done");
    expect(await Promise.all([first, second])).toEqual(["done", "done"]);
    expect(calls).toBe(1);
  });

  it("does not keep a failed computation", async () => {
    const cache = new VersionedCache<number, string>(10, 1_000);
    await expect(cache.get(1, "7", at(0), () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(cache.size).toBe(0);
    expect(await cache.get(1, "7", at(1), () => Promise.resolve("up"))).toBe("up");
  });

  it("keeps at most maxKeys keys, dropping the least recently used first", async () => {
    const cache = new VersionedCache<number, string>(2, 1_000);
    const c = counter();
    await cache.get(1, "1", at(0), c.compute("a"));
    await cache.get(2, "1", at(0), c.compute("b"));
    await cache.get(1, "1", at(1), c.compute("a")); // 1 is now the most recent
    await cache.get(3, "1", at(2), c.compute("c")); // drops 2
    expect(cache.size).toBe(2);
    expect(await cache.get(1, "1", at(3), c.compute("a"))).toBe("a#1");
    expect(await cache.get(2, "1", at(3), c.compute("b"))).toBe("b#4");
  });
});
