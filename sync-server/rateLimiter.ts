/**
 * A token bucket per key (a client address): `limit` actions per `windowMs`, refilled smoothly, so
 * a burst of `limit` is allowed and then one more every `windowMs / limit`. In memory: a restart
 * forgets it, which costs an attacker nothing he could not get by waiting a minute.
 *
 * Counting only *failures* (wrong codes) must still hold against concurrent requests: callers
 * `take()` a token before the attempt and `refund()` it when the attempt succeeded. Checking first
 * and counting afterwards would let a thousand parallel guesses all pass the check.
 */
export interface RateLimiterOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
  /** Keys tracked at most; the least recently used are forgotten first (memory stays bounded). */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /**
   * Take one token for `key`. Resolves to 0 if it was available (the action may go ahead), or to
   * the whole seconds to wait before the next one will be (nothing taken then): `Retry-After`.
   */
  take(key: string): number {
    const now = this.now();
    const bucket = this.current(key, now);
    if (bucket.tokens < 1) {
      return Math.max(1, Math.ceil(((1 - bucket.tokens) * this.windowMs) / this.limit / 1000));
    }
    bucket.tokens -= 1;
    this.store(key, bucket, now);
    return 0;
  }

  /** Give back a token taken for an action that turned out not to count (a success). */
  refund(key: string): void {
    const now = this.now();
    const bucket = this.current(key, now);
    bucket.tokens = Math.min(this.limit, bucket.tokens + 1);
    this.store(key, bucket, now);
  }

  /** Keys currently tracked (for tests and the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private current(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return { tokens: this.limit, at: now };
    const refilled = bucket.tokens + ((now - bucket.at) * this.limit) / this.windowMs;
    return { tokens: Math.min(this.limit, refilled), at: now };
  }

  private store(key: string, bucket: Bucket, now: number): void {
    // Re-inserted so the map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    for (const [oldKey, old] of this.buckets) {
      // A bucket untouched for a whole window is full again: the same as no bucket at all.
      const full = now - old.at >= this.windowMs;
      if (!full && this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(oldKey);
    }
  }
}
