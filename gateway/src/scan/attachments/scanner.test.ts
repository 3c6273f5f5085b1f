import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { LachanError } from '../../errors.js';
import type { Attachment } from '../../parse/types.js';
import type { ScanLimits } from '../../config/types.js';
import type { PolicySettings } from '../../policy/types.js';
import { makeContext, makeMessage, makePolicy, type InlineList } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { attachmentsScanner, CLAMD_CONCURRENCY } from './index.js';
import { fakeClamd, makeAttachment, type FakeClamd } from './test-helpers.js';

const SIG = 'Fake.EICAR';
const MARK = 'Fake.Marker';

async function scan(
  attachments: Attachment[],
  opts: {
    clamd?: FakeClamd;
    limits?: Partial<ScanLimits>;
    lists?: Record<string, InlineList>;
    settings?: Partial<PolicySettings>;
    html?: string;
    text?: string;
  } = {},
): Promise<{ findings: Finding[]; clamd: FakeClamd }> {
  const clamd = opts.clamd ?? fakeClamd({ needles: { [SIG]: p.EICAR, [MARK]: p.MARKER } });
  const policy = makePolicy({ lists: opts.lists, settings: opts.settings });
  const ctx = makeContext(policy, { clamd, limits: opts.limits });
  const message = makeMessage({ attachments, html: opts.html ?? '', text: opts.text ?? '' });
  return { findings: await attachmentsScanner.scan(message, ctx), clamd };
}

const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);
const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();

describe('attachments scanner', () => {
  it('reports a virus in a plain attachment, with the attachment id and file name', async () => {
    const att = makeAttachment('eicar.com', p.EICAR);
    const { findings, clamd } = await scan([att]);
    const virus = of(findings, 'attachment.virus');
    expect(virus).toHaveLength(1);
    expect(virus[0]).toMatchObject({ scanner: 'attachments', detail: SIG, subject: 'eicar.com', attachment: att.id });
    expect(of(findings, 'attachment.dangerous-type')[0]?.tags).toEqual(['com']);
    expect(clamd.scanned).toEqual(['eicar.com']);
  });

  it('finds nothing in a clean PDF and a clean docx, yet sends both to clamd', async () => {
    const { findings, clamd } = await scan([
      makeAttachment('thong-bao.pdf', p.makePdf(), { contentType: 'application/pdf' }),
      makeAttachment('ke-hoach.docx', await p.makeWordDocument(), {
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
    ]);
    expect(findings).toEqual([]);
    expect(clamd.scanned.sort()).toEqual(['ke-hoach.docx', 'thong-bao.pdf']);
  });

  it('walks a zip and reports the member as "archive → member"', async () => {
    const zip = await p.makeZip({ 'eicar.com': p.EICAR, 'doc/readme.txt': 'xin chào' });
    const { findings, clamd } = await scan([makeAttachment('tai-lieu.zip', zip, { contentType: 'application/zip' })]);
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toEqual(['tai-lieu.zip → eicar.com']);
    expect(clamd.scanned.sort()).toEqual(['doc/readme.txt', 'eicar.com', 'tai-lieu.zip']);
  });

  it('walks a zip inside a zip', async () => {
    const inner = await p.makeZip({ 'eicar.com': p.EICAR });
    const outer = await p.makeZip({ 'ben-trong/eicar.zip': inner });
    const { findings } = await scan([makeAttachment('ho-so.zip', outer)]);
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toEqual(['ho-so.zip → ben-trong/eicar.zip → eicar.com']);
  });

  it('gives every member the name and type checks', async () => {
    const zip = await p.makeZip({ 'hoa-don.pdf.exe': p.makePe(), 'scan.pdf': p.makePe() });
    const { findings } = await scan([makeAttachment('hoa-don.zip', zip)]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type hoa-don.zip → hoa-don.pdf.exe',
      'attachment.dangerous-type hoa-don.zip → scan.pdf',
      'attachment.double-extension hoa-don.zip → hoa-don.pdf.exe',
      'attachment.type-mismatch hoa-don.zip → scan.pdf',
    ]);
  });

  it('stops opening archives nested deeper than archiveMaxDepth', async () => {
    let z = await p.makeZip({ 'eicar.com': p.EICAR });
    for (let i = 3; i >= 1; i -= 1) z = await p.makeZip({ [`level${i}.zip`]: z });
    // ho-so.zip → level1.zip → level2.zip → level3.zip → eicar.com: four levels of archives.
    const deep = await scan([makeAttachment('ho-so.zip', z)], { limits: { archiveMaxDepth: 2 } });
    const limit = of(deep.findings, 'attachment.archive-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ subject: 'ho-so.zip → level1.zip → level2.zip', tags: ['depth'] });
    expect(of(deep.findings, 'attachment.virus')).toEqual([]);
    expect(deep.clamd.scanned).not.toContain('eicar.com');

    const allowed = await scan([makeAttachment('ho-so.zip', z)], { limits: { archiveMaxDepth: 4 } });
    expect(of(allowed.findings, 'attachment.archive-limit')).toEqual([]);
    expect(of(allowed.findings, 'attachment.virus')).toHaveLength(1);
  });

  it('stops reading after archiveMaxEntries entries, counted over all levels', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i += 1) files[`f${i}.txt`] = `tệp ${i}`;
    const { findings, clamd } = await scan([makeAttachment('nhieu.zip', await p.makeZip(files))], {
      limits: { archiveMaxEntries: 4 },
    });
    const limit = of(findings, 'attachment.archive-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]!.tags).toEqual(['entries']);
    expect(clamd.scanned.filter((n) => n.startsWith('f'))).toHaveLength(4);

    const ok = await scan([makeAttachment('nhieu.zip', await p.makeZip(files))], { limits: { archiveMaxEntries: 10 } });
    expect(of(ok.findings, 'attachment.archive-limit')).toEqual([]);
  });

  it('does not inflate an entry whose compression ratio crosses archiveMaxRatio (zip bomb)', async () => {
    const bomb = await p.makeZipBomb(4 * 1024 * 1024);
    const { findings, clamd } = await scan([makeAttachment('bao-cao-nam.zip', bomb)], { limits: { archiveMaxRatio: 100 } });
    const limit = of(findings, 'attachment.archive-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ subject: 'bao-cao-nam.zip → bao-cao.txt', tags: ['ratio'] });
    expect(clamd.scanned).toEqual(['bao-cao-nam.zip']); // the member never reached clamd: never inflated

    const relaxed = await scan([makeAttachment('bao-cao-nam.zip', bomb)], { limits: { archiveMaxRatio: 100_000 } });
    expect(of(relaxed.findings, 'attachment.archive-limit')).toEqual([]);
    expect(relaxed.clamd.scanned).toContain('bao-cao.txt');
  });

  it('stops when the bytes read out of one archive would pass archiveMaxTotalBytes', async () => {
    const zip = await p.makeZip({ 'a.bin': Buffer.alloc(3000, 1), 'b.bin': Buffer.alloc(3000, 2) }, { store: true });
    const { findings, clamd } = await scan([makeAttachment('lon.zip', zip)], { limits: { archiveMaxTotalBytes: 5000 } });
    const limit = of(findings, 'attachment.archive-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ subject: 'lon.zip → b.bin', tags: ['total-bytes'] });
    expect(clamd.scanned.sort()).toEqual(['a.bin', 'lon.zip']);
  });

  it('reports encrypted entries, and still checks their names', async () => {
    // a password neither the message nor the common list gives (passwords.ts): stays locked
    const zip = p.makeEncryptedZip('hoa-don.pdf.exe', p.EICAR, 'khong-doan-duoc');
    const { findings } = await scan([makeAttachment('bao-mat.zip', zip)]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type bao-mat.zip → hoa-don.pdf.exe',
      'attachment.double-extension bao-mat.zip → hoa-don.pdf.exe',
      'attachment.encrypted bao-mat.zip → hoa-don.pdf.exe',
    ]);
  });

  it('reports a corrupt zip as uninspectable instead of failing', async () => {
    const zip = await p.makeZip({ 'eicar.com': p.EICAR });
    const { findings } = await scan([makeAttachment('hong.zip', zip.subarray(0, zip.length >> 1))]);
    const un = of(findings, 'attachment.uninspectable');
    expect(un).toHaveLength(1);
    expect(un[0]!.detail).toMatch(/^corrupt zip: /);
  });

  it('reports archives it cannot open (rar, 7z) as uninspectable', async () => {
    const { findings } = await scan([makeAttachment('a.rar', p.makeRarHeader()), makeAttachment('b.7z', p.make7zHeader())]);
    expect(summary(findings)).toEqual(['attachment.uninspectable a.rar', 'attachment.uninspectable b.7z']);
  });

  it('reports macros in OOXML and OLE documents, also inside a zip', async () => {
    const docm = await p.makeWordDocument({ macros: true });
    const zip = await p.makeZip({ 'cong-van.doc': p.makeOleDocWithMacros() });
    const { findings } = await scan([makeAttachment('bao-cao.docm', docm), makeAttachment('ho-so.zip', zip)]);
    expect(summary(findings)).toEqual(['attachment.macro bao-cao.docm', 'attachment.macro ho-so.zip → cong-van.doc']);
    expect(of(findings, 'attachment.macro')[0]!.tags).toEqual(['vba', 'docm', 'ooxml']);
  });

  it('reports an HTML attachment with a credential form', async () => {
    const { findings } = await scan([makeAttachment('dang-nhap.html', p.makeCredentialHtml(), { contentType: 'text/html' })]);
    const form = of(findings, 'attachment.html-form');
    expect(form).toHaveLength(1);
    expect(form[0]!.tags).toEqual(['form', 'password', 'external-action']);
    expect(form[0]!.detail).toContain('login.example.net');
  });

  it('reports attachments and members whose SHA-256 is on a hash list', async () => {
    const pe = p.makePe();
    const att = makeAttachment('setup.exe', pe);
    const zip = makeAttachment('goi.zip', await p.makeZip({ 'inner/setup.exe': pe }));
    const lists = { bad_hashes: { type: 'hash' as const, entries: [att.sha256.toUpperCase() + '  setup.exe'] } };
    const { findings } = await scan([att, zip], { lists });
    const listed = of(findings, 'attachment.listed');
    expect(listed.map((f) => f.subject).sort()).toEqual(['goi.zip → inner/setup.exe', 'setup.exe']);
    expect(listed.every((f) => f.list === 'bad_hashes')).toBe(true);
  });

  it('lets a clamd failure through so the message gets a temporary failure, never "clean"', async () => {
    const clamd = fakeClamd({ fail: new LachanError('LC_CLAMD_UNAVAILABLE', 'test: connection refused') });
    await expect(scan([makeAttachment('thong-bao.pdf', p.makePdf())], { clamd })).rejects.toMatchObject({
      code: 'LC_CLAMD_UNAVAILABLE',
    });
  });

  it('turns an attachment that cannot be read into a scanner.error finding', async () => {
    const att = makeAttachment('ho-so.zip', await p.makeZip({ 'a.txt': 'x' }));
    att.content.buffer = () => Promise.reject(new Error('spool file vanished'));
    const { findings } = await scan([att]);
    const err = of(findings, 'scanner.error');
    expect(err).toHaveLength(1);
    expect(err[0]).toMatchObject({ attachment: att.id, subject: 'ho-so.zip' });
  });

  it(`runs clamd scans concurrently, at most ${CLAMD_CONCURRENCY} at a time`, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i += 1) files[`f${i}.txt`] = `${i}`;
    const clamd = fakeClamd({ delayMs: 20 });
    // two different zips (one zip attached twice is walked once: duplicates.ts)
    const atts = [makeAttachment('a.zip', await p.makeZip(files)), makeAttachment('b.zip', await p.makeZip({ ...files, 'f0.txt': 'khác' }))];
    await scan(atts, { clamd });
    expect(clamd.scanned).toHaveLength(26);
    expect(clamd.maxConcurrent).toBeGreaterThan(1);
    expect(clamd.maxConcurrent).toBeLessThanOrEqual(CLAMD_CONCURRENCY);
  });

  it('sends HTML bodies with scripts to clamd, and plain text only when clamdScope is all', async () => {
    const script = `<html><script>var x="${p.MARKER}"</script></html>`;
    const a = await scan([], { html: script, text: `hello ${p.MARKER}` });
    expect(a.clamd.scanned).toEqual(['HTML body']);
    expect(a.findings).toEqual([
      { scanner: 'attachments', kind: 'attachment.virus', detail: MARK, subject: 'HTML body', tags: [MARK, 'body'] },
    ]);

    const b = await scan([], { html: '<p>no script</p>', text: 'hello' });
    expect(b.clamd.scanned).toEqual([]);

    const c = await scan([], { html: '<p>x</p>', text: `hello ${p.MARKER}`, settings: { clamdScope: 'all' } });
    expect(c.clamd.scanned.sort()).toEqual(['HTML body', 'text body']);
    expect(of(c.findings, 'attachment.virus').map((f) => f.subject)).toEqual(['text body']);
  });

  it('sends text bodies carrying uuencoded files to clamd', async () => {
    const { clamd } = await scan([], { text: 'see below\nbegin 644 invoice.exe\nM35H...\nend\n' });
    expect(clamd.scanned).toEqual(['text body']);
  });
});
