import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { BENCH_TO, benchMessage, buildPdf, largeMessage, toLfFile } from '../../bench/messages.js';

function xrefOffsetsPointAtObjects(pdf: Buffer): boolean {
  const text = pdf.toString('latin1');
  const start = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
  if (!text.startsWith('xref', start)) return false;
  const entries = [...text.slice(start).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  return entries.length > 0 && entries.every((off, i) => text.startsWith(`${i + 1} 0 obj`, off));
}

describe('bench messages', () => {
  it('builds a 10 KB message of text and HTML with links, within 5% of the size asked', async () => {
    const raw = benchMessage(10 * 1024);
    expect(Math.abs(raw.length - 10240) / 10240).toBeLessThan(0.05);
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
    const mail = await simpleParser(raw);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(BENCH_TO);
    expect(mail.subject).toContain('dịch vụ công');
    expect(mail.text).toContain('Ủy ban nhân dân tỉnh');
    expect(mail.html).toContain('<a href="https://dichvucong.gov.vn');
    expect(mail.attachments).toHaveLength(0);
  });

  it('builds a 100 KB message whose PDF attachment decodes to a well-formed PDF', async () => {
    const raw = benchMessage(100 * 1024);
    expect(Math.abs(raw.length - 102400) / 102400).toBeLessThan(0.05);
    const mail = await simpleParser(raw);
    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(xrefOffsetsPointAtObjects(pdf.content)).toBe(true);
  });

  it('writes PDFs with correct cross-reference offsets, text or binary', () => {
    expect(xrefOffsetsPointAtObjects(buildPdf(5000))).toBe(true);
    expect(xrefOffsetsPointAtObjects(buildPdf(5000, true))).toBe(true);
  });

  it('builds the large message just under 25 MB, below the gateway default limit of 25 MiB', () => {
    const raw = largeMessage(25_000_000);
    expect(raw.length).toBeLessThanOrEqual(25_000_000);
    expect(raw.length).toBeGreaterThan(24_900_000);
    expect(raw.length).toBeLessThan(26_214_400);
  });

  it('converts CRLF to LF for smtp-source -F, which adds CRLF itself', () => {
    expect(toLfFile(Buffer.from('a\r\nb\r\n')).toString()).toBe('a\nb\n');
  });
});
