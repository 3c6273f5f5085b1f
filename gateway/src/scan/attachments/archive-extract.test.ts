import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { ScanLimits } from '../../config/types.js';
import { attachmentMail as mail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { extractArchive, pickEntries, type ListedEntry, type SkipReason } from './archive-listing.js';
import { createClamdClient, type ClamdClient } from './clamd.js';
import { attachmentsScanner } from './index.js';
import { makeRar4, makeRar5, type RarEntry } from './rar-builder.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * The members of RAR (4 and 5) and 7z archives, extracted with 7-Zip in WebAssembly and walked like
 * zip members: true types, macros, nested archives, clamd, within the archive limits; what is not
 * extracted (encrypted, over a limit, cut off) keeps the archive uninspectable. RARs come from
 * rar-builder.ts (stored), 7z archives from Debian's 7z (p7zip-full, installed by the test setup).
 */
const SEVEN_ZIP = '/usr/bin/7z';
const SIG = 'Fake.EICAR';
const clamdUrl = inject('clamdUrl');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-extract-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 7z of `files` made by Debian's 7z; each further step adds to the same archive (e.g. with `-p`). */
function make7z(...steps: { files: Record<string, Buffer | string>; args?: string[] }[]): Buffer {
  const work = mkdtempSync(path.join(dir, '7z-'));
  for (const { files, args = [] } of steps) {
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      writeFileSync(path.join(work, name), data);
    }
    const r = spawnSync(SEVEN_ZIP, ['a', '-t7z', '-bd', ...args, 'out.7z', ...Object.keys(files)], { cwd: work, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`7z: ${r.stdout?.toString()} ${r.stderr?.toString()}`);
  }
  return readFileSync(path.join(work, 'out.7z'));
}

/** The same files as a RAR5, a RAR4 and (with /usr/bin/7z) a 7z. */
function archives(files: Record<string, Buffer | string>): [string, Buffer][] {
  const entries: RarEntry[] = Object.entries(files).map(([name, data]) => ({ name, data }));
  const out: [string, Buffer][] = [['RAR5', makeRar5(entries)], ['RAR4', makeRar4(entries)]];
  if (existsSync(SEVEN_ZIP)) out.push(['7z', make7z({ files })]);
  return out;
}
const nameOf = (format: string) => (format === '7z' ? 'ho-so.7z' : 'ho-so.rar');

async function scan(name: string, data: Buffer, opts: { limits?: Partial<ScanLimits>; clamd?: ClamdClient } = {}): Promise<Finding[]> {
  const att = makeAttachment(name, data, { id: 'a1' });
  const ctx = makeContext(makePolicy(), { clamd: opts.clamd ?? fakeClamd({ needles: { [SIG]: p.EICAR } }), limits: opts.limits ?? {} });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), ctx);
}
const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);

describe('attachments scanner: RAR and 7z members extracted and walked like zip members', () => {
  it('finds the macros of a .docm inside, by its contents', async () => {
    // named .doc: the name alone says nothing about macros, the extracted document does
    for (const [format, archive] of archives({ 'bao-cao.doc': await p.makeWordDocument({ macros: true }) })) {
      const findings = await scan(nameOf(format), archive);
      expect(of(findings, 'attachment.macro').map((f) => f.subject), format).toEqual([`${nameOf(format)} → bao-cao.doc`]);
      expect(of(findings, 'attachment.uninspectable'), format).toEqual([]);
    }
  });

  it('opens a zip inside and finds the program behind a double extension in it', async () => {
    const zip = await p.makeZip({ 'hoa-don.pdf.exe': p.makePe() });
    for (const [format, archive] of archives({ 'tai-lieu/hoa-don.zip': zip })) {
      const findings = await scan(nameOf(format), archive);
      expect(summary(findings), format).toEqual([
        `attachment.dangerous-type ${nameOf(format)} → tai-lieu/hoa-don.zip → hoa-don.pdf.exe`,
        `attachment.double-extension ${nameOf(format)} → tai-lieu/hoa-don.zip → hoa-don.pdf.exe`,
      ]);
    }
  });

  it('sends every member to clamd: EICAR is found on the member, even compressed in a 7z', async () => {
    for (const [format, archive] of archives({ 'ghi-chu.txt': 'xin chào', 'eicar.com': p.EICAR })) {
      const clamd = fakeClamd({ needles: { [SIG]: p.EICAR } });
      const findings = await scan(nameOf(format), archive, { clamd });
      expect(of(findings, 'attachment.virus').map((f) => f.subject), format).toContain(`${nameOf(format)} → eicar.com`);
      expect(clamd.scanned.sort(), format).toEqual(['eicar.com', 'ghi-chu.txt', nameOf(format)]);
    }
  });

  it('leaves an archive of a clean PDF without any finding: no uninspectable', async () => {
    for (const [format, archive] of archives({ 'to-trinh.pdf': p.makePdf() })) {
      expect(await scan(nameOf(format), archive), format).toEqual([]);
    }
  });

  it('opens a RAR inside a RAR within the depth limit, and not past it', async () => {
    const inner = makeRar5([{ name: 'hoa-don.pdf.exe', data: p.makePe() }]);
    const outer = makeRar4([{ name: 'ben-trong.rar', data: inner }]);
    const deep = await scan('ngoai.rar', outer);
    expect(of(deep, 'attachment.double-extension').map((f) => f.subject)).toEqual(['ngoai.rar → ben-trong.rar → hoa-don.pdf.exe']);
    const shallow = await scan('ngoai.rar', outer, { limits: { archiveMaxDepth: 1 } });
    expect(summary(shallow)).toEqual(['attachment.archive-limit ngoai.rar → ben-trong.rar']);
    expect(shallow[0]!.tags).toEqual(['depth']);
  });

  it('extracts no encrypted entry (no password asked, no hang), walks the others and stays uninspectable', async () => {
    const rar = makeRar5([
      { name: 'bi-mat.pdf', data: p.makePdf(), encrypted: true },
      { name: 'chay.exe', data: p.makePe() },
      { name: 'eicar.com', data: p.EICAR },
    ]);
    const findings = await scan('ho-so.rar', rar);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type ho-so.rar → chay.exe',
      'attachment.dangerous-type ho-so.rar → eicar.com',
      'attachment.encrypted ho-so.rar → bi-mat.pdf',
      'attachment.uninspectable ho-so.rar',
      'attachment.virus ho-so.rar',
      'attachment.virus ho-so.rar → eicar.com',
    ]);
    const archive = of(findings, 'attachment.uninspectable')[0]!;
    expect(archive.tags).toEqual(['rar', 'encrypted-entries']);
    expect(archive.detail).toMatch(/: 2 of 3 entries extracted and checked \(Rar5\), the others by name only$/);
  });

  it('extracts the plain entries of a 7z that also holds an encrypted block', async () => {
    if (!existsSync(SEVEN_ZIP)) return;
    const archive = make7z({ files: { 'eicar.com': p.EICAR } }, { files: { 'so-lieu.docx': 'khoa' }, args: ['-pKh0a-rieng'] });
    const findings = await scan('ho-so.7z', archive);
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toContain('ho-so.7z → eicar.com');
    expect(of(findings, 'attachment.encrypted').map((f) => f.subject)).toEqual(['ho-so.7z → so-lieu.docx']);
    expect(of(findings, 'attachment.uninspectable').map((f) => f.tags)).toEqual([['7z', 'encrypted-entries']]);
  });

  it('walks what comes out of a cut RAR and reports the damage', async () => {
    const big = Buffer.alloc(100_000, 0x41);
    const whole = makeRar5([{ name: 'eicar.com', data: p.EICAR }, { name: 'lon.txt', data: big }, { name: 'cuoi.exe', data: p.makePe() }]);
    const findings = await scan('cut.rar', whole.subarray(0, whole.indexOf(big) + 5000));
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toEqual(['cut.rar', 'cut.rar → eicar.com']);
    // the cut-off entry's first 5000 bytes are walked too (as a cut gzip's are)
    expect(of(findings, 'attachment.uninspectable')).toMatchObject([{ subject: 'cut.rar', tags: ['rar', 'damaged'], detail: expect.stringMatching(/2 of 2 entries .*damaged: .*lon\.txt/) }]);
  });

  it('neither extracts nor follows a symbolic link in a 7z', async () => {
    if (!existsSync(SEVEN_ZIP)) return;
    const work = mkdtempSync(path.join(dir, 'link-'));
    writeFileSync(path.join(work, 'ghi-chu.txt'), 'xin chào');
    symlinkSync('/etc/passwd', path.join(work, 'mat-khau.txt'));
    expect(spawnSync(SEVEN_ZIP, ['a', '-t7z', '-bd', 'out.7z', 'ghi-chu.txt', 'mat-khau.txt'], { cwd: work }).status).toBe(0);
    const findings = await scan('lien-ket.7z', readFileSync(path.join(work, 'out.7z')));
    expect(findings.map((f) => [f.kind, f.subject, f.tags])).toEqual([['attachment.uninspectable', 'lien-ket.7z → mat-khau.txt', ['7z', 'symlink']]]);
  });

  it('keeps the two entries of one name apart: both are walked', async () => {
    const rar = makeRar5([{ name: 'a.txt', data: 'xin chào' }, { name: 'a.txt', data: p.EICAR }]);
    const findings = await scan('hai.rar', rar);
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toEqual(['hai.rar', 'hai.rar → a_1.txt']);
    expect(of(findings, 'attachment.uninspectable')).toEqual([]);
  });

  it('counts extracted bytes against the archive byte budget: past it, names only and the walk stops', async () => {
    const [a, b] = [Buffer.alloc(600_000), Buffer.alloc(600_000)].map((x, i) => x.fill(i + 1));
    for (const rar of [makeRar5([{ name: 'a.bin', data: a }, { name: 'hoa-don.pdf.exe', data: b }]), makeRar4([{ name: 'a.bin', data: a }, { name: 'hoa-don.pdf.exe', data: b }])]) {
      const findings = await scan('lon.rar', rar, { limits: { archiveMaxTotalBytes: 1_000_000 } });
      expect(summary(findings)).toEqual([
        'attachment.archive-limit lon.rar → hoa-don.pdf.exe',
        'attachment.dangerous-type lon.rar → hoa-don.pdf.exe',
        'attachment.double-extension lon.rar → hoa-don.pdf.exe',
        'attachment.uninspectable lon.rar',
      ]);
      expect(of(findings, 'attachment.archive-limit')[0]!.tags).toEqual(['total-bytes']);
      expect(of(findings, 'attachment.uninspectable')[0]!.tags).toEqual(['rar', 'over-limits']);
    }
  });

  it('extracts nothing of a 7z bomb: over the ratio, the byte budget or the per-archive cap, memory stays flat', async () => {
    if (!existsSync(SEVEN_ZIP)) return;
    // just past EXTRACT_MAX_BYTES (32 MB)
    const bomb = make7z({ files: { 'bao-cao.txt': Buffer.alloc(33 * 1024 * 1024) }, args: ['-mx1'] });
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().rss;
    const ratio = await scan('bom.7z', bomb);
    expect(of(ratio, 'attachment.archive-limit').map((f) => [f.subject, f.tags])).toEqual([['bom.7z → bao-cao.txt', ['ratio']]]);
    const bytes = await scan('bom.7z', bomb, { limits: { archiveMaxRatio: 1_000_000, archiveMaxTotalBytes: 16 * 1024 * 1024 } });
    expect(of(bytes, 'attachment.archive-limit').map((f) => [f.subject, f.tags])).toEqual([['bom.7z → bao-cao.txt', ['total-bytes']]]);
    // within every configured limit, but more than one archive may put out on the main thread
    const big = await scan('bom.7z', bomb, { limits: { archiveMaxRatio: 1_000_000 } });
    expect(big.map((f) => [f.kind, f.tags])).toEqual([['attachment.uninspectable', ['7z', 'not-extracted']]]);
    expect(process.memoryUsage().rss - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('picks entries within the ratio (skipping past one), up to the byte budget (stopping there), never encrypted, links or of unknown size', () => {
    const file = (name: string, size: number | undefined, more: Partial<ListedEntry> = {}): ListedEntry => ({ name, directory: false, size, encrypted: false, ...more });
    const entries = [
      file('thu-muc', 0, { directory: true }),
      file('a', 400),
      file('khoa', 10, { encrypted: true }),
      file('lien-ket', 10, { link: true }),
      file('khong-ro', undefined),
      file('bom', 700),
      file('b', 500),
      file('c', 200),
      file('d', 1),
    ];
    const pick = (limits: { ratioBytes: number; budget: number }) => {
      const skipped = new Map<ListedEntry, SkipReason>();
      const picked = pickEntries(entries, limits, skipped);
      return [picked.map((e) => e.name), [...skipped].map(([e, why]) => `${e.name}: ${why}`)];
    };
    const never = ['khoa: encrypted', 'lien-ket: link', 'khong-ro: not-extracted'];
    expect(pick({ ratioBytes: 1000, budget: 10_000 })).toEqual([['a', 'b', 'd'], [...never, 'bom: ratio', 'c: ratio']]);
    expect(pick({ ratioBytes: 10_000, budget: 1050 })).toEqual([['a'], [...never, 'bom: total-bytes']]);
  });

  it('stops 7-Zip when it writes more than the picked entries declare, and keeps nothing of that entry', async () => {
    const rar = makeRar5([{ name: 'a.txt', data: 'mot' }, { name: 'b.txt', data: 'x'.repeat(5000) }]);
    // the listing's sizes made smaller than the data: what an archive lying about its sizes would do
    const { extraction } = await extractArchive(rar, 10, (listing) => listing.entries.map((e) => ({ ...e, size: 10 })));
    expect([...extraction!.files].map(([e, data]) => [e.name, data.toString()])).toEqual([['a.txt', 'mot']]);
    expect(extraction!.overCap?.name).toBe('b.txt');
    expect(extraction!.failure).toMatch(/more bytes than its entries declare/);
  });

  it('leaves the process exit code alone (the WebAssembly runtime sets it to 7-Zip\'s)', async () => {
    process.exitCode = undefined;
    const whole = makeRar5([{ name: 'a.txt', data: 'x'.repeat(5000) }]);
    const { listing } = await extractArchive(whole.subarray(0, 200), 10, (l) => l.entries);
    expect(listing).toMatchObject({ ok: true, damage: expect.any(String) });
    expect(process.exitCode).toBeUndefined();
  });
});

describe.skipIf(!clamdUrl)('RAR and 7z members through the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('names the member holding EICAR, not only the archive', async () => {
    for (const [format, archive] of archives({ 'thu-muc/eicar.com': p.EICAR, 'ghi-chu.txt': 'xin chào' })) {
      const findings = await scan(nameOf(format), archive, { clamd });
      const virus = of(findings, 'attachment.virus').find((f) => f.subject === `${nameOf(format)} → thu-muc/eicar.com`);
      expect(virus?.detail, format).toMatch(/^Lachan\.Test\.EICAR/);
    }
  });
});

describe('a RAR and a zip of the same files get the same verdict under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }) });

  it('for a program behind a double extension, a macro document, EICAR, a program in a zip, and a clean PDF', async () => {
    // (a program inside an archive is stripped, with a warning: delivered without the archive)
    const cases: [string, Record<string, Buffer>, [string, boolean]][] = [
      ['double extension', { 'invoice.pdf.exe': p.makePe() }, ['quarantine', false]],
      ['macros', { 'bao-cao.docm': await p.makeWordDocument({ macros: true }) }, ['deliver', true]],
      ['EICAR', { 'eicar.com': p.EICAR }, ['reject', false]],
      ['zip in it', { 'ben-trong.zip': await p.makeZip({ 'chuong-trinh.exe': p.makePe() }) }, ['deliver', true]],
      ['clean PDF', { 'to-trinh.pdf': p.makePdf() }, ['deliver', false]],
    ];
    for (const [what, files, expected] of cases) {
      const zip = await verdict(mail('ho-so.zip', 'application/zip', await p.makeZip(files)));
      const entries = Object.entries(files).map(([name, data]) => ({ name, data }));
      const rar = await verdict(mail('ho-so.rar', 'application/vnd.rar', makeRar5(entries)));
      expect([rar.action, rar.warning, rar.rules.sort()], what).toEqual([zip.action, zip.warning, zip.rules.sort()]);
      expect([rar.action, rar.warning], what).toEqual(expected);
      expect(rar.rules, what).not.toContain('uninspectable-archive');
    }
  });
});
