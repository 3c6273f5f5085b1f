import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { findingReason } from '../../act/reasons.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { inspectLargePdf, pdfObservations, type PdfLimits } from './pdf.js';
import { PDF_MAX_SCAN_BYTES } from './pdf-windows.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * A PDF not read whole (over PDF_MAX_SCAN_BYTES) always gets an 'attachment.partly-read' finding,
 * with or without active content; the default policy only records it (and, in monitor mode, what a
 * warning would have done).
 */
const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const MB = 1024 * 1024;
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

function picture(n: number): Buffer {
  return Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /Filter /DCTDecode /Length ${n} >>\nstream\n`, 'latin1'), randomBytes(n), Buffer.from('\nendstream', 'latin1')]);
}
const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';
/** A plain scan: pictures only, nothing active anywhere. */
const scan = (sizes: number[]) => p.pdfFromObjects([CATALOG, PAGES, PAGE, ...sizes.map(picture)]);

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(POLICY_DIR);
});

async function scanAttachment(name: string, pdf: Buffer) {
  const att = makeAttachment(name, pdf, { contentType: 'application/pdf', trueType: { ext: 'pdf', mime: 'application/pdf' }, id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
}

describe('a PDF not read whole', () => {
  it(`gets attachment.partly-read on its own when it is over ${PDF_MAX_SCAN_BYTES / MB} MB, even with nothing active in it`, async () => {
    const pdf = scan([20 * MB, 20 * MB]);
    expect(pdf.length).toBeGreaterThan(PDF_MAX_SCAN_BYTES);
    const report = await inspectLargePdf(pdf, pdf.length, LIMITS);
    expect(report.active).toEqual([]);
    const observations = pdfObservations(report);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({ kind: 'attachment.partly-read', tags: ['pdf'] });
    expect(observations[0]!.detail).toContain(`${report.unreadBytes} bytes not read`);
  });

  it('gets it beside the active-content finding, which keeps its partly-read tag', async () => {
    const launch = '<< /Type /Annot /Subtype /Link /A << /S /Launch /Win << /F (cmd.exe) >> >> >>';
    const pdf = p.pdfFromObjects([CATALOG, PAGES, PAGE, picture(36 * MB), launch]);
    const kinds = pdfObservations(await inspectLargePdf(pdf, pdf.length, LIMITS)).map((o) => [o.kind, o.tags]);
    expect(kinds).toEqual([
      ['attachment.pdf-active', ['launch', 'partly-read']],
      ['attachment.partly-read', ['pdf']],
    ]);
  });

  it('a big PDF read whole (under the limit) gets no such finding', async () => {
    const pdf = scan([9 * MB, 9 * MB]);
    const report = await inspectLargePdf(pdf, pdf.length, LIMITS);
    expect(report.unreadBytes).toBeUndefined();
    expect(pdfObservations(report)).toEqual([]);
  });

  it('the attachments scanner reports it about the file, and the default policy records it without a warning', async () => {
    const findings = await scanAttachment('ho-so-luu-tru.pdf', scan([20 * MB, 20 * MB]));
    const partly = findings.filter((f) => f.kind === 'attachment.partly-read');
    expect(partly).toHaveLength(1);
    expect(partly[0]).toMatchObject({ scanner: 'attachments', subject: 'ho-so-luu-tru.pdf', attachment: 'a1', tags: ['pdf'] });
    const v = decide(findings, policy);
    expect(v).toMatchObject({ action: 'deliver', warning: false, categories: ['unscannable'] });
    expect(v.hits.map((h) => h.rule)).toEqual(['pdf-partly-read']);
    expect(v.monitored.map((h) => [h.rule, h.action])).toEqual([['pdf-partly-read-warn', 'warn']]);
    expect(findingReason(partly[0]!, 'vi')).toContain('ho-so-luu-tru.pdf');
    expect(findingReason(partly[0]!, 'en')).toContain('only partly checked');
  });
});
