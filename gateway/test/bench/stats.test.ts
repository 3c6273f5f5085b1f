import { describe, expect, it } from 'vitest';
import { median, medianRatio, percentile, ratio } from '../../bench/stats.js';

describe('bench statistics', () => {
  it('takes the median of unsorted samples, averaging the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates percentiles between closest ranks', () => {
    const xs = Array.from({ length: 101 }, (_, i) => 100 - i); // 0..100, reversed
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([10, 20], 25)).toBe(12.5);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
  });

  it('shows p99 of a latency series with one slow outlier', () => {
    const xs = [...Array.from({ length: 299 }, () => 2), 50];
    expect(percentile(xs, 50)).toBe(2);
    expect(percentile(xs, 99)).toBe(2);
    expect(percentile(xs, 100)).toBe(50);
  });

  it('returns NaN for no samples and ignores non-finite ones', () => {
    expect(median([])).toBeNaN();
    expect(percentile([NaN, 4, Infinity], 50)).toBe(4);
  });

  it('pairs rounds for ratios and skips rounds where a side is missing', () => {
    expect(ratio(3, 0)).toBeNaN();
    expect(medianRatio([300, 400, NaN], [100, 100, 100])).toBe(3.5);
    expect(medianRatio([600, 300, 450], [200, 200, 150])).toBe(3);
  });
});
