import { describe, expect, it } from 'vitest';
import { setBounded } from './bounded.js';

describe('setBounded', () => {
  it('drops the oldest entry once the map is full, and never grows past max', () => {
    const m = new Map<string, number>();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) setBounded(m, k, i, 3);
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('replaces an entry that is already there without dropping another', () => {
    const m = new Map([['a', 1], ['b', 2]]);
    setBounded(m, 'a', 9, 2);
    expect([...m.entries()]).toEqual([['a', 9], ['b', 2]]);
  });
});
