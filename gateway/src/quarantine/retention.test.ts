import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { startRetention } from './retention.js';

describe('startRetention', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function logger() {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) });
    return { log, lines };
  }

  it('runs after the first delay, then every period, never two at once, and not after stop', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let finish: (() => void) | undefined;
    const run = () =>
      new Promise<void>((resolve) => {
        runs++;
        running++;
        most = Math.max(most, running);
        finish = () => {
          running--;
          resolve();
        };
      });
    const r = startRetention(true, run, logger().log, 1000, 5000);
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    // a slow run: the next one waits for it, then a whole period
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toBe(1);
    finish!();
    await vi.advanceTimersByTimeAsync(4999);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    finish!();
    r.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('logs a failed run and tries again next period; does nothing when off', async () => {
    const { log, lines } = logger();
    let runs = 0;
    const r = startRetention(true, async () => {
      runs++;
      if (runs === 1) throw Object.assign(new Error('database unavailable'), { code: 'LC_DB_UNAVAILABLE' });
    }, log, 10, 100);
    await vi.advanceTimersByTimeAsync(10);
    expect(lines).toEqual([expect.objectContaining({ evt: 'quarantine.retention_failed', code: 'LC_DB_UNAVAILABLE' })]);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(2);
    r.stop();

    let offRuns = 0;
    startRetention(false, async () => void offRuns++, log, 10, 100);
    await vi.advanceTimersByTimeAsync(1000);
    expect(offRuns).toBe(0);
  });
});
