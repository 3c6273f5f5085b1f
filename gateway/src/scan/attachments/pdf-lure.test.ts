import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import type { Finding } from '../types.js';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { inspectPdf } from './pdf.js';
import { mayBeLure, shownBytes } from './pdf-layout.js';
import { fakeClamd, makeAttachment, objectStream } from './test-helpers.js';

const LIMITS = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

interface LinkSpec {
  url: string;
  /** [x0, y0, x1, y1] on a 612 × 792 page. */
  rect: [number, number, number, number];
}

/** Words of ordinary prose, `n` characters of it. */
function prose(n: number): string {
  const words = 'the committee met on tuesday to review the budget for the coming year and agreed to publish the minutes '.repeat(Math.ceil(n / 100));
  return words.slice(0, n);
}

/**
 * A PDF built the way office tools write one: a catalog, a page tree of `pages` pages (the first
 * one carries the links and the text), a content stream showing `text` in lines of 80 characters
 * (deflated when `compress`), link annotations opening the given web addresses.
 */
function buildPdf(opts: { pages?: number; links?: LinkSpec[]; text?: string; compress?: boolean; internalLink?: boolean } = {}): Buffer {
  const pages = opts.pages ?? 1;
  const links = opts.links ?? [];
  const text = opts.text ?? '';
  const lines = text.match(/.{1,80}/g) ?? [];
  const content = `BT /F1 11 Tf 72 720 Td 14 TL ${lines.map((l) => `(${l.replace(/[\\()]/g, '\\$&')}) '`).join(' ')} ET`;
  const data = opts.compress ? deflateSync(Buffer.from(content, 'latin1')) : Buffer.from(content, 'latin1');
  const stream = Buffer.concat([
    Buffer.from(`<< /Length ${data.length}${opts.compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);
  // objects: 1 catalog, 2 pages, 3 font, 4 content, 5.. pages, then annotations
  const pageNums = Array.from({ length: pages }, (_, i) => 5 + i);
  const annotNums = links.map((_, i) => 5 + pages + i);
  const internal = opts.internalLink ? [5 + pages + links.length] : [];
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageNums.map((n) => `${n} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream,
  ];
  pageNums.forEach((_, i) => {
    const annots = i === 0 ? [...annotNums, ...internal].map((n) => `${n} 0 R`).join(' ') : '';
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>${i === 0 ? ' /Contents 4 0 R' : ''} /Annots [${annots}] >>`);
  });
  for (const l of links) {
    objects.push(`<< /Type /Annot /Subtype /Link /Rect [${l.rect.join(' ')}] /Border [0 0 0] /A << /S /URI /URI (${l.url}) >> >>`);
  }
  if (opts.internalLink) objects.push(`<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /Dest [${pageNums[pages - 1]} 0 R /Fit] >>`);
  return p.pdfFromObjects(objects);
}

const WHOLE_PAGE: LinkSpec['rect'] = [0, 0, 612, 792];
const BUTTON: LinkSpec['rect'] = [230, 380, 380, 410]; // 150 × 30 mid-page: 0.9% of the page
const FOOTER: LinkSpec['rect'] = [72, 20, 300, 36]; // a web address in the footer line

async function lureFindings(pdfs: Buffer[], from = 'Phòng kế toán <ketoan@shop.example>', policy: Policy = makePolicy()): Promise<Finding[]> {
  const message = makeMessage({ from: [addr(from)], attachments: pdfs.map((b, i) => makeAttachment(`tai-lieu-${i + 1}.pdf`, b, { contentType: 'application/pdf' })) });
  const findings = await attachmentsScanner.scan(message, makeContext(policy, { clamd: fakeClamd() }));
  return findings.filter((f) => f.kind === 'attachment.pdf-link-lure');
}

describe('PDF layout (pdf-layout.ts)', () => {
  it('counts pages and places link boxes on the page', async () => {
    const r = await inspectPdf(buildPdf({ pages: 1, links: [{ url: 'https://a.example/', rect: WHOLE_PAGE }, { url: 'https://a.example/', rect: FOOTER }] }), LIMITS);
    expect(r.layout?.pages).toBe(1);
    expect(r.layout?.links).toHaveLength(2);
    expect(r.layout!.links[0]).toMatchObject({ area: 1, y: 0.5, web: true });
    expect(r.layout!.links[1]!.area).toBeLessThan(0.01);
    expect(r.layout!.links[1]!.y).toBeLessThan(0.05);
    expect((await inspectPdf(buildPdf({ pages: 4, links: [{ url: 'https://a.example/', rect: BUTTON }] }), LIMITS)).layout?.pages).toBe(4);
  });

  it('tells web links from links inside the document', async () => {
    const r = await inspectPdf(buildPdf({ links: [{ url: 'https://a.example/', rect: BUTTON }], internalLink: true }), LIMITS);
    expect(r.layout!.links.map((l) => l.web)).toEqual([true, false]);
  });

  it('reads the same from an object stream (PDF 1.5), the link action given by reference', async () => {
    const inner = ['<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [6 0 R] >>', '<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] /A 7 0 R >>', '<< /S /URI /URI (https://docs-share.example/view) >>'];
    const objStm = objectStream(inner);
    const pdf = p.pdfFromObjects(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [5 0 R] /Count 1 >>', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', objStm]);
    const r = await inspectPdf(pdf, LIMITS);
    expect(r.uris).toEqual(['https://docs-share.example/view']);
    expect(r.layout).toMatchObject({ pages: 1, links: [{ area: 1, web: true }] });
  });

  it('counts the text a page shows, plain or deflated, only for a PDF that may be a lure', async () => {
    const text = prose(600);
    const plain = await inspectPdf(buildPdf({ links: [{ url: 'https://a.example/', rect: BUTTON }], text }), LIMITS);
    const deflated = await inspectPdf(buildPdf({ links: [{ url: 'https://a.example/', rect: BUTTON }], text, compress: true }), LIMITS);
    expect(plain.layout?.textChars).toBe(600);
    expect(deflated.layout?.textChars).toBe(600);
    const twoPages = await inspectPdf(buildPdf({ pages: 2, links: [{ url: 'https://a.example/', rect: BUTTON }], text, compress: true }), LIMITS);
    expect(mayBeLure(twoPages.layout!)).toBe(false);
    expect(twoPages.layout?.textChars).toBeUndefined();
  });

  it('counts string bytes of text objects only: hex strings, TJ arrays, escapes; not inline pictures or strings outside BT/ET', () => {
    expect(shownBytes('BT (Hello) Tj ET')).toBe(5);
    expect(shownBytes('BT [(He) -20 (llo)] TJ <414243> Tj ET')).toBe(8);
    expect(shownBytes('BT (a\\)b) Tj ET')).toBe(3);
    expect(shownBytes('/P << /MCID 0 /Alt (not shown) >> BDC q BI /W 2 /H 2 ID (((( EI Q')).toBe(0);
    expect(shownBytes('BT (one) Tj ET (outside) Tj BT (two) Tj ET')).toBe(6);
  });
});

describe('attachment.pdf-link-lure', () => {
  it('reports a one-page PDF that is one big link to another site, tagged with what was seen', async () => {
    const fs = await lureFindings([buildPdf({ links: [{ url: 'https://secure-docs.example/view?id=1', rect: WHOLE_PAGE }] })]);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ kind: 'attachment.pdf-link-lure', subject: 'tai-lieu-1.pdf', tags: ['one-page', 'big-link', 'no-text', 'secure-docs.example'] });
    expect(fs[0]!.attachment).toBeDefined();
    expect(fs[0]!.detail).toContain('secure-docs.example');
  });

  it('reports a short notice with one button mid-page (little text)', async () => {
    const fs = await lureFindings([buildPdf({ links: [{ url: 'https://portal-login.example/', rect: BUTTON }], text: prose(500), compress: true })]);
    expect(fs.map((f) => f.tags)).toEqual([['one-page', 'little-text', 'portal-login.example']]);
  });

  it('does not report a payment link on the sender\u2019s own site (any subdomain, same name under another suffix)', async () => {
    const invoice = (url: string) => buildPdf({ links: [{ url, rect: BUTTON }], text: prose(700) });
    expect(await lureFindings([invoice('https://pay.shop.example/invoice/77')], 'Billing <billing@shop.example>')).toEqual([]);
    expect(await lureFindings([invoice('https://pay.sieuthi.vn/pay')], 'Billing <billing@mail.sieuthi.com.vn>')).toEqual([]);
    expect(await lureFindings([invoice('https://pay-shop.example/pay')], 'Billing <billing@shop.example>')).toHaveLength(1);
  });

  it('does not report a link to a brand\u2019s own other domain in mail from that brand', async () => {
    const policy = makePolicy({ lists: { brands: { type: 'phrase', entries: ['Google | google.com youtube.com'] } } });
    const pdf = buildPdf({ links: [{ url: 'https://www.youtube.com/watch?v=1', rect: WHOLE_PAGE }] });
    expect(await lureFindings([pdf], 'Google <no-reply@google.com>', policy)).toEqual([]);
    expect(await lureFindings([pdf], 'Google <no-reply@g00gle.example>', policy)).toHaveLength(1);
  });

  it('does not report links to local or allowed domains', async () => {
    const pdf = buildPdf({ links: [{ url: 'https://dichvucong.tinh.gov.vn/hoso', rect: WHOLE_PAGE }] });
    expect(await lureFindings([pdf], 'x@partner.example', makePolicy({ localDomains: ['tinh.gov.vn'] }))).toEqual([]);
    expect(await lureFindings([pdf], 'x@partner.example', makePolicy({ lists: { allowed_domains: { type: 'domain', entries: ['tinh.gov.vn'] } } }))).toEqual([]);
    expect(await lureFindings([pdf], 'x@partner.example')).toHaveLength(1);
  });

  it('does not report a one-page letter with its web site in the footer, nor a full page of text with a small link', async () => {
    expect(await lureFindings([buildPdf({ links: [{ url: 'https://www.partner.example/', rect: FOOTER }], text: prose(400) })])).toEqual([]);
    expect(await lureFindings([buildPdf({ links: [{ url: 'https://www.partner.example/', rect: BUTTON }], text: prose(2600), compress: true })])).toEqual([]);
  });

  it('does not report multi-page documents, or links to several sites', async () => {
    expect(await lureFindings([buildPdf({ pages: 2, links: [{ url: 'https://secure-docs.example/', rect: WHOLE_PAGE }] })])).toEqual([]);
    const twoSites = buildPdf({ links: [{ url: 'https://secure-docs.example/', rect: WHOLE_PAGE }, { url: 'https://other.example/', rect: FOOTER }] });
    expect(await lureFindings([twoSites])).toEqual([]);
    const fourLinks = buildPdf({ links: [0, 1, 2, 3].map((i) => ({ url: `https://secure-docs.example/${i}`, rect: BUTTON })) });
    expect(await lureFindings([fourLinks])).toEqual([]);
  });

  it('reports at most one per message, counting the others in the detail', async () => {
    const pdf = buildPdf({ links: [{ url: 'https://secure-docs.example/view', rect: WHOLE_PAGE }] });
    const fs = await lureFindings([pdf, pdf]);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.detail).toContain('1 more such PDF');
  });

  describe('under the default policy', () => {
    let policy: Policy;
    beforeAll(async () => {
      policy = await loadPolicy(POLICY_DIR);
    });

    it('warns alone (pdf-link-lure), holds with another strong sign (two-strong-signals)', async () => {
      const pdf = buildPdf({ links: [{ url: 'https://secure-docs.example/view', rect: WHOLE_PAGE }] });
      const fs = await lureFindings([pdf], 'Kế toán <ketoan@shop.example>', policy);
      const alone = decide(fs, policy);
      expect(alone).toMatchObject({ action: 'deliver', warning: true });
      expect(alone.hits.map((h) => h.rule)).toContain('pdf-link-lure');
      const lure: Finding = { scanner: 'content', kind: 'content.lure', detail: 'account', tags: ['account'] };
      const both = decide([...fs, lure], policy);
      expect(both.action).toBe('quarantine');
      expect(both.hits.map((h) => h.rule)).toContain('two-strong-signals');
    });

    it("does not report one link to a Vietnamese protected organisation's real site, but does to a form on an international provider (docs.google.com)", async () => {
      const portal = buildPdf({ links: [{ url: 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', rect: WHOLE_PAGE }] });
      expect(await lureFindings([portal], 'Văn thư <vanthu@partner.example>', policy)).toEqual([]);
      const hosted = buildPdf({ links: [{ url: 'https://docs.google.com/forms/d/e/1FAIpQL/viewform', rect: WHOLE_PAGE }] });
      expect(await lureFindings([hosted], 'Văn thư <vanthu@partner.example>', policy)).toHaveLength(1);
    });
  });
});
