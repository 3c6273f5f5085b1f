import { describe, expect, it } from 'vitest';
import { buildParam, decodeQp, decodeQpWithOffsets, encodeBase64, encodeQp, encodeWords } from './encoding.js';
import { encodeExactly, separateToneMarks } from './charset.js';
import iconv from 'iconv-lite';

describe('quoted-printable', () => {
  it('round-trips text with long lines, trailing spaces, equals signs and 8-bit bytes', () => {
    const input = Buffer.from(`${'dài '.repeat(40)}\r\nend with space \r\na=b\tc\r\n\r\nlast`, 'utf8');
    const encoded = encodeQp(input, '\r\n');
    for (const line of encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(encoded).not.toMatch(/[ \t]\r\n/);
    expect(decodeQp(Buffer.from(encoded, 'latin1')).equals(input)).toBe(true);
  });

  it('escapes a dash starting any encoded line when asked, hard or soft line, so no line reads as a delimiter', () => {
    const input = Buffer.from(`--out--\r\n${'a'.repeat(75)}--b\r\nx-y`, 'latin1');
    const encoded = encodeQp(input, '\r\n', { escapeLeadingDash: true });
    expect(encoded).not.toMatch(/^-/m);
    expect(encoded).toContain('=2D-out--');
    expect(encoded).toContain('x-y');
    expect(decodeQp(Buffer.from(encoded, 'latin1')).equals(input)).toBe(true);
    expect(encodeQp(input, '\r\n')).toMatch(/^--out--/);
  });

  it('escapes a space or tab ending the input without a line break (decoders drop it; found by the property test)', () => {
    for (const end of [' ', '\t', '  ', ' \t']) {
      for (const input of [Buffer.from(`a${end}`), Buffer.from(`${'x'.repeat(74)}${end}`), Buffer.from(`line\r\n${end}`)]) {
        const encoded = encodeQp(input, '\r\n', { escapeLeadingDash: true });
        expect(encoded).not.toMatch(/[ \t]$/);
        expect(decodeQp(Buffer.from(encoded, 'latin1')).equals(input)).toBe(true);
      }
    }
  });

  it('maps each decoded byte to where it starts in the raw text', () => {
    const raw = Buffer.from('ab=3Dc=\r\nd=C3=A1', 'latin1');
    const { bytes, offsets } = decodeQpWithOffsets(raw);
    expect(bytes.toString('utf8')).toBe('ab=cdá');
    expect(Array.from(offsets)).toEqual([0, 1, 2, 5, 9, 10, 13, 16]);
  });

  it('keeps a malformed escape literally instead of failing', () => {
    expect(decodeQp(Buffer.from('100=% =ZZ', 'latin1')).toString()).toBe('100=% =ZZ');
  });
});

describe('header encodings', () => {
  it('splits encoded words so that none is longer than 75 characters', () => {
    const words = encodeWords('Thông báo khẩn về việc xác nhận tài khoản thư điện tử công vụ');
    for (const w of words.split(' ')) expect(w.length).toBeLessThanOrEqual(75);
  });

  it('writes ASCII parameters quoted and others with RFC 2231 continuations', () => {
    expect(buildParam('filename', 'a "b".txt')).toEqual(['filename="a \\"b\\".txt"']);
    const long = buildParam('filename', 'báo cáo tổng hợp tình hình an toàn thông tin quý III năm 2025.pdf');
    expect(long.length).toBeGreaterThan(1);
    expect(long[0]).toMatch(/^filename\*0\*=utf-8''/);
    const joined = long.map((p) => p.replace(/^[^=]*=/, '')).join('').replace("utf-8''", '');
    expect(decodeURIComponent(joined)).toBe('báo cáo tổng hợp tình hình an toàn thông tin quý III năm 2025.pdf');
  });

  it('wraps base64 at 76 characters', () => {
    const out = encodeBase64(Buffer.alloc(200, 7), '\n');
    expect(out.split('\n').slice(0, -1).every((l) => l.length <= 76)).toBe(true);
  });
});

describe('windows-1258', () => {
  it('writes Vietnamese with separate tone marks, as windows-1258 needs', () => {
    expect(separateToneMarks('ế')).toBe('ê\u0301');
    const bytes = encodeExactly('Cảnh báo: đáng ngờ', 'windows-1258');
    expect(bytes).toBeDefined();
    expect(iconv.decode(bytes as Buffer, 'windows-1258').normalize('NFC')).toBe('Cảnh báo: đáng ngờ');
  });

  it('refuses a charset that cannot hold Vietnamese', () => {
    expect(encodeExactly('Cảnh báo', 'iso-8859-1')).toBeUndefined();
    expect(encodeExactly('Cảnh báo', 'x-not-a-charset')).toBeUndefined();
  });
});
