/** Medians, percentiles and a small log-bucket histogram that worker processes can merge. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Linear interpolation between closest ranks; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `once` n times (sequentially) and returns every result. */
export async function repeat<T>(n: number, once: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i++) results.push(await once(i));
  return results;
}

/**
 * Latencies in microseconds, bucketed on a log scale (2 % wide buckets from 1 µs): exact enough for
 * p50/p99, constant memory whatever the number of samples, and mergeable across processes.
 */
export class Histogram {
  static readonly GROWTH = 1.02;
  counts: Record<number, number> = {};
  count = 0;
  max = 0;

  record(micros: number): void {
    const value = Math.max(1, micros);
    const bucket = Math.floor(Math.log(value) / Math.log(Histogram.GROWTH));
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count += 1;
    if (value > this.max) this.max = value;
  }

  merge(other: { counts: Record<number, number>; count: number; max: number }): void {
    for (const [bucket, n] of Object.entries(other.counts)) {
      const key = Number(bucket);
      this.counts[key] = (this.counts[key] ?? 0) + n;
    }
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  /** The value (µs) at percentile p: the upper edge of the bucket that holds it. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const target = Math.ceil((p / 100) * this.count);
    let seen = 0;
    const buckets = Object.keys(this.counts).map(Number).sort((a, b) => a - b);
    for (const bucket of buckets) {
      seen += this.counts[bucket] as number;
      if (seen >= target) return Math.min(this.max, Histogram.GROWTH ** (bucket + 1));
    }
    return this.max;
  }

  toJSON(): { counts: Record<number, number>; count: number; max: number } {
    return { counts: this.counts, count: this.count, max: this.max };
  }
}
