import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/fuzz/mutators.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { collectGarbage } from '../gc.js';
import { FlowedDecoder } from './flowed.js';
import { parseMessage, releaseMessage } from './index.js';

const MB = 1024 * 1024;
const FIXTURES = path.resolve(fileURLToPath(new URL('../../../test-fixtures', import.meta.url)));

/** The streaming decoder over `input` cut into the given chunk sizes (cycled). */
function streamed(input: Buffer, delSp: boolean, sizes: number[]): Buffer {
  const d = new FlowedDecoder(delSp);
  const out: Buffer[] = [];
  for (let pos = 0, k = 0; pos < input.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length]!);
    out.push(...d.write(input.subarray(pos, pos + n)));
    pos += n;
  }
  out.push(...d.end());
  return Buffer.concat(out);
}

/** libmime's whole-part decoding, as bodies.ts did it before. */
function whole(input: Buffer, delSp: boolean): Buffer {
  return Buffer.from(libmime.decodeFlowed(input.toString('latin1'), delSp), 'latin1');
}

const PIECES = [' ', ' ', '  ', '>', '>>', '> ', '\r\n', '\n', '\r', '\r\r\n', '-- ', '--', 'a', 'word ', 'From ', 'x', '\t', '\xe1', '\0', '>> q ', ' \r\n'];

function randomFlowed(rng: Rng): Buffer {
  let s = '';
  for (let n = rng.int(60); n > 0; n--) s += rng.pick(PIECES);
  return Buffer.from(s, 'latin1');
}

function emlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? emlFiles(full) : name.endsWith('.eml') ? [full] : [];
  });
}

describe('format=flowed unfolded as it streams (flowed.ts) gives what libmime.decodeFlowed gives on the whole part', () => {
  it('on hand-picked inputs: soft breaks, delsp, quotes of changing depth, "-- ", stuffing, lone CR, no final line break', () => {
    const cases = [
      '', '\n', '\r\n', 'a', 'a \r\nb', 'a \r\n b', ' a \r\n  b\r\n', 'a  \r\n\r\n\r\n', '-- \r\nsig', '--  \r\n\r\nx',
      '> a \r\n> b\r\n>> c \r\nd', '>', '>>\r\n', '> \r\n> \r\n', 'a \r b \r\n c', 'x\r', 'x \r', 'x \r\r\n y',
      'From me \r\n From you', ' \r\n \r\n \r\n', 'a \n\n', 'ab \r\n', `${' '.repeat(70_000)}\r\nx`, `a${' '.repeat(70_000)}\r\n\r\nb`,
    ];
    for (const text of cases) {
      const input = Buffer.from(text, 'latin1');
      for (const delSp of [false, true]) {
        const expected = whole(input, delSp);
        for (const sizes of [[input.length || 1], [1], [2, 3], [7]]) {
          expect(streamed(input, delSp, sizes).equals(expected), `${JSON.stringify(text.slice(0, 40))} delsp=${delSp} chunks ${sizes}`).toBe(true);
        }
      }
    }
  });

  it('on 3,000 random inputs of the pieces that matter, cut into random chunks', () => {
    const rng = new Rng(20251201);
    for (let i = 0; i < 3000; i++) {
      const input = randomFlowed(rng);
      const delSp = rng.chance(0.5);
      const sizes = Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(12));
      const got = streamed(input, delSp, sizes);
      const expected = whole(input, delSp);
      expect(got.equals(expected), `case ${i}: ${JSON.stringify(input.toString('latin1'))} delsp=${delSp} chunks ${sizes}`).toBe(true);
    }
  });

  it('on every committed fixture, read as format=flowed (with and without delsp), in 64 KiB and odd-sized chunks', () => {
    const files = emlFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(200);
    for (const file of files) {
      const input = readFileSync(file);
      for (const delSp of [false, true]) {
        const expected = whole(input, delSp);
        for (const sizes of [[64 * 1024], [997, 13]]) {
          expect(streamed(input, delSp, sizes).equals(expected), `${path.relative(FIXTURES, file)} delsp=${delSp}`).toBe(true);
        }
      }
    }
  });
  // that the parsed text of every fixture is unchanged is bodies.test.ts's check against mailparser, which unfolds whole parts
});

describe('a 20 MB format=flowed part', () => {
  const BOUND = 30 * MB;
  /** 20 MB of soft-broken flowed lines: one paragraph (no hard break) or many, with delsp or not. */
  function bigFlowed(delSp: boolean, paragraphs: boolean): Buffer {
    const head =
      'From: a@sender.example\r\nTo: b@lachan.test\r\nSubject: flowed\r\nMIME-Version: 1.0\r\n' +
      `Content-Type: text/plain; charset=utf-8; format=flowed${delSp ? '; delsp=yes' : ''}\r\n\r\n`;
    const line = paragraphs ? 'Thong bao khan: xem tai lieu https://a.example/ \r\nhet doan.\r\n' : 'Thong bao khan: xem tai lieu https://a.example/ \r\n';
    return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(line.repeat(Math.ceil((20 * MB) / line.length)), 'latin1')]);
  }

  for (const [delSp, paragraphs] of [[false, false], [true, false], [false, true]] as const) {
    it(`is read with the heap bounded near the text limit (delsp=${delSp}, ${paragraphs ? 'many paragraphs' : 'one endless paragraph'})`, async () => {
      const raw = bigFlowed(delSp, paragraphs);
      // the heap in use, without the garbage a busy machine's late collections leave: a sample over
      // the bound is taken again after a full collection (under CI load heapUsed alone read 33–75 MB)
      collectGarbage();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      const sample = () => {
        let used = process.memoryUsage().heapUsed - base;
        if (used >= BOUND) {
          collectGarbage();
          used = process.memoryUsage().heapUsed - base;
        }
        peak = Math.max(peak, used);
      };
      const sampler = setInterval(sample, 2);
      const m = await parseMessage(raw, DEFAULT_LIMITS);
      clearInterval(sampler);
      sample();
      // the text is cut at the limit, as for any other text part, and the problem says so
      expect(m.problems.map((p) => p.code)).toContain('text-too-long');
      expect(Buffer.byteLength(m.text)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTextBytes);
      expect(Buffer.byteLength(m.text)).toBeGreaterThan(DEFAULT_LIMITS.maxTextBytes - 200);
      // and it starts as the whole-part unfolding of its first lines does
      const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
      const start = whole(body.subarray(0, 1000), delSp).toString('latin1');
      expect(m.text.startsWith(start.slice(0, start.lastIndexOf('\n') > 0 ? start.lastIndexOf('\n') : 500))).toBe(true);
      await releaseMessage(m);
      // before: the 8 MB kept whole, as a string, its lines and the result (~60 MB); now the text kept
      // (4 MB as chunks, then as one string) and the input's 64 KiB pieces
      expect(peak, `heap rose ${Math.round(peak / MB)} MB`).toBeLessThan(BOUND);
    }, 60_000);
  }
});
