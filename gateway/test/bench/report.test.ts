import { describe, expect, it } from 'vitest';
import type { ThroughputSample } from '../../bench/measure.js';
import type { ConfigName } from '../../bench/options.js';
import { addedLatency, checkTargets, renderReport, type BenchResults } from '../../bench/report.js';

function sample(config: ConfigName, round: number, msgPerSec: number, cpuSecPer1000: number, clamd = 0): ThroughputSample {
  const ok = 600;
  return {
    config,
    round,
    size: 10240,
    concurrency: 20,
    sent: ok,
    ok,
    failed: 0,
    seconds: ok / msgPerSec,
    msgPerSec,
    cpuSec: (cpuSecPer1000 * ok) / 1000,
    clamdCpuSec: clamd,
    delivered: ok,
  };
}

function results(over: Partial<BenchResults> = {}): BenchResults {
  return {
    started: new Date('2026-01-01T00:00:00Z'),
    seconds: 100,
    mode: 'full',
    rounds: 3,
    gateway: 'commit abc1234, dist built 2026-01-01T00:00:00Z',
    machine: { nproc: 2, cpuModel: 'Test CPU', node: 'v20.0.0', loadBefore: [1, 1, 1], loadAfter: [2, 2, 2] },
    messageBytes: { 10240: 10541 },
    unavailable: {},
    throughput: [
      sample('haraka', 0, 300, 4),
      sample('haraka', 1, 280, 4.2),
      sample('haraka', 2, 100, 4.1), // a round disturbed by other load
      sample('lachan', 0, 480, 3),
      sample('lachan', 1, 420, 3.1),
      sample('lachan', 2, 160, 3.2),
      sample('sink', 0, 3000, 0.1),
    ],
    latency: [
      { config: 'sink', ms: [1, 1, 1, 1, 1], failed: 0 },
      { config: 'lachan', ms: [4, 4, 4, 4, 20], failed: 0 },
    ],
    rss: [{ config: 'lachan', clients: 20, messageBytes: 25e6, idleMiB: 80, peakRssMiB: 180, peakHwmMiB: 150, seconds: 12, ok: 20, failed: 0 }],
    notes: [],
    ...over,
  };
}

describe('bench report', () => {
  it('judges throughput by the median of per-round ratios against Haraka plain', () => {
    const [speed] = checkTargets(results());
    // per-round ratios 1.6, 1.5, 1.6 → 1.6; a ratio of medians would be 420 / 280 = 1.5
    expect(speed!.measured).toMatch(/^1\.60 ×/);
    expect(speed!.met).toBe(true);
  });

  it('judges two worker processes against the same target, only when they were measured', () => {
    expect(checkTargets(results()).some((t) => t.target.includes('LACHAN_WORKERS=2'))).toBe(false);
    const r = results();
    r.throughput.push(sample('lachan-w2', 0, 450, 3), sample('lachan-w2', 1, 400, 3), sample('lachan-w2', 2, 140, 3));
    const w2 = checkTargets(r).find((t) => t.target.includes('LACHAN_WORKERS=2'));
    // per-round ratios 1.5, 1.43, 1.4 → 1.43
    expect(w2!.measured).toMatch(/^1\.43 ×/);
    expect(w2!.met).toBe(false);
  });

  it('counts clamd in the gateway CPU when comparing with Haraka plain', () => {
    const r = results();
    r.throughput = r.throughput.map((s) => (s.config === 'lachan' ? { ...s, clamdCpuSec: 1.2 } : s)); // +2 CPU-s per 1000
    const cpu = checkTargets(r)[1]!;
    expect(cpu.measured).toBe('5.10 vs 4.10');
    expect(cpu.met).toBe(false);
    expect(checkTargets(results())[1]!.met).toBe(true);
  });

  it('computes added latency as the path percentile minus the sink percentile', () => {
    expect(addedLatency(results(), 'lachan', 50)).toBe(3);
    const checks = checkTargets(results());
    expect(checks[2]).toMatchObject({ measured: '3.0 ms', met: true });
    expect(checks[3]!.met).toBe(false); // p99 ≈ 19.4 − 1
  });

  it('says "not measured" rather than met when a path is missing', () => {
    const checks = checkTargets(results({ throughput: [], latency: [], rss: [] }));
    expect(checks.map((c) => c.met)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const text = renderReport(results({ throughput: [], latency: [], rss: [], unavailable: { lachan: 'dist/cli/main.js is missing\nmore' } }));
    expect(text).toContain('**Lá Chắn (full scanning) not measured:** dist/cli/main.js is missing');
  });

  it('fails the memory target when a large message was refused, whatever the RSS', () => {
    const r = results({ rss: [{ config: 'lachan', clients: 20, messageBytes: 25e6, idleMiB: 80, peakRssMiB: 90, peakHwmMiB: 90, seconds: 3, ok: 18, failed: 2 }] });
    expect(checkTargets(r)[4]).toMatchObject({ met: false, measured: '90 MiB = 94 MB (18/20 accepted)' });
  });

  it('reads the memory target in MB: 190 MiB is within 200 MB, 192 MiB is not', () => {
    const at = (peakRssMiB: number) =>
      checkTargets(results({ rss: [{ config: 'lachan', clients: 20, messageBytes: 25e6, idleMiB: 80, peakRssMiB, peakHwmMiB: peakRssMiB, seconds: 3, ok: 20, failed: 0 }] }))[4];
    expect(at(190)).toMatchObject({ met: true, measured: '190 MiB = 199 MB (20/20 accepted)' });
    expect(at(192)).toMatchObject({ met: false, measured: '192 MiB = 201 MB (20/20 accepted)' });
  });

  it('renders machine facts, the targets table and the throughput table', () => {
    const text = renderReport(results());
    expect(text).toContain('- **Machine:** 2 × Test CPU, Node v20.0.0; load average before 1.00 / 1.00 / 1.00');
    expect(text).toContain('| msg/s at c=20, 10 KB: Lá Chắn ≥ 1.5 × Haraka plain | 1.60 × (420 vs 280 msg/s) | yes |');
    expect(text).toMatch(/\| 10 KB \| 20 \| 3000 \| 280 \| 420 \| 1\.60 \| — \| 0\.160 \|/);
    expect(text).toContain('| Lá Chắn (full scanning) | 20 × 25.0 MB | 80 | 180 | 150 | 12.0 | 20/20 |');
  });
});
