import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isFlateObjectStream, objectHeaderAtEnd, splitStreamsBytes, type RawStream } from './pdf-syntax.js';

/**
 * The reader splitStreamsBytes replaced, on the whole file as a Latin-1 string (kept here as the
 * reference the byte reader must agree with).
 */
function splitStreams(text: string, keep: (dict: string) => boolean): { outside: string; streams: RawStream[] } {
  const parts: string[] = [];
  const streams: RawStream[] = [];
  const re = /\bstream(?:\r\n|\n|\r)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text.startsWith('end', m.index - 3)) continue; // "endstream" followed by an EOL
    const start = m.index + m[0].length;
    let end = text.indexOf('endstream', start);
    if (end < 0) end = text.length;
    const before = text.slice(Math.max(last, m.index - 4096), m.index);
    const objAt = before.lastIndexOf('obj');
    const dict = objAt >= 0 ? before.slice(objAt + 3) : before;
    parts.push(text.slice(last, m.index));
    if (keep(dict)) {
      const header = objAt >= 0 ? objectHeaderAtEnd(before.slice(Math.max(0, objAt - 40), objAt)) : undefined;
      const s: RawStream = { dict, pos: m.index, data: streamData(text, start, end, dict) };
      if (header) {
        s.num = header.num;
        s.gen = header.gen;
      }
      streams.push(s);
    }
    last = end;
    re.lastIndex = end;
  }
  parts.push(text.slice(last));
  return { outside: parts.join('\n'), streams };
}

function streamData(text: string, start: number, end: number, dict: string): string {
  const length = /\/Length[\x00\t\n\f\r ]+(\d{1,10})(?![\d.]|[\x00\t\n\f\r ]+\d{1,5}[\x00\t\n\f\r ]+R)/.exec(dict);
  if (length) {
    const n = Number(length[1]);
    if (start + n <= end && /^[\x00\t\n\f\r ]*$/.test(text.slice(start + n, end))) return text.slice(start, start + n);
  }
  return text.slice(start, end).replace(/(?:\r\n|\n|\r)$/, '');
}

/** A small PDF-like file: objects, a picture stream, an object stream, odd EOLs and keywords inside words. */
function sample(eol: string, picture: Buffer): Buffer {
  const objStm = deflateSync(Buffer.from('5 0 6 40 << /URI (https://inside.example/) >> << /S /URI >>'));
  return Buffer.concat([
    Buffer.from(`%PDF-1.7${eol}1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj${eol}`, 'latin1'),
    Buffer.from(`3 0 obj << /Type /XObject /Subtype /Image /Length ${picture.length} >>${eol}stream${eol}`, 'latin1'),
    picture,
    Buffer.from(`${eol}endstream${eol}endobj${eol}`, 'latin1'),
    Buffer.from(`% a comment that says xstream${eol} and upstream${eol}${eol}`, 'latin1'),
    Buffer.from(`4 0 obj << /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length ${objStm.length} >>${eol}stream${eol}`, 'latin1'),
    objStm,
    Buffer.from(`${eol}endstream${eol}endobj${eol}`, 'latin1'),
    Buffer.from(`7 0 obj << /Length 99 0 R >>${eol}stream${eol}no length here${eol}endstream${eol}endobj${eol}`, 'latin1'),
    Buffer.from(`trailer << /Root 1 0 R >>${eol}%%EOF${eol}`, 'latin1'),
  ]);
}

const both = (bytes: Buffer, keep: (dict: string) => boolean = isFlateObjectStream) => ({
  text: splitStreams(bytes.toString('latin1'), keep),
  bytes: splitStreamsBytes(bytes, keep),
});

describe('splitStreamsBytes', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`gives what splitStreams gives on the Latin-1 text (${name} line ends)`, () => {
      const picture = Buffer.concat([randomBytes(3000), Buffer.from('stream\nendstrea'), randomBytes(500)]);
      const r = both(sample(eol, picture));
      expect(r.bytes).toEqual(r.text);
      expect(r.bytes.streams).toHaveLength(1);
      expect(r.bytes.streams[0]!.num).toBe(4);
      // the picture's bytes are not in the text outside streams
      expect(r.bytes.outside).not.toContain(picture.subarray(0, 64).toString('latin1'));
    });
  }

  it('keeps every stream the callback asks for, with and without a trustworthy /Length', () => {
    const r = both(sample('\n', randomBytes(2000)), () => true);
    expect(r.bytes).toEqual(r.text);
    expect(r.bytes.streams.map((s) => s.num)).toEqual([3, 4, 7]);
    expect(r.bytes.streams[2]!.data).toBe('no length here');
  });

  it('agrees with splitStreams on cut and garbled input', () => {
    const whole = sample('\r\n', randomBytes(4000));
    for (let i = 0; i < 300; i++) {
      const a = (i * 7919) % whole.length;
      const b = Math.min(whole.length, a + ((i * 104729) % whole.length));
      const piece = Buffer.from(whole.subarray(a, b));
      // flip a few bytes into keywords and line ends
      for (let j = 0; j < 4 && piece.length > 10; j++) piece.write(['stream\n', 'endstream', '\r', 'obj'][j]!, (i * 31 + j * 97) % (piece.length - 9), 'latin1');
      const r = both(piece, () => true);
      expect(r.bytes).toEqual(r.text);
    }
  });

  it('reads the object header before obj as the expression it replaces did', () => {
    // built from a string: the backtracking check reads regular-expression literals in src/
    const re = new RegExp('(\\d{1,10})[\\x00\\t\\n\\f\\r ]{1,16}(\\d{1,5})[\\x00\\t\\n\\f\\r ]{1,16}$');
    const alphabet = ['0', '7', '9', ' ', '\r', '\n', '\x00', 'x', 'R', ' '];
    let seed = 12345;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const samples = ['12 0 ', '4 0\r\n', '123456789012 65535 ', '1 123456 ', '5  0' + ' '.repeat(17), '9' + ' '.repeat(17) + '0 ', ''];
    for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join(''));
    for (const s of samples) {
      const m = re.exec(s);
      expect(objectHeaderAtEnd(s), JSON.stringify(s)).toEqual(m ? { num: Number(m[1]), gen: Number(m[2]) } : undefined);
    }
  });
});
