/**
 * A small in-process cache of computed values, each kept under a key and the
 * version of the data it was computed from (docs/performance.md "The insights
 * cache").
 *
 * - A value is served only for the same key and the same version, and for at
 *   most `ttlMs` after it was computed, measured on the caller's `now`; a `now`
 *   earlier than the computation (a clock set back) is a miss, never a hit.
 * - Callers that miss at the same time share one computation; a computation that
 *   fails is not kept, so the next caller tries again.
 * - At most `maxKeys` keys are kept; the least recently used goes first.
 *
 * Correctness rests on the caller: it must read the version before it reads the
 * data, so a value is never older than the version it is kept under.
 */
export class VersionedCache<K, V> {
  private readonly entries = new Map<K, { version: string; at: number; value: Promise<V> }>();

  constructor(
    private readonly maxKeys: number,
    private readonly ttlMs: number,
  ) {}

  get(key: K, version: string, now: Date, compute: () => Promise<V>): Promise<V> {
    const at = now.getTime();
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry && entry.version === version && at >= entry.at && at - entry.at < this.ttlMs) {
      this.entries.set(key, entry);
      return entry.value;
    }
    const value = compute();
    const fresh = { version, at, value };
    this.entries.set(key, fresh);
    value.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** How many keys are kept (for tests and the bench). */
  get size(): number {
    return this.entries.size;
  }
}
