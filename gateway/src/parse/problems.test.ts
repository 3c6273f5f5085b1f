import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import type { ScanLimits } from '../config/types.js';
import { Base64Check } from './base64-check.js';
import { parseMessage } from './index.js';
import { MAX_TOP_HEADER_LINES } from './prescan.js';

const HEAD = 'From: a@sender.example\nTo: b@lachan.test\nSubject: t\n';
const raw = (s: string) => Buffer.from((HEAD + s).replace(/\r?\n/g, '\r\n'));
async function codes(s: string | Buffer, limits: ScanLimits = DEFAULT_LIMITS): Promise<string[]> {
  const parsed = await parseMessage(typeof s === 'string' ? raw(s) : s, limits);
  return parsed.problems.map((p) => p.code);
}

describe('parse problems', () => {
  it('reports nothing for a well-formed multipart message', async () => {
    expect(await codes('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b--\n')).toEqual([]);
  });

  it('too-many-headers past limits.maxHeaderCount, keeping the first ones', async () => {
    const headers = Array.from({ length: 10 }, (_, i) => `X-H${i}: ${i}\n`).join('');
    const parsed = await parseMessage(raw(`${headers}\nbody\n`), { ...DEFAULT_LIMITS, maxHeaderCount: 5 });
    expect(parsed.problems.map((p) => p.code)).toEqual(['too-many-headers']);
    expect(parsed.headers).toHaveLength(5);
    expect(parsed.subject).toBe('t');
  });

  it('too-many-header-lines past MAX_TOP_HEADER_LINES physical lines of the top header block (continuations count)', async () => {
    const folded = (n: number) => `X-Folded: a\n${' x\n'.repeat(n)}`;
    expect(await codes(`${folded(MAX_TOP_HEADER_LINES - 10)}\nbody\n`)).toEqual([]);
    expect(await codes(`${folded(MAX_TOP_HEADER_LINES + 10)}\nbody\n`)).toContain('too-many-header-lines');
  });

  it('header-too-long past limits.maxHeaderLineLength, while an 8 KB header parses fine', async () => {
    const long = `X-Long: ${'a'.repeat(8 * 1024)}\n\nbody\n`;
    expect(await codes(long)).toEqual([]);
    expect(await codes(long, { ...DEFAULT_LIMITS, maxHeaderLineLength: 4096 })).toEqual(['header-too-long']);
    const folded = `X-Folded: ${'b'.repeat(3000)}\n ${'c'.repeat(3000)}\n\nbody\n`;
    expect(await codes(folded, { ...DEFAULT_LIMITS, maxHeaderLineLength: 5000 })).toEqual(['header-too-long']);
  });

  it('missing-boundary for a multipart without boundary or whose boundary never appears', async () => {
    expect(await codes('Content-Type: multipart/mixed\n\n--x\n\nhi\n')).toContain('missing-boundary');
    expect(await codes('Content-Type: multipart/mixed; boundary=abc\n\n--x\n\nhi\n--x--\n')).toContain('missing-boundary');
  });

  it('duplicate-boundary when a nested multipart reuses its parent boundary', async () => {
    const s = 'Content-Type: multipart/mixed; boundary=s\n\n--s\nContent-Type: multipart/alternative; boundary=s\n\n--s\n\nx\n--s--\n--s--\n';
    expect(await codes(s)).toContain('duplicate-boundary');
  });

  it('bad-base64 for invalid characters and for a length that is not a multiple of 4', async () => {
    const part = (body: string) => `Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${body}\n`;
    expect(await codes(part('QUJD'))).toEqual([]);
    expect(await codes(part('QU*D'))).toEqual(['bad-base64']);
    expect(await codes(part('QUJDR'))).toEqual(['bad-base64']);
    expect(await codes(part('QQ==QUJD'))).toEqual(['bad-base64']);
  });

  it('bad-charset for an unknown charset and for UTF-7', async () => {
    expect(await codes('Content-Type: text/plain; charset=x-nope\n\nhi\n')).toEqual(['bad-charset']);
    expect(await codes('Content-Type: text/plain; charset=UNICODE-1-1-UTF-7\n\nhi\n')).toEqual(['bad-charset']);
    expect(await codes('Content-Type: text/plain; charset=windows-1258\n\nhi\n')).toEqual([]);
  });

  it('truncated when the closing boundary is missing or the input ends in part headers', async () => {
    expect(await codes('Content-Type: multipart/mixed; boundary=b\n\n--b\n\nhi\n')).toEqual(['truncated']);
    expect(await codes('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/pl')).toContain('truncated');
  });

  it('no-body for empty input, a header without a body, and a missing header/body separator', async () => {
    expect(await codes(Buffer.alloc(0))).toEqual(['no-body']);
    expect(await codes('Content-Type: text/plain\n\n')).toEqual(['no-body']);
    expect(await codes(Buffer.from('Subject: x\nFrom: y@z.example'))).toEqual(['no-body']);
  });

  it('depth-exceeded for multipart nesting and for message/rfc822 nesting past limits.maxMimeDepth', async () => {
    const limits = { ...DEFAULT_LIMITS, maxMimeDepth: 3 };
    let multipart = 'x';
    for (let i = 4; i >= 0; i--) multipart = `Content-Type: multipart/mixed; boundary=l${i}x\n\n--l${i}x\n${multipart}\n--l${i}x--`;
    expect(await codes(`${multipart}\n`, limits)).toContain('depth-exceeded');
    let rfc822 = 'Subject: bottom\n\nbottom\n';
    for (let i = 0; i < 5; i++) rfc822 = `Subject: l${i}\nContent-Type: message/rfc822\n\n${rfc822}`;
    const parsed = await parseMessage(Buffer.from(rfc822), limits);
    expect(parsed.problems.map((p) => p.code)).toEqual(['depth-exceeded']);
    expect(parsed.nested[0]!.nested[0]!.nested[0]!.nested).toEqual([]);
  });

  it('too-many-parts past limits.maxParts, counting nested messages too', async () => {
    const parts = Array.from({ length: 8 }, (_, i) => `--p\nContent-Type: text/plain\n\npart ${i}\n`).join('');
    const parsed = await parseMessage(raw(`Content-Type: multipart/mixed; boundary=p\n\n${parts}--p--\n`), { ...DEFAULT_LIMITS, maxParts: 5 });
    expect(parsed.problems.map((p) => p.code)).toEqual(['too-many-parts']);
    expect(parsed.text).toContain('part 0');
    expect(parsed.text).not.toContain('part 7');
  });

  it('parse-error when mailparser fails, still returning the headers', async () => {
    // mailsplit refuses a header block over 1 MB
    const huge = raw(`X-Huge: ${'h'.repeat(1100 * 1024)}\n\nbody\n`);
    const parsed = await parseMessage(huge, DEFAULT_LIMITS);
    expect(parsed.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['parse-error', 'header-too-long']));
    expect(parsed.subject).toBe('t');
    expect(parsed.from).toEqual([{ name: '', address: 'a@sender.example' }]);
  });

  it('reads from a stream, and a stream that fails becomes a truncated problem', async () => {
    const body = raw('Content-Type: text/plain\n\nstreamed https://stream.example/\n');
    const ok = await parseMessage(Readable.from([body.subarray(0, 10), body.subarray(10)]), DEFAULT_LIMITS);
    expect(ok.urls.map((u) => u.host)).toEqual(['stream.example']);
    expect(ok.size).toBe(body.length);
    const failing = new Readable({
      read() {
        this.push(body.subarray(0, 40));
        this.destroy(new Error('disk gone'));
      },
    });
    const parsed = await parseMessage(failing, DEFAULT_LIMITS);
    expect(parsed.problems.map((p) => p.code)).toContain('truncated');
  });

  it('never throws on mutated messages', async () => {
    const base = raw(
      'Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n<a href=3D"https://x.example/">x</a>\n--b\nContent-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n',
    );
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 150; i++) {
      const copy = Buffer.from(base);
      for (let j = 0; j < 1 + rand(8); j++) copy[rand(copy.length)] = rand(256);
      const cut = rand(4) === 0 ? copy.subarray(0, rand(copy.length)) : copy;
      const parsed = await parseMessage(cut, DEFAULT_LIMITS);
      expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('Base64Check', () => {
  it('accepts whitespace and padding, rejects data after padding', () => {
    const ok = new Base64Check();
    ok.write(Buffer.from('QUJD REVG\r\nR0g=\r\n'));
    expect(ok.end()).toBe('');
    const bad = new Base64Check();
    bad.write(Buffer.from('QQ==\r\nQUJD\r\n'));
    expect(bad.end()).toBe('data after base64 padding');
  });
});
