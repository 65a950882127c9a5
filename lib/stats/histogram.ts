/**
 * A fixed log-scale histogram of durations (ms) that can be added and subtracted, so percentiles
 * survive in rollups. Bucket i holds values up to ⌈BASE·GROWTH^i⌉; percentiles are read as the
 * bucket's upper bound: at most 5% above the true value.
 */
const BASE = 10;
const GROWTH = 1.05;
export const BUCKETS = 260; // 10 ms · 1.05^260 ≈ 3.2 × 10^6 s: anything longer lands in the last bucket

export function bucketOf(ms: number): number {
  if (ms <= BASE) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / BASE) / Math.log(GROWTH)));
}

export function upperBound(bucket: number): number {
  return Math.ceil(BASE * GROWTH ** bucket);
}

/** Stored sparse: bucket index → count, only where non-zero. */
export type SparseHistogram = Record<number, number>;

export function sparseAdd(h: SparseHistogram, ms: number, n = 1): void {
  const b = bucketOf(ms);
  h[b] = (h[b] ?? 0) + n;
  if (h[b] === 0) delete h[b];
}

/** A percentile over a dense histogram (one count per bucket, as the stats worker sums them), read as the bucket's upper bound. */
export function densePercentile(h: ArrayLike<number>, p: number): number | null {
  let total = 0;
  for (let b = 0; b < h.length; b++) total += h[b];
  if (!total) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let b = 0; b < h.length; b++) {
    seen += h[b];
    if (seen >= rank) return upperBound(b);
  }
  return null;
}
