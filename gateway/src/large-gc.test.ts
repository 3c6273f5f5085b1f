import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectGarbage } from './gc.js';
import { createLargeGc } from './large-gc.js';

describe('createLargeGc', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(level: { bytes: number }) {
    const collect = vi.fn();
    const gc = createLargeGc({ limitBytes: 100, growthBytes: 20, everyMs: 250, arrayBuffers: () => level.bytes, collect });
    return { collect, gc };
  }

  it('collects while a large message is in flight and buffers are above the limit', async () => {
    const level = { bytes: 50 };
    const { collect, gc } = setup(level);
    let finish!: () => void;
    const done = gc(() => new Promise<void>((resolve) => (finish = resolve)));
    await vi.advanceTimersByTimeAsync(1000);
    expect(collect).not.toHaveBeenCalled();
    level.bytes = 150;
    await vi.advanceTimersByTimeAsync(250);
    expect(collect).toHaveBeenCalledTimes(1);
    // the collection left 150 (still in use): not again until 20 more have piled up
    await vi.advanceTimersByTimeAsync(1000);
    expect(collect).toHaveBeenCalledTimes(1);
    level.bytes = 171;
    await vi.advanceTimersByTimeAsync(250);
    expect(collect).toHaveBeenCalledTimes(2);
    finish();
    await done;
    level.bytes = 1000;
    await vi.advanceTimersByTimeAsync(2000);
    expect(collect).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps one timer for overlapping messages and stops it after the last one, also when work throws', async () => {
    const level = { bytes: 150 };
    const { collect, gc } = setup(level);
    collect.mockImplementation(() => (level.bytes = 50)); // each collection frees, then 100 piles up again
    const pileUp = setInterval(() => (level.bytes += 50), 125);
    let finishA!: () => void;
    const a = gc(() => new Promise<void>((resolve) => (finishA = resolve)));
    const b = gc(async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      throw new Error('scan failed');
    });
    const bFailed = expect(b).rejects.toThrow('scan failed');
    expect(vi.getTimerCount()).toBe(3); // the collector's interval, b's own timeout and pileUp
    await vi.advanceTimersByTimeAsync(600);
    await bFailed;
    expect(collect).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(2); // a is still in flight
    finishA();
    await expect(a).resolves.toBeUndefined();
    clearInterval(pileUp);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('returns what the work returns and never runs without a large message', async () => {
    const { collect, gc } = setup({ bytes: 1e9 });
    await expect(gc(async () => 42)).resolves.toBe(42);
    await vi.advanceTimersByTimeAsync(5000);
    expect(collect).not.toHaveBeenCalled();
  });
});

describe('collectGarbage', () => {
  it('runs V8 full collections without --expose-gc on the command line', async () => {
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ big: new Array(1000).fill(1) });
    })();
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef's target lives to the end of its job
    collectGarbage();
    collectGarbage();
    expect(ref!.deref()).toBeUndefined();
  });
});
