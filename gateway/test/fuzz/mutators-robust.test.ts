import { describe, expect, it } from 'vitest';
import { CHANGED_CODE_MUTATORS } from './changed-code-mutators.js';
import { MUTATORS, mutate, Rng } from './mutators.js';

/**
 * The mutators themselves must neither throw nor stall on what earlier mutations make: the long run
 * of 2026-11-25 (seed 731904) stopped at a boundary mutated to ~70 KB ("Regular expression too
 * large" in mime-suite-mutators.ts), and another (seed 288117, message 8583) spent minutes in
 * transportPadding after manyTinyParts had put 10,000 delimiters in the message.
 */
const HEAD = 'From: a@b.example\r\nTo: staff@lachan.test\r\nSubject: m\r\nMIME-Version: 1.0\r\n';

function manyParts(boundary: string, parts: number): string {
  return `${HEAD}Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${`--${boundary}\r\n\r\nx\r\n`.repeat(parts)}--${boundary}--\r\n`;
}

describe('the fuzzer mutators on hostile intermediate messages', () => {
  it('the changed-code mutators are registered in the run', () => {
    for (const name of Object.keys(CHANGED_CODE_MUTATORS)) expect(MUTATORS[name]).toBe(CHANGED_CODE_MUTATORS[name]);
  });

  it('none throws on a 70 KB boundary', () => {
    const msg = manyParts('x'.repeat(70_000), 3);
    const rng = new Rng(1);
    const thrown: string[] = [];
    for (const [name, m] of Object.entries(MUTATORS)) {
      for (let i = 0; i < 5; i++) {
        try {
          m(msg, rng, [msg]);
        } catch (err) {
          thrown.push(`${name}: ${String(err).slice(0, 100)}`);
          break;
        }
      }
    }
    expect(thrown).toEqual([]);
  });

  it('transportPadding over 10,000 delimiters pads them all in linear time', () => {
    const msg = manyParts('b', 10_000);
    // the slow case: every delimiter padded with 5,000 spaces (50 MB inserted); found among the seeds
    let padded = false;
    for (let seed = 0; seed < 400 && !padded; seed++) {
      const out = MUTATORS.transportPadding!(msg, new Rng(seed), [msg]);
      padded = out.length >= msg.length + 10_000 * 5_000;
    }
    expect(padded).toBe(true);
    // one insertion at a time into the growing string, it did not end in minutes: the test's own
    // time limit is the bound (no timing assertion of ours)
  }, 60_000);

  it('a focused mutation starts with one of the focus mutators', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 10; i++) {
      const { applied } = mutate(HEAD + '\r\nx\r\n', rng, [HEAD], ['longTokens']);
      expect(applied[0]).toBe('longTokens');
    }
  });
});
