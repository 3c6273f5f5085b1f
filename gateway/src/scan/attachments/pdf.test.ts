import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { buildPdf } from '../../../bench/messages.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { attachmentsScanner } from './index.js';
import { inspectPdf, pdfIsActive, pdfObservations, pdfTags, PDF_MAX_BYTES, PDF_MAX_LOOKUPS, PDF_MAX_URIS, type PdfLimits, type PdfReport } from './pdf.js';
import { fakeClamd, fixtureVerdict, makeAttachment, objectStream, zipAttachment } from './test-helpers.js';

const LIMITS: PdfLimits = { inflateTotalBytes: DEFAULT_LIMITS.archiveMaxTotalBytes, inflateMaxRatio: DEFAULT_LIMITS.archiveMaxRatio };
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));

/** A PDF whose object 4 is an object stream holding `inner` (objects 5, 6, ... as PDF 1.5 writes them), deflated. */
function objectStreamPdf(inner: string[], catalog = '<< /Type /Catalog /Pages 2 0 R >>', dict = '/Type /ObjStm /Filter /FlateDecode'): Buffer {
  const stream = objectStream(inner, dict);
  return p.pdfFromObjects([catalog, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>', stream]);
}

/** The report without its page layout (pdf-layout.test.ts covers that): what these tests compare whole. */
const withoutLayout = ({ layout: _layout, ...r }: PdfReport): PdfReport => r;
const inspect = async (b: Buffer) => withoutLayout(await inspectPdf(b, LIMITS));

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
      expect(r).toEqual({ active: [], uris: [], targets: [], streamsSkipped: 0 });
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
    expect(await inspect(pdf)).toEqual({ active: [], uris: [], targets: [], streamsSkipped: 0 });
  });

  it('gives no crash and whatever it could read for truncated, garbage and empty input', async () => {
    const js = objectStreamPdf(['<< /S /JavaScript /JS (x) >>']);
    for (const cut of [10, 100, js.length - 60, js.length - 30]) await expect(inspect(js.subarray(0, cut))).resolves.toBeDefined();
    const garbage = Buffer.concat([Buffer.from('%PDF-1.7\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n'), Buffer.from('not zlib at all'), Buffer.from('\nendstream\n<< /URI (abc')]);
    expect(await inspect(garbage)).toEqual({ active: [], uris: [], targets: [], streamsSkipped: 1 });
    expect(await inspect(Buffer.alloc(0))).toEqual({ active: [], uris: [], targets: [], streamsSkipped: 0 });
    expect((await inspect(Buffer.from('%PDF-1.4\n<< /URI <68747'))).uris).toEqual([]);
  });

  it('stops inflating an object stream at the ratio limit and reads only its start', async () => {
    const bomb = objectStreamPdf([`<< /S /JavaScript /JS (x) >> ${' '.repeat(30 * 1024 * 1024)}`]);
    const r = await inspectPdf(bomb, { inflateTotalBytes: 1 << 30, inflateMaxRatio: 10 });
    expect(r.streamsSkipped).toBe(1);
    expect(r.active).toEqual(['javascript']); // the start of the stream was still read
    const none = withoutLayout(await inspectPdf(bomb, { inflateTotalBytes: 0, inflateMaxRatio: 10 }));
    expect(none).toEqual({ active: [], uris: [], targets: [], streamsSkipped: 1 });
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

describe('PDF references', () => {
  it('follows /URI given by reference, and an /A action given by reference', async () => {
    expect((await inspect(p.makeIndirectLinkPdf('https://a.example/x'))).uris).toEqual(['https://a.example/x']);
    const pdf = p.pdfFromObjects([
      '<< /Type /Catalog >>',
      '<< /Type /Annot /Subtype /Link /A 3 0 R >>',
      '<< /S /URI /URI (https://b.example/) >>',
      '<< /Type /Annot /Subtype /Link /A << /S /URI /URI 5 0 R >> >>',
      '(https://c.example/)',
    ]);
    expect((await inspect(pdf)).uris).toEqual(['https://b.example/', 'https://c.example/']);
  });

  it('follows references between object streams and plain objects, both ways', async () => {
    // object 5 (in the stream) points at plain object 2; plain object 3 points at object 6 (in the stream)
    const inner = ['<< /Type /Annot /Subtype /Link /A << /S /URI /URI 2 0 R >> >>', '(https://in-stream.example/)'];
    const stream = objectStream(inner);
    const pdf = p.pdfFromObjects(['<< /Type /Catalog >>', '(https://plain.example/)', '<< /A << /S /URI /URI 6 0 R >> >>', stream]);
    expect((await inspect(pdf)).uris).toEqual(['https://in-stream.example/', 'https://plain.example/']);
  });

  it('reads the targets of launch, remote go-to, import and submit actions, direct or by reference', async () => {
    const launch = await inspect(p.makeIndirectActionPdf('Launch', 'C:\\Windows\\System32\\cmd.exe'));
    expect(launch).toMatchObject({ active: ['launch'], targets: [{ action: 'launch', target: 'C:\\Windows\\System32\\cmd.exe' }], uris: [] });
    const submit = await inspect(p.makeIndirectActionPdf('SubmitForm', 'https://collect.example/form'));
    expect(submit).toMatchObject({ active: ['submit-form'], targets: [{ action: 'submit-form', target: 'https://collect.example/form' }], uris: ['https://collect.example/form'] });
    const direct = await inspect(
      p.pdfFromObjects([
        '<< /Type /Catalog >>',
        '<< /A << /S /ImportData /F (du-lieu.fdf) >> >>',
        '<< /A << /S /Launch /Win << /F (powershell.exe) /P (-enc AAAA) >> >> >>',
        '<< /A << /S /GoToE /F << /FS /URL /F (https://goto.example/a.pdf) >> >> >>',
      ]),
    );
    expect(direct.targets).toEqual([
      { action: 'import-data', target: 'du-lieu.fdf' },
      { action: 'launch', target: 'powershell.exe' },
      { action: 'goto-embedded', target: 'https://goto.example/a.pdf' },
    ]);
    expect(direct.uris).toEqual(['https://goto.example/a.pdf']);
  });

  it('tags a go-to or launch opening a file on a network share (unc-target), not one opening a local file', async () => {
    const share = await inspect(p.makeIndirectActionPdf('GoToR', '\\\\203.0.113.9\\chia-se\\bao-cao.pdf'));
    expect(share.targets).toEqual([{ action: 'goto-remote', target: '\\\\203.0.113.9\\chia-se\\bao-cao.pdf' }]);
    expect(pdfIsActive(share)).toBe(true);
    expect(pdfTags(share)).toEqual(['unc-target']);
    expect(pdfObservations(share)[0]!.detail).toBe('PDF with an action opening a network share; goto-remote → \\\\203.0.113.9\\chia-se\\bao-cao.pdf');
    const pdfPath = await inspect(p.makeIndirectActionPdf('GoToR', '//fileserver/share/a.pdf'));
    expect(pdfTags(pdfPath)).toEqual(['unc-target']);
    const local = await inspect(p.makeIndirectActionPdf('GoToR', 'phu-luc-2.pdf'));
    expect(local.targets).toEqual([{ action: 'goto-remote', target: 'phu-luc-2.pdf' }]);
    expect(pdfIsActive(local)).toBe(false);
    expect(pdfObservations(local)).toEqual([]);
  });

  it('stops at cycles, at chains longer than it follows, and after its lookups', async () => {
    const cycle = p.pdfFromObjects(['<< /Type /Catalog >>', '3 0 R', '2 0 R', '<< /A << /S /URI /URI 2 0 R >> /B << /S /Launch /F 3 0 R >> >>']);
    expect(await inspect(cycle)).toMatchObject({ uris: [], targets: [] });
    // a chain of references to the string: 3 are followed, 12 are longer than anyone writes
    const chain = (n: number) => p.pdfFromObjects(['<< /Type /Catalog >>', '<< /A << /S /URI /URI 3 0 R >> >>', ...Array.from({ length: n }, (_, i) => `${i + 4} 0 R`), '(https://deep.example/)']);
    expect((await inspect(chain(3))).uris).toEqual(['https://deep.example/']);
    expect((await inspect(chain(12))).uris).toEqual([]);
    // n links whose /URI is a reference to a number spend n lookups; the last link, to a string, comes after them
    const spend = (n: number) =>
      p.pdfFromObjects([
        '<< /Type /Catalog >>',
        ...Array.from({ length: n }, (_, i) => `<< /A << /S /URI /URI ${n + 2 + i} 0 R >> >>`),
        ...Array.from({ length: n }, () => '42'),
        `<< /A << /S /URI /URI ${2 * n + 3} 0 R >> >>`,
        '(https://last.example/)',
      ]);
    expect((await inspect(spend(10))).uris).toEqual(['https://last.example/']);
    expect((await inspect(spend(PDF_MAX_LOOKUPS))).uris).toEqual([]);
  });

  it('finishes fast on 4 MB of adversarial syntax (unterminated strings, unending objects, deep nesting)', async () => {
    const M = PDF_MAX_BYTES;
    const fill = (unit: string, prefix = '%PDF-1.7\n') => Buffer.from(prefix + unit.repeat(Math.ceil(M / unit.length)), 'latin1').subarray(0, M);
    const cases = {
      'unterminated /URI literals': fill('/URI ('),
      'unterminated /URI hex strings': fill('/URI <'),
      'escapes without end': fill('/URI (\\'),
      'streams without objects': fill('stream\nendstream '),
      'objects without endobj': fill('1 0 obj '),
      'nested dictionaries': fill('<<'),
      'one dictionary of 800,000 keys': fill('/a 1 ', '%PDF-1.7\n1 0 obj << /URI 2 0 R '),
      'actions by reference to a huge array': fill('<< /S /Launch /F 2 0 R /URI 2 0 R >> ', `%PDF-1.7\n2 0 obj [${'1 '.repeat(500_000)}] endobj\n1 0 obj `),
      'fake trailers with /Encrypt': fill('trailer << /Encrypt << /Filter /Standard /V 5 /R 6 /U <00> >> >> '),
    };
    for (const [what, pdf] of Object.entries(cases)) {
      const t = performance.now();
      await inspect(pdf);
      expect({ what, fast: performance.now() - t < 2000 }).toEqual({ what, fast: true });
    }
  });
});

describe('encrypted PDFs', () => {
  it.each([3, 4, 6] as const)('revision %i opening without a password: read like any other (links in strings and in object streams)', async (revision) => {
    const pdf = p.makeEncryptedPdf(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [] /Count 0 >>',
        (str) => `<< /A << /S /URI /URI ${str('https://string.example/')} >> >>`,
        (_, stream) => stream('<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>', deflateSync('5 0 << /A << /S /URI /URI (https://in-stream.example/) >> /OpenAction << /S /JavaScript /JS (x) >> >>')),
      ],
      { revision },
    );
    expect(pdf.includes('string.example')).toBe(false);
    const r = await inspect(pdf);
    expect(r.uris).toEqual(['https://string.example/', 'https://in-stream.example/']);
    expect(r.active).toEqual(['javascript', 'auto-action']);
    expect(r.encryption).toEqual({ state: 'readable', method: { 3: 'RC4-128', 4: 'AES-128', 6: 'AES-256' }[revision] });
    expect(pdfObservations(r)).toEqual([
      { kind: 'attachment.pdf-active', detail: expect.stringContaining(`opens without a password`), tags: ['javascript', 'auto-action', 'javascript-on-open', 'encrypted'] },
    ]);
  });

  it('reports nothing about an ordinary permissions-only PDF (the fixture builder)', async () => {
    const r = await inspect(p.makePermissionsOnlyPdf('https://dichvucong.gov.vn/'));
    expect(r).toEqual({ active: [], uris: ['https://dichvucong.gov.vn/'], targets: [], streamsSkipped: 0, encryption: { state: 'readable', method: 'AES-128' } });
    expect(pdfObservations(r)).toEqual([]);
  });

  it.each([3, 4, 6] as const)('revision %i with a user password: reported as encrypted, names still read, strings and object streams not', async (revision) => {
    const pdf = p.makePermissionsOnlyPdf('https://hidden.example/', { revision, userPassword: 'mat-khau' });
    const r = await inspect(pdf);
    expect(r).toMatchObject({ uris: [], streamsSkipped: 1, encryption: { state: 'password' } });
    expect(pdfObservations(r)).toEqual([
      { kind: 'attachment.encrypted', detail: expect.stringMatching(/^PDF needs a password to open \((RC4-128|AES-128|AES-256)\)/), tags: ['pdf', 'password'] },
    ]);
    // dictionaries are never encrypted: an automatic script still shows
    const js = p.makeEncryptedPdf(['<< /Type /Catalog /OpenAction << /S /JavaScript /JS (x) >> >>'], { revision, userPassword: 'mat-khau' });
    expect(pdfObservations(await inspect(js)).map((o) => [o.kind, o.tags])).toEqual([
      ['attachment.pdf-active', ['javascript', 'auto-action', 'javascript-on-open', 'encrypted']],
      ['attachment.encrypted', ['pdf', 'password']],
    ]);
  });

  it('reads /Encrypt from a cross-reference stream dictionary too, and only from a trailer or one', async () => {
    const enc = p.makePermissionsOnlyPdf('https://x.example/', { userPassword: 'mat-khau' }).toString('latin1');
    const encDict = /\d+ 0 obj\n(<< \/Filter \/Standard[^\n]*>>)\nendobj/.exec(enc)![1]!;
    const id = /\/ID \[<([0-9a-f]+)>/.exec(enc)![1]!;
    const xref = p.pdfFromObjects(['<< /Type /Catalog >>', `<< /Type /XRef /Size 3 /Root 1 0 R /Encrypt 3 0 R /ID [<${id}> <${id}>] /Length 0 >>\nstream\n\nendstream`, encDict]);
    expect((await inspect(xref)).encryption).toEqual({ state: 'password', method: 'AES-128' });
    // the same entry in an ordinary dictionary is not the file's encryption (readers ignore it)
    const decoy = p.pdfFromObjects(['<< /Type /Catalog >>', `<< /Encrypt 3 0 R /A << /S /URI /URI (https://plain.example/) >> >>`, encDict]);
    expect(await inspect(decoy)).toMatchObject({ uris: ['https://plain.example/'] });
    expect((await inspect(decoy)).encryption).toBeUndefined();
  });

  it('calls a certificate-encrypted PDF encrypted (unsupported); an /Encrypt whose dictionary is missing is read as plain', async () => {
    const cert = p.pdfFromObjects(['<< /Type /Catalog >>', '<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4 >>'], '/Encrypt 2 0 R');
    expect(pdfObservations(await inspect(cert))).toEqual([
      { kind: 'attachment.encrypted', detail: 'PDF is encrypted by the Adobe.PubSec handler (certificates or unknown scheme): its links and compressed objects cannot be checked', tags: ['pdf', 'unsupported'] },
    ]);
    const missing = p.pdfFromObjects(['<< /Type /Catalog >>', '<< /A << /S /URI /URI (https://plain.example/) >> >>'], '/Encrypt 9 0 R');
    const r = await inspect(missing);
    expect(r).toMatchObject({ uris: ['https://plain.example/'], encryption: { state: 'unknown' } });
    expect(pdfObservations(r)).toEqual([]);
  });

  it('gives no crash for truncated or corrupted encrypted PDFs', async () => {
    const pdf = p.makePermissionsOnlyPdf('https://x.example/', { revision: 6 });
    for (let cut = 0; cut < pdf.length; cut += 97) await expect(inspect(pdf.subarray(0, cut))).resolves.toBeDefined();
    const flipped = Buffer.from(pdf);
    for (let i = 200; i < flipped.length; i += 50) flipped[i] = flipped[i]! ^ 0x5a;
    await expect(inspect(flipped)).resolves.toBeDefined();
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

  it(`reads a PDF whole up to ${PDF_MAX_BYTES} bytes, and a bigger one past its head (pdf-large.test.ts)`, async () => {
    const picture = (n: number) => Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Length ${n} >>\nstream\n`), Buffer.alloc(n, 0x41), Buffer.from('\nendstream')]);
    const js = "<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>";
    const within = await scan(p.pdfFromObjects(['<< /Type /Catalog >>', picture(PDF_MAX_BYTES - 4096), js]));
    expect(within.map((f) => f.kind)).toEqual(['attachment.pdf-active']);
    const beyond = await scan(p.pdfFromObjects(['<< /Type /Catalog >>', picture(PDF_MAX_BYTES), js]));
    expect(beyond.map((f) => [f.kind, f.tags])).toEqual([['attachment.pdf-active', ['javascript']]]);
  });

  it('sees a PDF inside a zip', async () => {
    const zip = await p.makeZip({ 'ho-so/to-trinh.pdf': p.makeJavaScriptPdf() });
    const att = zipAttachment('ho-so.zip', zip);
    const fs = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
    expect(fs.find((f) => f.kind === 'attachment.pdf-active')?.subject).toBe('ho-so.zip → ho-so/to-trinh.pdf');
  });
});

describe('PDF fixtures under the default policy', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(POLICY_DIR);
  });
  const verdictOf = (name: string) => fixtureVerdict(policy, name);

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
