import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded.js';
import { ensureLinebreaks, installMessageParserPatch, MessageParser, original, processChunk } from './message-parser-patch.js';

type Methods = { processChunk: typeof processChunk; ensureLinebreaks: typeof ensureLinebreaks };

/** What mailauth's parser hands its DKIM verifier: the header block (when), and every body chunk. */
async function run(methods: Methods, chunks: Buffer[]): Promise<string[]> {
  const events: string[] = [];
  const Base = MessageParser as unknown as new () => Record<string, unknown> & {
    writeAsync(chunk: Buffer, encoding?: string): Promise<void>;
    finish(): Promise<void>;
    stateBytes: number[];
  };
  const parser = new Base();
  Object.assign(parser, methods, {
    async messageHeaders(headers: { parsed: Array<{ key: string; line: Buffer }> }) {
      events.push(`headers ${JSON.stringify(headers.parsed.map((h) => [h.key, h.line.toString('latin1')]))}`);
    },
    async nextChunk(chunk: Buffer) {
      events.push(`body ${JSON.stringify(chunk.toString('latin1'))}`);
    },
    async finalChunk() {
      events.push('final');
    },
  });
  for (const c of chunks) await parser.writeAsync(c);
  await parser.finish();
  events.push(`state ${JSON.stringify(parser.stateBytes)} ${String(parser.lastByte)} ${String(parser.byteLength)}`);
  return events;
}

const PIECES = ['\r', '\n', '\r\n', '\n\n', 'a', 'Subject: x', ': ', ' folded', 'b\r\n', '\r\n\r\n', '\n\r\n'];

function randomInput(rand: () => number): Buffer {
  let s = rand() < 0.5 ? 'From: a@b.example\r\nTo: c@d.example\r\n' : '';
  const n = 1 + Math.floor(rand() * 40);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)]!;
  return Buffer.from(s, 'latin1');
}

function randomSplit(rand: () => number, data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    const n = 1 + Math.floor(rand() * (rand() < 0.3 ? 3 : 30));
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe("mailauth's DKIM message parser, faster (processChunk, ensureLinebreaks)", () => {
  const fast: Methods = { processChunk, ensureLinebreaks };
  const library: Methods = { processChunk: original.processChunk, ensureLinebreaks: original.ensureLinebreaks };

  it('finds the same header end and hands over the same chunks as the library, on random input split at random', async () => {
    const rand = seededRandom(20261125);
    for (let round = 0; round < 500; round++) {
      const data = randomInput(rand);
      const chunks = round % 5 === 0 ? [data] : randomSplit(rand, data);
      expect(await run(fast, chunks), JSON.stringify(data.toString('latin1'))).toEqual(await run(library, chunks));
    }
  });

  it('ends the header at LF LF or LF CR LF, across chunks, and fixes bare LFs of the body', async () => {
    const events = await run(fast, [Buffer.from('A: 1\r\nB: 2\r'), Buffer.from('\n'), Buffer.from('\r\nbody\nline\r\n')]);
    expect(events[0]).toBe('headers [["a","A: 1"],["b","B: 2"]]');
    expect(events.slice(1, -2).join('|')).toBe('body "body\\r\\n"|body "line\\r\\n"');
  });

  it('is what the auth scanner installs on the library class', () => {
    installMessageParserPatch();
    const proto = (MessageParser as unknown as { prototype: Methods }).prototype;
    expect(proto.processChunk).toBe(processChunk);
    expect(proto.ensureLinebreaks).toBe(ensureLinebreaks);
  });
});
