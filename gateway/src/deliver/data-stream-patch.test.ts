import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded.js';
import { DataStream, installDataStreamPatch, originalTransform, transformData } from './data-stream-patch.js';

type Fn = typeof transformData;

/** Runs `chunks` through a DataStream with the given _transform; what it pushed, chunk by chunk, and its counters. */
async function run(fn: Fn, chunks: Array<Buffer | string>): Promise<{ pushed: string[]; inBytes: number; outBytes: number }> {
  const stream = new DataStream() as unknown as import('node:stream').Transform & { inByteCount: number; outByteCount: number };
  (stream as unknown as { _transform: Fn })._transform = fn;
  const pushed: string[] = [];
  stream.on('data', (b: Buffer) => pushed.push(b.toString('latin1')));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const c of chunks) stream.write(c);
  stream.end();
  await ended;
  return { pushed, inBytes: stream.inByteCount, outBytes: stream.outByteCount };
}

const ALPHABET = ['\r', '\n', '.', 'a', ' ', '\r\n', '\r\n.', '.\r\n', '\n.', '\r.'];

function randomInput(rand: () => number, pieces: number): Buffer {
  let s = '';
  for (let i = 0; i < pieces; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)]!;
  return Buffer.from(s, 'latin1');
}

function randomSplit(rand: () => number, data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const n = rand() < 0.2 ? 1 : 1 + Math.floor(rand() * 12);
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('the DATA stream fast path (nodemailer DataStream._transform)', () => {
  it('gives what the library gives, chunk for chunk, on random CR/LF/dot mixes split at random', async () => {
    const rand = seededRandom(20261125);
    for (let round = 0; round < 400; round++) {
      const data = randomInput(rand, 1 + Math.floor(rand() * 60));
      const chunks = round % 4 === 0 ? [data] : randomSplit(rand, data);
      const ours = await run(transformData, chunks);
      const theirs = await run(originalTransform, chunks);
      expect(ours, JSON.stringify(data.toString('latin1'))).toEqual(theirs);
    }
  });

  it('stuffs dots, fixes bare line ends, and leaves clean CRLF text as the same chunk', async () => {
    const out = await run(transformData, [Buffer.from('.a\n.b\rc\r\n.d\r\n')]);
    expect(out.pushed.join('')).toBe('..a\r\n..b\r\nc\r\n..d\r\n.\r\n');
    const clean = Buffer.from('Subject: x\r\n\r\nhello\r\nworld\r\n');
    const stream = new DataStream() as unknown as import('node:stream').Transform;
    (stream as unknown as { _transform: Fn })._transform = transformData;
    const first = new Promise<Buffer>((resolve) => stream.once('data', resolve));
    stream.write(clean);
    expect(await first).toBe(clean);
    expect((await run(transformData, ['a\n', '.b'])).pushed.join('')).toBe('a\r\n..b\r\n.\r\n');
  });

  it('is what the relay installs on the library class', () => {
    installDataStreamPatch();
    expect((DataStream.prototype as unknown as { _transform: Fn })._transform).toBe(transformData);
    expect(originalTransform).not.toBe(transformData);
  });
});
