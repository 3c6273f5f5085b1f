import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEncryptedPdf } from '../../../../test-fixtures/attachments/payloads.mjs';
import { textPdf } from '../../../../test-fixtures/callback/text-pdf.mjs';
import { scannedPdf } from '../../../../test-fixtures/callback/scanned-pdf.mjs';
import { testMail } from '../../../test/support/pictures.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { silentLogger } from '../../log.js';
import { parseMessage, releaseMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { fakeClamd } from '../attachments/test-helpers.js';
import type { ScanContext } from '../types.js';
import { pdfTextCandidates, PDF_TEXT_BODY_MAX, PDF_TEXT_MAX_BYTES, PDF_TEXT_TAIL_BYTES, scanPdfText } from './index.js';
import { CountingReader, SHIPPED_POLICY_DIR } from './testing.js';

/**
 * The PDF text step on whole messages (parsed as the SMTP path parses them), with the shipped
 * policy's brand list and lachan.test as a local domain, and the real worker.
 */

let policy: Policy;
let reader: CountingReader;
const parsed: ParsedMessage[] = [];
beforeAll(async () => {
  policy = await loadPolicy(SHIPPED_POLICY_DIR, { extraLocalDomains: ['lachan.test'] });
  reader = new CountingReader();
});
afterAll(async () => {
  await reader.close();
  for (const m of parsed) await releaseMessage(m);
});

const NOTICE = [
  'Norton LifeLock - Invoice QX-20261124',
  'Your Norton 360 subscription was renewed today: $499.99 USD charged to your card.',
  'If you did not authorize this transaction, call Customer Support at +1 (808) 555-0147 to cancel and get a refund.',
];

async function scan(opts: { from: string; text: string; pdf: Buffer; name?: string }) {
  const raw = testMail({ subject: 'Requested invoice', from: opts.from, text: opts.text, parts: [{ type: 'application/pdf', name: opts.name ?? 'invoice.pdf', data: opts.pdf }] });
  const message = await parseMessage(raw, DEFAULT_LIMITS);
  parsed.push(message);
  const ctx: ScanContext = { policy, limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() };
  const before = reader.reads;
  const findings = await scanPdfText(message, ctx, reader);
  return { findings, reads: reader.reads - before, message };
}

describe('the text of PDF attachments (scan/pdf-text)', () => {
  it('reports a callback notice in a PDF from a free-mail sender, tagged in-pdf, with the file named', async () => {
    const { findings } = await scan({ from: 'olivia.carter.7719@gmail.com', text: 'Please find the attached document.', pdf: textPdf([NOTICE], { font: 'identity-h', compress: true }) });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.kind).toBe('content.callback-scam');
    expect(findings[0]!.tags).toEqual(['amount', 'call-to-cancel', 'phone', 'in-pdf', 'freemail', 'brand-elsewhere', 'norton']);
    expect(findings[0]!.detail).toMatch(/^text of a PDF claims a charge .*\(invoice\.pdf\)$/);
  });

  it('does not read PDFs of mail from the local domains', async () => {
    const { findings, reads } = await scan({ from: 'ketoan@lachan.test', text: 'Gửi anh hóa đơn.', pdf: textPdf([NOTICE]) });
    expect(findings).toEqual([]);
    expect(reads).toBe(0);
  });

  it('reads the PDFs of a short message from anyone, of a long one only from a free-mail sender', async () => {
    const letter = Array.from({ length: 40 }, (_, i) => `Mục ${i + 1}: báo cáo số liệu dịch vụ công trực tuyến của đơn vị trong quý.`).join('\n');
    expect(letter.length).toBeGreaterThan(PDF_TEXT_BODY_MAX);
    const pdf = textPdf([NOTICE], { font: 'identity-h', compress: true });
    const short = await scan({ from: 'billing@invoices-center.example', text: 'Please find the attached document.', pdf });
    expect(short.reads).toBe(1);
    expect(short.findings.map((f) => f.kind)).toEqual(['content.callback-scam']);
    const long = await scan({ from: 'billing@invoices-center.example', text: letter, pdf });
    expect(long.reads).toBe(0);
    expect(long.findings).toEqual([]);
    const longFreeMail = await scan({ from: 'olivia.carter.7719@gmail.com', text: letter, pdf });
    expect(longFreeMail.reads).toBe(1);
    expect(longFreeMail.findings.map((f) => f.kind)).toEqual(['content.callback-scam']);
  });

  it('leaves a notice the body already says to the content scanner (one finding per message)', async () => {
    const { findings, reads } = await scan({ from: 'olivia.carter.7719@gmail.com', text: NOTICE.join('\n'), pdf: textPdf([NOTICE]) });
    expect(reads).toBe(1);
    expect(findings).toEqual([]);
  });

  it('opens a PDF locked with the password the message gives', async () => {
    const locked = makeEncryptedPdf(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
        (_, stream) => stream('<< >>', Buffer.from(NOTICE.map((l, i) => `BT /F1 9 Tf 40 ${790 - 14 * i} Td (${l}) Tj ET`).join('\n'), 'latin1')),
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      ],
      { revision: 4, userPassword: 'hd2611' },
    );
    const without = await scan({ from: 'olivia.carter.7719@gmail.com', text: 'Invoice attached.', pdf: locked });
    expect(without.findings).toEqual([]);
    const given = await scan({ from: 'olivia.carter.7719@gmail.com', text: 'Invoice attached. Password: hd2611', pdf: locked });
    expect(given.findings.map((f) => f.tags?.includes('in-pdf'))).toEqual([true]);
  });

  it('reads a PDF over 4 MB in part (a scanned page and a page of text), and passes over a scan that names no font', async () => {
    const big = scannedPdf({ pictureBytes: 6 * 1024 * 1024, lines: NOTICE });
    expect(big.length).toBeGreaterThan(PDF_TEXT_MAX_BYTES + PDF_TEXT_TAIL_BYTES);
    const read = await scan({ from: 'olivia.carter.7719@gmail.com', text: 'Invoice attached.', pdf: big, name: 'hoa-don-scan.pdf' });
    expect(pdfTextCandidates(read.message)).toHaveLength(1);
    expect(read.reads).toBe(1);
    expect(read.findings.map((f) => [f.kind, f.tags?.includes('in-pdf'), f.detail.endsWith('(hoa-don-scan.pdf)')])).toEqual([['content.callback-scam', true, true]]);
    const scanOnly = await scan({ from: 'olivia.carter.7719@gmail.com', text: 'Invoice attached.', pdf: scannedPdf({ pictureBytes: 6 * 1024 * 1024 }) });
    expect([scanOnly.findings, scanOnly.reads]).toEqual([[], 0]);
  });

  it('passes over files that are not PDFs', async () => {
    const notPdf = await scan({ from: 'olivia.carter.7719@gmail.com', text: 'Invoice attached.', pdf: Buffer.from(NOTICE.join('\n')), name: 'invoice.pdf' });
    expect([notPdf.findings, notPdf.reads]).toEqual([[], 0]);
  });
});
