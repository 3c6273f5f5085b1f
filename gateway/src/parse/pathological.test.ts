import { describe, expect, it } from 'vitest';
import { PATHOLOGICAL } from '../../test/support/pathological-mail.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { TEXT_KEEP_FACTOR } from './bodies.js';
import { parseMessage, releaseMessage } from './index.js';

/**
 * Messages built to exhaust the parser (test/support/pathological-mail.ts: 50,000 parts, nesting
 * 2,000 deep, 30 MB without a line break, 20 MB header blocks, 5 million QP soft breaks, ...). Each
 * must parse to a result with its problems, never a throw. Time and memory are not asserted here
 * (they depend on the machine): scripts/pathological-measure.ts measures them against mailparser.
 * The test timeout is the bound: a case that hangs or goes quadratic fails by timing out.
 */
const BOUND_MS = 60_000;

describe('parseMessage on pathological MIME', () => {
  for (const c of PATHOLOGICAL) {
    it(`${c.name}: finishes with a result and reports ${c.problems.join(', ') || 'what it finds'}`, async () => {
      const raw = c.build();
      const m = await parseMessage(raw, DEFAULT_LIMITS);
      try {
        expect(m.size).toBe(raw.length);
        expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(m.problems.map((p) => p.code)).toEqual(expect.arrayContaining(c.problems));
        // whatever came in, what is kept stays within the limits
        for (const text of [m.text, m.html, m.visibleText]) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTextBytes);
        expect(m.attachments.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxParts);
      } finally {
        await releaseMessage(m);
      }
    }, BOUND_MS);
  }

  it('keeps the headers of a message whose header block the body extractor refuses (1 MB encoded-word Subject)', async () => {
    const c = PATHOLOGICAL.find((p) => p.name.startsWith('an encoded-word Subject'))!;
    const m = await parseMessage(c.build(), DEFAULT_LIMITS);
    expect(m.problems.map((p) => p.code)).toContain('parse-error');
    expect(m.subject.startsWith('Thông báo khẩn cấp Thông báo')).toBe(true);
    expect(m.from).toEqual([{ name: '', address: 'a@sender.example' }]);
  });

  it('keeps the first parts of 50,000 and drops the rest', async () => {
    const c = PATHOLOGICAL.find((p) => p.name.startsWith('50,000'))!;
    const m = await parseMessage(c.build(), DEFAULT_LIMITS);
    expect(m.text.startsWith('0\n1\n2\n')).toBe(true);
    expect(m.text).not.toContain('\n49999');
  });
});

describe('body text beyond what the extractor keeps (bodies.ts TEXT_KEEP_FACTOR)', () => {
  const limits = { ...DEFAULT_LIMITS, maxTextBytes: 64 * 1024 };
  const head = 'From: a@sender.example\r\nTo: b@lachan.test\r\nSubject: t\r\nMIME-Version: 1.0\r\n';

  it('is read and dropped, with text-too-long, even when what was kept decodes to less than maxTextBytes', async () => {
    // quote markers of depth 1000 vanish in format=flowed decoding: the kept bytes decode to little text
    const line = `${'>'.repeat(1000)} q \r\n`;
    const body = line.repeat(Math.ceil((3 * TEXT_KEEP_FACTOR * limits.maxTextBytes) / line.length));
    const m = await parseMessage(Buffer.from(`${head}Content-Type: text/plain; format=flowed\r\n\r\n${body}https://after.example/\r\n`, 'latin1'), limits);
    expect(Buffer.byteLength(m.text)).toBeLessThan(limits.maxTextBytes);
    expect(m.problems.map((p) => p.code)).toEqual(['text-too-long']);
    expect(m.urls).toEqual([]);
  });

  it('counts plain text and HTML apart, across parts, and the attachments after them are still read', async () => {
    const chunk = 'x'.repeat(1000) + '\r\n';
    const big = chunk.repeat(Math.ceil((TEXT_KEEP_FACTOR * limits.maxTextBytes) / chunk.length / 2) + 10);
    const raw = Buffer.from(
      `${head}Content-Type: multipart/mixed; boundary=k\r\n\r\n` +
        `--k\r\nContent-Type: text/plain\r\n\r\n${big}\r\n--k\r\nContent-Type: text/plain\r\n\r\n${big}\r\n` +
        `--k\r\nContent-Type: text/html\r\n\r\n<a href="https://html.example/">h</a>\r\n` +
        `--k\r\nContent-Type: application/pdf; name=a.pdf\r\n\r\n%PDF-1.4\r\n--k--\r\n`,
      'latin1',
    );
    const m = await parseMessage(raw, limits);
    expect(m.problems.map((p) => p.code)).toEqual(['text-too-long']);
    expect(Buffer.byteLength(m.text)).toBe(limits.maxTextBytes);
    expect(m.urls.map((u) => u.host)).toEqual(['html.example']);
    expect(m.attachments.map((a) => [a.filename, a.size])).toEqual([['a.pdf', 8]]);
  });

  it('changes nothing below the cut: text within maxTextBytes is whole, text below TEXT_KEEP_FACTOR × maxTextBytes is cut by parseLevel as before', async () => {
    const text = 'y'.repeat(limits.maxTextBytes - 10);
    const m = await parseMessage(Buffer.from(`${head}Content-Type: text/plain\r\n\r\n${text}`, 'latin1'), limits);
    expect(m.text).toBe(text);
    expect(m.problems).toEqual([]);
    const longer = 'z'.repeat(Math.floor(limits.maxTextBytes * 1.5));
    const cut = await parseMessage(Buffer.from(`${head}Content-Type: text/plain\r\n\r\n${longer}`, 'latin1'), limits);
    expect(cut.text).toBe(longer.slice(0, limits.maxTextBytes));
    expect(cut.problems).toEqual([{ code: 'text-too-long', detail: `text beyond ${limits.maxTextBytes} bytes was not kept` }]);
  });
});
