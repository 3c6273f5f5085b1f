import { describe, expect, it } from 'vitest';
import { dropCrBeforeLf } from './text-decode.js';

/** A deterministic generator (no Math.random: a failure replays). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('dropCrBeforeLf: CRLF to LF on the bytes before decoding', () => {
  it('decodes to what replacing CRLF in the decoded text gives, invalid UTF-8 included', () => {
    const next = rng(11);
    // CR, LF, ASCII, a lead byte without its continuation, continuation bytes, a whole Vietnamese letter
    const atoms = [[0x0d], [0x0a], [0x0d, 0x0a], [0x0d, 0x0d, 0x0a], [0x61], [0xe1], [0xbb], [0x80], [0xe1, 0xbb, 0x87], [0xf0, 0x9f]];
    for (let n = 0; n < 2000; n++) {
      const bytes: number[] = [];
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) bytes.push(...atoms[Math.floor(next() * atoms.length)]!);
      const buf = Buffer.from(bytes);
      const expected = buf.toString().replace(/\r\n/g, '\n');
      const end = dropCrBeforeLf(buf);
      expect(buf.toString('utf8', 0, end)).toBe(expected);
    }
  });

  it('leaves bytes without a CRLF as they are', () => {
    const buf = Buffer.from('a\rb\nc\r');
    expect(dropCrBeforeLf(buf)).toBe(buf.length);
    expect(buf.toString()).toBe('a\rb\nc\r');
  });
});
