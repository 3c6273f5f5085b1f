/**
 * Small statistics for the benchmark: medians of rounds, latency percentiles.
 * Every function takes the samples as they come (unsorted) and returns NaN for no samples,
 * so an empty measurement shows as "—" in the report instead of a made-up number.
 */

/** The p-th percentile (0–100) with linear interpolation between closest ranks (numpy's default). */
export function percentile(samples: readonly number[], p: number): number {
  const xs = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0 || !Number.isFinite(p)) return NaN;
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = xs[lo]!;
  const b = xs[hi]!;
  return a + (b - a) * (rank - lo);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** a / b, or NaN when either is missing or b is zero. */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return NaN;
  return a / b;
}

/**
 * The median of per-round ratios a[i] / b[i]: each round measured both sides back to back,
 * so a ratio within a round is less exposed to drift (other load on the machine) than a ratio
 * of two medians. Rounds where either side is missing are left out.
 */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  const rs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const r = ratio(a[i]!, b[i]!);
    if (Number.isFinite(r)) rs.push(r);
  }
  return median(rs);
}
