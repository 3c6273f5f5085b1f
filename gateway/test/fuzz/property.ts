import { Rng } from './mutators.js';

/** Wall-clock budget of one property test's loop, and the most one call may take. */
export const BUDGET_MS = 3_000;
export const CALL_MS = 1_000;

/**
 * A property runner from a fixed seed: `property(cases, check)` runs `check(rng, i)` up to `cases`
 * times within BUDGET_MS, each call within CALL_MS, and returns how many ran; a failure names the
 * case's index and the seed (rerun it with the same seed).
 */
export function propertyRunner(seed: number) {
  return async function property(cases: number, check: (rng: Rng, i: number) => void | Promise<void>): Promise<number> {
    const rng = new Rng(seed);
    const until = performance.now() + BUDGET_MS;
    let i = 0;
    for (; i < cases && performance.now() < until; i++) {
      const t = performance.now();
      try {
        await check(rng, i);
      } catch (err) {
        throw new Error(`case ${i} (seed ${seed}): ${(err as Error).stack ?? String(err)}`);
      }
      const ms = performance.now() - t;
      if (ms > CALL_MS) throw new Error(`case ${i} (seed ${seed}) took ${Math.round(ms)} ms`);
    }
    return i;
  };
}

export function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}
