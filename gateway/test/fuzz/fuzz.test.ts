import { describe, expect, it } from 'vitest';
import { fuzzEngine, loadSeeds, runOne } from './harness.js';
import { MUTATORS, mutate, Rng } from './mutators.js';

/**
 * A short, deterministic slice of the fuzzer (test/fuzz/run.ts runs the long one): a fixed seed, a few
 * hundred structure-aware mutations of every fixture, each through evaluate() and applyActions() as on
 * the mail path. None may throw, hang, blow up memory or output, make a scanner fail, or let a message
 * that was not fully read through as clean. A failure names the seed index: replay it with run.ts.
 */
const SEED = 20251124;
const COUNT = 300;

describe('fuzzing the mail path with mutated fixtures', () => {
  it('has seeds from every fixture folder and mutators for every kind of damage', () => {
    const seeds = loadSeeds();
    for (const group of ['mail/', 'malformed/', 'attachments/']) expect(seeds.some((s) => s.name.startsWith(group))).toBe(true);
    expect(Object.keys(MUTATORS).length).toBeGreaterThanOrEqual(20);
  });

  it('gives the same mutations for the same seed (failures can be replayed)', () => {
    const seeds = loadSeeds().map((s) => s.bytes.toString('latin1'));
    const run = () => {
      const rng = new Rng(SEED);
      return Array.from({ length: 20 }, () => mutate(seeds[rng.int(seeds.length)]!, rng, seeds).msg.length);
    };
    expect(run()).toEqual(run());
  });

  it(`survives ${COUNT} mutated messages: each gets a verdict and a rewritten copy, within its time bound`, async () => {
    const engine = await fuzzEngine();
    const seeds = loadSeeds();
    const texts = seeds.map((s) => s.bytes.toString('latin1'));
    const rng = new Rng(SEED);
    const failures: string[] = [];
    const actions = new Set<string>();
    for (let n = 0; n < COUNT; n++) {
      const i = rng.int(seeds.length);
      const { msg, applied } = mutate(texts[i]!, rng, texts);
      const r = await runOne(Buffer.from(msg, 'latin1'), engine, { timeoutMs: 5_000 });
      if (r.action) actions.add(r.action);
      if (r.failure) failures.push(`#${n} ${seeds[i]!.name} via ${applied.join('+')}: ${r.failure.kind}: ${r.failure.detail.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    // the mutations reach more than one outcome (a harness that only ever sees one is broken)
    expect(actions.size).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('the inputs the fuzzer found (test-fixtures/malformed/fuzz-*.eml)', () => {
  const found = loadSeeds().filter((s) => s.name.startsWith('malformed/fuzz-'));

  it('are kept in the fixtures', () => {
    expect(found.length).toBeGreaterThanOrEqual(1);
  });

  for (const { name, bytes } of found) {
    it(`${name}: gets a verdict and a rewritten copy within the time bound`, async () => {
      const r = await runOne(bytes, await fuzzEngine(), { timeoutMs: 5_000 });
      expect(r.failure).toBeUndefined();
      expect(r.ms).toBeLessThan(5_000);
    }, 20_000);
  }
});
