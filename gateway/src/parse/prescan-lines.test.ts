import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { Prescan } from './prescan.js';
import { ProblemList } from './problems.js';

const HEAD = 'From: a@sender.example\r\nTo: b@lachan.test\r\nSubject: s\r\nMIME-Version: 1.0\r\n';

function prescanOf(message: string, chunk = 64 * 1024): ProblemList {
  const problems = new ProblemList();
  const prescan = new Prescan(DEFAULT_LIMITS, { parts: 0 }, problems);
  const raw = Buffer.from(message, 'latin1');
  for (let i = 0; i < raw.length; i += chunk) prescan.write(raw.subarray(i, i + chunk));
  prescan.end();
  return problems;
}

describe('Prescan: body lines read where they are kept', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes no Buffer view or copy per short body line', () => {
    const lines = 20_000;
    const body = 'a\r\n'.repeat(lines);
    const messages = [
      `${HEAD}Content-Type: text/plain\r\n\r\n${body}`,
      `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${body}--b--\r\n`,
    ];
    for (const message of messages) {
      const raw = Buffer.from(message, 'latin1');
      const subarray = vi.spyOn(Buffer.prototype, 'subarray');
      const copy = vi.spyOn(Buffer.prototype, 'copy');
      const problems = new ProblemList();
      const prescan = new Prescan(DEFAULT_LIMITS, { parts: 0 }, problems);
      prescan.write(raw);
      prescan.end();
      // the header lines and the delimiter lines make a few; before, every line made one of each
      expect(subarray.mock.calls.length).toBeLessThan(100);
      expect(copy.mock.calls.length).toBeLessThan(100);
      expect(problems.list()).toEqual([]);
      vi.restoreAllMocks();
    }
  });

  it('still finds what body lines tell, in chunks of any size', () => {
    const uu = `${HEAD}Content-Type: text/plain\r\n\r\nx\r\nbegin 644 invoice.exe\r\nM86)C\r\nend\r\n`;
    const yenc = `${HEAD}Content-Type: text/plain\r\n\r\n=ybegin line=128 size=3 name=a.exe\r\nabc\r\n`;
    const binhex = `${HEAD}Content-Type: text/plain\r\n\r\n(This file must be converted with BinHex 4.0)\r\n`;
    const crDelimiter = `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n\r\nx\r\n--b\rContent-Type: text/html\r\n--b--\r\n`;
    const qpSoftBreak = `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nabc=\r\n--b--\r\n`;
    const badBase64 = `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD!!!\r\n--b--\r\n`;
    for (const chunk of [1, 2, 3, 7, 64 * 1024]) {
      expect(prescanOf(uu, chunk).has('uuencode')).toBe(true);
      expect(prescanOf(yenc, chunk).has('yenc')).toBe(true);
      expect(prescanOf(binhex, chunk).has('binhex')).toBe(true);
      expect(prescanOf(crDelimiter, chunk).has('ambiguous-boundary')).toBe(true);
      expect(prescanOf(qpSoftBreak, chunk).has('ambiguous-boundary')).toBe(true);
      expect(prescanOf(badBase64, chunk).has('bad-base64')).toBe(true);
    }
  });
});
