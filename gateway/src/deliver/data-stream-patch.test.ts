import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded.js';
import { DataStream, flushData, HOLD_BYTES, installDataStreamPatch, originalFlush, originalTransform, transformData } from './data-stream-patch.js';

type Fn = typeof transformData;
type Flush = typeof flushData;
const OURS = { transform: transformData, flush: flushData };
const THEIRS = { transform: originalTransform, flush: originalFlush };

/** Runs `chunks` through a DataStream with the given _transform and _flush; what it pushed, chunk by chunk, and its counters. */
async function run(fns: { transform: Fn; flush: Flush }, chunks: Array<Buffer | string>): Promise<{ pushed: string[]; inBytes: number; outBytes: number }> {
  const stream = new DataStream() as unknown as import('node:stream').Transform & { inByteCount: number; outByteCount: number };
  (stream as unknown as { _transform: Fn })._transform = fns.transform;
  (stream as unknown as { _flush: Flush })._flush = fns.flush;
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
  it('gives what the library gives, byte for byte with the same counters, on random CR/LF/dot mixes split at random', async () => {
    const rand = seededRandom(20261125);
    for (let round = 0; round < 400; round++) {
      const data = randomInput(rand, 1 + Math.floor(rand() * 60));
      const chunks = round % 4 === 0 ? [data] : randomSplit(rand, data);
      const ours = await run(OURS, chunks);
      const theirs = await run(THEIRS, chunks);
      const joined = (r: typeof ours) => ({ out: r.pushed.join(''), inBytes: r.inBytes, outBytes: r.outBytes });
      expect(joined(ours), JSON.stringify(data.toString('latin1'))).toEqual(joined(theirs));
      // under HOLD_BYTES, the whole message and its end mark leave in one push (one socket write)
      expect(ours.pushed).toHaveLength(1);
    }
  });

  it('pushes large messages as they come, in pieces of at least HOLD_BYTES, the same bytes as the library', async () => {
    const rand = seededRandom(7);
    for (let round = 0; round < 6; round++) {
      const data = Buffer.concat(Array.from({ length: 40 }, () => randomInput(rand, 2000 + Math.floor(rand() * 4000))));
      const chunks: Buffer[] = [];
      for (let at = 0; at < data.length; ) {
        const n = round % 2 ? 65_536 : 1 + Math.floor(rand() * 30_000);
        chunks.push(data.subarray(at, at + n));
        at += n;
      }
      const ours = await run(OURS, chunks);
      const theirs = await run(THEIRS, chunks);
      expect(ours.pushed.join('')).toBe(theirs.pushed.join(''));
      expect([ours.inBytes, ours.outBytes]).toEqual([theirs.inBytes, theirs.outBytes]);
      expect(ours.pushed.length).toBeGreaterThan(1);
      for (const p of ours.pushed.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(HOLD_BYTES);
    }
  });

  it('stuffs dots, fixes bare line ends, and ends the data after the last bytes in the same push', async () => {
    const out = await run(OURS, [Buffer.from('.a\n.b\rc\r\n.d\r\n')]);
    expect(out.pushed).toEqual(['..a\r\n..b\r\nc\r\n..d\r\n.\r\n']);
    expect((await run(OURS, ['a\n', '.b'])).pushed).toEqual(['a\r\n..b\r\n.\r\n']);
    expect((await run(OURS, ['Subject: x\r\n\r\n', 'hello\r', 'world'])).pushed).toEqual(['Subject: x\r\n\r\nhello\r\nworld\r\n.\r\n']);
    expect((await run(OURS, [])).pushed).toEqual(['\r\n.\r\n']);
  });

  it('is what the relay installs on the library class', () => {
    installDataStreamPatch();
    expect((DataStream.prototype as unknown as { _transform: Fn })._transform).toBe(transformData);
    expect((DataStream.prototype as unknown as { _flush: Flush })._flush).toBe(flushData);
    expect(originalTransform).not.toBe(transformData);
    expect(originalFlush).not.toBe(flushData);
  });
});
