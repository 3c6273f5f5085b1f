import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/seeded.js';
import { ensureLinebreaks, finish, installMessageParserPatch, MessageParser, original, parseHeaders, processChunk } from './message-parser-patch.js';

type Methods = { processChunk: typeof processChunk; ensureLinebreaks: typeof ensureLinebreaks; finish?: typeof finish };

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

const PIECES = ['\r', '\n', '\r\n', '\n\n', 'a', 'Subject: x', ': ', ' folded', 'b\r\n', '\r\n\r\n', '\n\r\n', '\t', ' ', '\r\r\r', '\n ', 'X-Cased : v'];

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
  const fast: Methods = { processChunk, ensureLinebreaks, finish };
  const library: Methods = { processChunk: original.processChunk, ensureLinebreaks: original.ensureLinebreaks, finish: original.finish };

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

  it('reads a header block into the same rows as the library (parseHeaders), on random blocks', () => {
    const rand = seededRandom(4242);
    for (let round = 0; round < 2000; round++) {
      const data = randomInput(rand);
      expect(parseHeaders(data), JSON.stringify(data.toString('latin1'))).toEqual(original.parseHeaders(data));
    }
  });

  it('reads 200,000 folded lines and a run of 1,000,000 CRs in one pass (the library took minutes: the test time limit is the bound)', async () => {
    // the fuzzer's slow-4242-17996 (126 KB, 1.7 s in the library's parseHeaders), grown: a folded
    // field of many lines, and a header line holding a long run of CRs
    const folded = Buffer.from(`Subject: x\r\n${' y\r\n'.repeat(200_000)}To: a@b.example\r\n\r\n`, 'latin1');
    const rows = parseHeaders(folded).parsed;
    expect(rows.map((r) => r.key)).toEqual(['subject', 'to']);
    expect(rows[0]!.line.length).toBe(folded.length - 'To: a@b.example\r\n\r\n'.length - 2);
    const crs = Buffer.from(`Subject: a${'\r'.repeat(1_000_000)}b\r\nTo: c\r\n`, 'latin1');
    expect(parseHeaders(crs).parsed.map((r) => r.line.length)).toEqual([1_000_011, 5]);
    // through the parser, a message that is all header (finish) and one with a body
    for (const data of [crs, Buffer.concat([folded, Buffer.from('body\r\n')])]) {
      const events = await run(fast, [data]);
      expect(events.filter((e) => e.startsWith('headers')).length).toBe(1);
    }
  }, 20_000);

  it('is what the auth scanner installs on the library class', () => {
    installMessageParserPatch();
    const proto = (MessageParser as unknown as { prototype: Methods }).prototype;
    expect(proto.processChunk).toBe(processChunk);
    expect(proto.ensureLinebreaks).toBe(ensureLinebreaks);
    expect(proto.finish).toBe(finish);
  });
});
