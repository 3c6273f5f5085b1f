/**
 * Fixed-seed random input for equivalence tests (a cheaper form compared with the one it replaced
 * on generated text): the same sequence on every run, so a failure names a seed to replay.
 */

/** Numbers in [0, 1) from a linear congruential generator started at `seed`. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `length` pieces of `alphabet` picked with `next`, joined. */
export function seededText(next: () => number, alphabet: readonly string[], length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)]!;
  return out;
}
