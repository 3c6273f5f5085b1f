import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { buildPdf } from '../../../bench/messages.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { inspectPdf, pdfIsActive, pdfTags, PDF_MAX_BYTES, PDF_MAX_URIS, type PdfLimits } from './pdf.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../../test-fixtures/attachments', import.meta.url));

/** A PDF whose object 4 is an object stream holding `inner` (objects 5, 6, ... as PDF 1.5 writes them), deflated. */
function objectStreamPdf(inner: string[], catalog = '<< /Type /Catalog /Pages 2 0 R >>', dict = '/Type /ObjStm /Filter /FlateDecode'): Buffer {
  let offsets = '';
  let body = '';
  inner.forEach((o, i) => {
    offsets += `${5 + i} ${body.length} `;
    body += `${o}\n`;
  });
  const z = deflateSync(Buffer.from(offsets + body, 'latin1'));
  const stream = Buffer.concat([
    Buffer.from(`<< ${dict} /N ${inner.length} /First ${offsets.length} /Length ${z.length} >>\nstream\n`, 'latin1'),
    z,
    Buffer.from('\nendstream', 'latin1'),
  ]);
  return p.pdfFromObjects([catalog, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>', stream]);
}

const inspect = (b: Buffer) => inspectPdf(b, LIMITS);

describe('PDF active content', () => {
  it('finds JavaScript run by /OpenAction, tagged javascript-on-open', async () => {
    const r = await inspect(p.makeJavaScriptPdf());
    expect(r.active).toEqual(['javascript', 'auto-action']);
    expect(pdfTags(r)).toEqual(['javascript', 'auto-action', 'javascript-on-open']);
    expect(pdfIsActive(r)).toBe(true);
  });

  it('finds the same hidden in a FlateDecode object stream', async () => {
    const pdf = objectStreamPdf(['<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>'], '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>');
    expect(pdf.includes('JavaScript')).toBe(false); // only compressed
    expect(pdfTags(await inspect(pdf))).toContain('javascript-on-open');
  });

  it('decodes #xx escapes in names: /J#61vaScript, /L#61unch, /Op#65nAction', async () => {
    const js = p.pdfFromObjects(['<< /Type /Catalog /Pages 2 0 R /Op#65nAction << /S /J#61vaScript /J#53 (x) >> >>']);
    expect((await inspect(js)).active).toEqual(['javascript', 'auto-action']);
    const launch = p.pdfFromObjects(['<< /Type /Catalog /OpenAction << /S /L#61unch /F (cmd.exe) >> >>']);
    expect(pdfTags(await inspect(launch))).toEqual(['launch', 'auto-action']);
  });

  it('finds a /Launch action alone', async () => {
    const r = await inspect(p.pdfFromObjects(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Annot /Subtype /Link /A << /S /Launch /Win << /F (cmd.exe) >> >> >>']));
    expect(r.active).toEqual(['launch']);
  });

  it('names embedded files, submitting forms, XFA and RichMedia', async () => {
    const r = await inspect(
      p.pdfFromObjects([
        '<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> /AcroForm << /XFA 3 0 R >> >>',
        '<< /Type /EmbeddedFile /Length 0 >>',
        '<< /S /SubmitForm /F (https://collect.example/) >>',
        '<< /Subtype /RichMedia >>',
      ]),
    );
    expect(r.active).toEqual(['embedded-file', 'submit-form', 'xfa', 'rich-media']);
  });

  it('reports nothing for a harmless PDF (the bench builder, text and picture pages, and the fixture builder)', async () => {
    for (const pdf of [buildPdf(20_000), buildPdf(200_000, true), p.makePdf()]) {
      const r = await inspect(pdf);
      expect(r).toEqual({ active: [], uris: [], streamsSkipped: 0 });
    }
  });

  it('does not report a lone /OpenAction that only opens a page (common in harmless PDFs)', async () => {
    const r = await inspect(p.pdfFromObjects(['<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>']));
    expect(r.active).toEqual(['auto-action']);
    expect(pdfIsActive(r)).toBe(false);
  });

  it('does not read names out of picture or font stream data, only out of object streams', async () => {
    const data = Buffer.from('/JavaScript /Launch /URI (https://evil.example/)', 'latin1');
    const pdf = p.pdfFromObjects([
      '<< /Type /Catalog /Pages 2 0 R >>',
      Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]),
    ]);
    expect(await inspect(pdf)).toEqual({ active: [], uris: [], streamsSkipped: 0 });
  });

  it('gives no crash and whatever it could read for truncated, garbage and empty input', async () => {
    const js = objectStreamPdf(['<< /S /JavaScript /JS (x) >>']);
    for (const cut of [10, 100, js.length - 60, js.length - 30]) await expect(inspect(js.subarray(0, cut))).resolves.toBeDefined();
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n'), Buffer.from('not zlib at all'), Buffer.from('\nendstream\n<< /URI (abc')]);
    expect(await inspect(garbage)).toEqual({ active: [], uris: [], streamsSkipped: 1 });
    expect(await inspect(Buffer.alloc(0))).toEqual({ active: [], uris: [], streamsSkipped: 0 });
    expect((await inspect(Buffer.from('%PDF-1.4\n<< /URI <68747'))).uris).toEqual([]);
  });

  it('stops inflating an object stream at the ratio limit and reads only its start', async () => {
    const bomb = objectStreamPdf([`<< /S /JavaScript /JS (x) >> ${' '.repeat(30 * 1024 * 1024)}`]);
    const r = await inspectPdf(bomb, { inflateTotalBytes: 1 << 30, inflateMaxRatio: 10 });
    expect(r.streamsSkipped).toBe(1);
    expect(r.active).toEqual(['javascript']); // the start of the stream was still read
    const none = await inspectPdf(bomb, { inflateTotalBytes: 0, inflateMaxRatio: 10 });
    expect(none).toEqual({ active: [], uris: [], streamsSkipped: 1 });
  });

  it('leaves a stream under another filter chain alone', async () => {
    const pdf = objectStreamPdf(['<< /S /JavaScript /JS (x) >>'], undefined, '/Type /ObjStm /Filter [/FlateDecode /ASCIIHexDecode]');
    expect((await inspect(pdf)).active).toEqual([]);
  });
});

describe('PDF links', () => {
  it('reads /URI literal strings with escapes, hex strings and UTF-16 strings, also in object streams', async () => {
    const pdf = p.pdfFromObjects([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /A << /S /URI /URI (https://a.example/x\\(1\\)\\051?q=\\\n2) >> >>',
      `<< /A << /S /URI /#55RI <${Buffer.from('https://b.example/').toString('hex')}> >> >>`,
      `<< /A << /S /URI /URI <FEFF${Buffer.from('https://c.example/', 'utf16le').swap16().toString('hex')}> >> >>`,
    ]);
    expect((await inspect(pdf)).uris).toEqual(['https://a.example/x(1))?q=2', 'https://b.example/', 'https://c.example/']);
    const hidden = objectStreamPdf(['<< /S /URI /URI (https://d.example/) >>']);
    expect((await inspect(hidden)).uris).toEqual(['https://d.example/']);
  });

  it(`keeps at most ${PDF_MAX_URIS} links`, async () => {
    const annots = Array.from({ length: PDF_MAX_URIS + 50 }, (_, i) => `<< /A << /S /URI /URI (https://h${i}.example/) >> >>`);
    const r = await inspect(p.pdfFromObjects(['<< /Type /Catalog >>', ...annots]));
    expect(r.uris).toHaveLength(PDF_MAX_URIS);
  });
});

describe('the attachments scanner on PDFs', () => {
  const protectedPolicy = makePolicy({
    lists: {
      protected_domains: { type: 'domain', entries: ['gov.vn', 'dichvucong.gov.vn'] },
      blocked_domains: { type: 'domain', entries: ['evil.example'] },
      abused_hosting: { type: 'domain', entries: ['web.app'] },
    },
  });
  const scan = (pdf: Buffer, policy = protectedPolicy) => {
    const att = makeAttachment('thong-bao.pdf', pdf, { contentType: 'application/pdf', trueType: { ext: 'pdf', mime: 'application/pdf' }, id: 'a1' });
    return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
  };

  it('reports one attachment.pdf-active finding on the PDF', async () => {
    const fs = await scan(p.makeJavaScriptPdf());
    expect(fs).toEqual([
      expect.objectContaining({ kind: 'attachment.pdf-active', attachment: 'a1', subject: 'thong-bao.pdf', tags: ['javascript', 'auto-action', 'javascript-on-open'] }),
    ]);
  });

  it('checks the links of a PDF against the lookalike check, the block lists and the abused-hosting list', async () => {
    const pdf = p.pdfFromObjects([
      '<< /Type /Catalog >>',
      '<< /A << /S /URI /URI (https://dichvucong.gov-vn.com/dang-nhap) >> >>',
      '<< /A << /S /URI /URI (https://login.evil.example/) >> >>',
      '<< /A << /S /URI /URI (https://thue-vn.web.app/) >> >>',
      '<< /A << /S /URI /URI (https://dichvucong.gov.vn/) >> >>',
    ]);
    const fs = await scan(pdf);
    expect(fs.map((f) => [f.kind, f.list ?? '', f.attachment]).sort()).toEqual([
      ['url.abused-hosting', '', 'a1'],
      ['url.listed', 'abused_hosting', 'a1'],
      ['url.listed', 'blocked_domains', 'a1'],
      ['url.lookalike', '', 'a1'],
    ]);
    expect(fs.find((f) => f.kind === 'url.lookalike')).toMatchObject({ subject: 'https://dichvucong.gov-vn.com/dang-nhap', detail: expect.stringContaining('(link in PDF thong-bao.pdf)') });
  });

  it(`reads only the first ${PDF_MAX_BYTES} bytes of a PDF`, async () => {
    const picture = (n: number) => Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Length ${n} >>\nstream\n`), Buffer.alloc(n, 0x41), Buffer.from('\nendstream')]);
    const js = "<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>";
    const within = await scan(p.pdfFromObjects(['<< /Type /Catalog >>', picture(PDF_MAX_BYTES - 4096), js]));
    expect(within.map((f) => f.kind)).toEqual(['attachment.pdf-active']);
    const beyond = await scan(p.pdfFromObjects(['<< /Type /Catalog >>', picture(PDF_MAX_BYTES), js]));
    expect(beyond).toEqual([]);
  });

  it('sees a PDF inside a zip', async () => {
    const zip = await p.makeZip({ 'ho-so/to-trinh.pdf': p.makeJavaScriptPdf() });
    const att = makeAttachment('ho-so.zip', zip, { contentType: 'application/zip', trueType: { ext: 'zip', mime: 'application/zip' }, id: 'a1' });
    const fs = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
    expect(fs.find((f) => f.kind === 'attachment.pdf-active')?.subject).toBe('ho-so.zip → ho-so/to-trinh.pdf');
  });
});

describe('PDF fixtures under the default policy', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(POLICY_DIR);
  });
  const verdictOf = async (name: string) => {
    const message = await parseMessage(readFileSync(`${FIXTURES}/${name}.eml`), DEFAULT_LIMITS);
    const findings = await attachmentsScanner.scan(message, makeContext(policy, { clamd: fakeClamd() }));
    return { findings, verdict: decide(findings, policy) };
  };

  it('pdf-javascript-openaction is quarantined (pdf-runs-on-open)', async () => {
    const { verdict } = await verdictOf('pdf-javascript-openaction');
    expect(verdict.action).toBe('quarantine');
    expect(verdict.hits.map((h) => h.rule)).toEqual(['pdf-runs-on-open', 'pdf-active-content']);
  });

  it('pdf-lookalike-link: the gov.vn lookalike inside the PDF is caught (lookalike-link)', async () => {
    const { findings, verdict } = await verdictOf('pdf-lookalike-link');
    expect(findings.map((f) => f.kind)).toContain('url.lookalike');
    expect(verdict.action).toBe('quarantine');
    expect(verdict.hits.map((h) => h.rule)).toContain('lookalike-link');
  });

  it('a PDF with JavaScript that does not run on opening is only warned about', () => {
    const v = decide([{ scanner: 'attachments', kind: 'attachment.pdf-active', detail: 'x', tags: ['javascript'] }], policy);
    expect(v.hits.map((h) => [h.rule, h.action])).toEqual([['pdf-active-content', 'warn']]);
    const launch = decide([{ scanner: 'attachments', kind: 'attachment.pdf-active', detail: 'x', tags: ['launch'] }], policy);
    expect(launch.action).toBe('quarantine');
  });
});
