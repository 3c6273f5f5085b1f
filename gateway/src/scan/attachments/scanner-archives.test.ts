import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { ScanLimits } from '../../config/types.js';
import type { Attachment } from '../../parse/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, makeAttachment, type FakeClamd } from './test-helpers.js';

/**
 * gzip, tar and .tgz walked like zip. The fake clamd finds EICAR in whatever bytes hold it, so an
 * uncompressed tar is reported as well as its member (as the real clamd does).
 */
const SIG = 'Fake.EICAR';

async function scan(attachments: Attachment[], limits: Partial<ScanLimits> = {}): Promise<{ findings: Finding[]; clamd: FakeClamd }> {
  const clamd = fakeClamd({ needles: { [SIG]: p.EICAR } });
  const ctx = makeContext(makePolicy(), { clamd, limits });
  return { findings: await attachmentsScanner.scan(makeMessage({ attachments }), ctx), clamd };
}
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);
const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();

describe('attachments scanner: gzip and tar', () => {
  it('walks a .gz: its content is a member named after the attachment, sent to clamd', async () => {
    const { findings, clamd } = await scan([makeAttachment('eicar.com.gz', p.makeGzip(p.EICAR), { contentType: 'application/gzip' })]);
    expect(summary(findings)).toEqual(['attachment.dangerous-type eicar.com.gz → eicar.com', 'attachment.virus eicar.com.gz → eicar.com']);
    expect(clamd.scanned.sort()).toEqual(['eicar.com', 'eicar.com.gz']);
  });

  it('names the member by the gzip header, so a double extension hidden there is seen', async () => {
    const gz = p.makeGzip(p.makePe(), { name: 'hoa-don.pdf.exe' });
    const { findings } = await scan([makeAttachment('hoa-don.pdf.gz', gz)]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type hoa-don.pdf.gz → hoa-don.pdf.exe',
      'attachment.double-extension hoa-don.pdf.gz → hoa-don.pdf.exe',
    ]);
  });

  it('walks a tar: every file gets the checks, directories are skipped', async () => {
    const tar = p.makeTar([
      { name: 'ho-so', type: 'dir' },
      { name: 'ho-so/hoa-don.pdf.exe', data: p.makePe() },
      { name: 'ho-so/eicar.txt', data: p.EICAR },
      { name: 'ho-so/doc-ky.txt', data: 'Kính gửi' },
    ]);
    const { findings, clamd } = await scan([makeAttachment('ho-so.tar', tar, { contentType: 'application/x-tar' })]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type ho-so.tar → ho-so/hoa-don.pdf.exe',
      'attachment.double-extension ho-so.tar → ho-so/hoa-don.pdf.exe',
      'attachment.virus ho-so.tar',
      'attachment.virus ho-so.tar → ho-so/eicar.txt',
    ]);
    expect(clamd.scanned.sort()).toEqual(['ho-so.tar', 'ho-so/doc-ky.txt', 'ho-so/eicar.txt', 'ho-so/hoa-don.pdf.exe']);
  });

  it('sees the real name of a member behind a pax or GNU long name', async () => {
    const name = `${'thu-muc-rat-dai/'.repeat(7)}hoa-don.pdf.exe`;
    for (const format of ['pax', 'gnu'] as const) {
      const { findings } = await scan([makeAttachment('a.tar', p.makeTar([{ name, data: p.makePe() }], { format }))]);
      expect(of(findings, 'attachment.double-extension').map((f) => f.subject)).toEqual([`a.tar → ${name}`]);
    }
  });

  it('walks a .tgz as gzip → tar → files', async () => {
    const tgz = gzipSync(p.makeTar({ 'eicar.com': p.EICAR, 'ghi-chu.txt': 'xin chào' }));
    const { findings, clamd } = await scan([makeAttachment('ho-so.tgz', tgz)]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type ho-so.tgz → ho-so.tar → eicar.com',
      'attachment.virus ho-so.tgz → ho-so.tar',
      'attachment.virus ho-so.tgz → ho-so.tar → eicar.com',
    ]);
    expect(clamd.scanned.sort()).toEqual(['eicar.com', 'ghi-chu.txt', 'ho-so.tar', 'ho-so.tgz']);
    const tarGz = await scan([makeAttachment('ho-so.tar.gz', tgz)]);
    expect(of(tarGz.findings, 'attachment.virus').map((f) => f.subject).sort()).toEqual([
      'ho-so.tar.gz → ho-so.tar',
      'ho-so.tar.gz → ho-so.tar → eicar.com',
    ]);
  });

  it('finds a tar disguised with a first member named like a PDF (true type by the ustar magic)', async () => {
    const tar = p.makeTar({ '%PDF-1.7.pdf.exe': p.makePe() });
    const { findings } = await scan([makeAttachment('tai-lieu.dat', tar)]);
    expect(of(findings, 'attachment.double-extension').map((f) => f.subject)).toEqual(['tai-lieu.dat → %PDF-1.7.pdf.exe']);
    // the parser's file-type sniff calls it a PDF: the tar header still wins
    const parsed = await scan([makeAttachment('tai-lieu.pdf', tar, { trueType: { ext: 'pdf', mime: 'application/pdf' } })]);
    expect(of(parsed.findings, 'attachment.double-extension').map((f) => f.subject)).toEqual(['tai-lieu.pdf → %PDF-1.7.pdf.exe']);
    expect(of(parsed.findings, 'attachment.type-mismatch').map((f) => f.detail)).toEqual(['named .pdf but the content is tar (application/x-tar)']);
  });

  it('stops inflating a gzip bomb at the ratio limit and flags it', async () => {
    const bomb = p.makeGzipBomb(20 * 1024 * 1024);
    const { findings, clamd } = await scan([makeAttachment('bao-cao.txt.gz', bomb)], { archiveMaxRatio: 100 });
    const limit = of(findings, 'attachment.archive-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ subject: 'bao-cao.txt.gz → bao-cao.txt', tags: ['ratio'] });
    expect(limit[0]!.detail).toMatch(/^compression ratio over 100:1 .*stopped inflating$/);
    expect(clamd.scanned).toEqual(['bao-cao.txt.gz']); // the member never reached clamd

    const relaxed = await scan([makeAttachment('bao-cao.txt.gz', bomb)], { archiveMaxRatio: 100_000 });
    expect(of(relaxed.findings, 'attachment.archive-limit')).toEqual([]);
    expect(relaxed.clamd.scanned).toContain('bao-cao.txt');
  });

  it('holds small gzip files to no ratio: a few KB of zeros is not a bomb', async () => {
    const { findings } = await scan([makeAttachment('trong.bin.gz', p.makeGzip(Buffer.alloc(64 * 1024)))], { archiveMaxRatio: 2 });
    expect(findings).toEqual([]);
  });

  it('stops at archiveMaxTotalBytes, counted over gzip and tar together', async () => {
    const tgz = gzipSync(p.makeTar({ 'a.bin': Buffer.alloc(3000, 1), 'b.bin': Buffer.alloc(3000, 2) }));
    // the inflated tar itself (about 10 KB) is past 8000 bytes
    const small = await scan([makeAttachment('lon.tgz', tgz)], { archiveMaxTotalBytes: 8000 });
    expect(of(small.findings, 'attachment.archive-limit')).toMatchObject([{ subject: 'lon.tgz → lon.tar', tags: ['total-bytes'] }]);
    // room for the tar but not for both members
    const tar = p.makeTar({ 'a.bin': Buffer.alloc(3000, 1), 'b.bin': Buffer.alloc(3000, 2) });
    const mid = await scan([makeAttachment('lon.tar', tar)], { archiveMaxTotalBytes: 5000 });
    expect(of(mid.findings, 'attachment.archive-limit')).toMatchObject([{ subject: 'lon.tar → b.bin', tags: ['total-bytes'] }]);
    expect(mid.clamd.scanned.sort()).toEqual(['a.bin', 'lon.tar']);
  });

  it('stops after archiveMaxEntries tar entries', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i += 1) files[`f${i}.txt`] = `tệp ${i}`;
    const { findings, clamd } = await scan([makeAttachment('nhieu.tar', p.makeTar(files))], { archiveMaxEntries: 4 });
    expect(of(findings, 'attachment.archive-limit')).toMatchObject([{ tags: ['entries'], subject: 'nhieu.tar → f4.txt' }]);
    expect(clamd.scanned.filter((n) => n.startsWith('f'))).toHaveLength(4);
  });

  it('does not open a gzip or tar nested past archiveMaxDepth', async () => {
    const tgz = gzipSync(p.makeTar({ 'eicar.com': p.EICAR }));
    const { findings } = await scan([makeAttachment('ho-so.tgz', tgz)], { archiveMaxDepth: 1 });
    expect(of(findings, 'attachment.archive-limit')).toMatchObject([{ subject: 'ho-so.tgz → ho-so.tar', tags: ['depth'] }]);
    // the tar reaches clamd (which finds EICAR in it), but its members are not walked
    expect(of(findings, 'attachment.virus').map((f) => f.subject)).toEqual(['ho-so.tgz → ho-so.tar']);
    expect(findings.filter((f) => (f.subject ?? '').endsWith('eicar.com'))).toEqual([]);
  });

  it('notes links and devices in a tar by name, never following them', async () => {
    const tar = p.makeTar([
      { name: 'a.txt', data: 'x' },
      { name: 'ban-sao.txt', type: 'hardlink', linkName: 'a.txt' },
      { name: 'hoa-don.pdf.exe', type: 'symlink', linkName: '\\\\203.0.113.9\\share\\x.exe' },
      { name: 'ngoai', type: 'hardlink', linkName: '/etc/shadow' },
      { name: 'thiet-bi', type: 'char' },
    ]);
    const { findings, clamd } = await scan([makeAttachment('lien-ket.tar', tar)]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type lien-ket.tar → hoa-don.pdf.exe',
      'attachment.double-extension lien-ket.tar → hoa-don.pdf.exe',
      'attachment.uninspectable lien-ket.tar → hoa-don.pdf.exe',
      'attachment.uninspectable lien-ket.tar → ngoai',
      'attachment.uninspectable lien-ket.tar → thiet-bi',
    ]);
    const link = of(findings, 'attachment.uninspectable')[0]!;
    expect(link.detail).toBe('symbolic link to "\\\\203.0.113.9\\share\\x.exe": not followed, not inspected');
    expect(link.tags).toEqual(['tar', 'symlink']);
    expect(clamd.scanned.sort()).toEqual(['a.txt', 'lien-ket.tar']);
  });

  it('reports a corrupt or truncated gzip or tar as uninspectable, and still checks what came before the damage', async () => {
    const tgz = gzipSync(p.makeTar({ 'eicar.com': p.EICAR, 'lon.bin': Buffer.from(Array.from({ length: 60_000 }, (_, i) => (i * 7919) % 251)) }));
    const cut = tgz.subarray(0, tgz.length >> 1);
    const { findings } = await scan([makeAttachment('hong.tgz', cut)]);
    expect(summary(findings)).toEqual([
      'attachment.dangerous-type hong.tgz → hong.tar → eicar.com',
      'attachment.uninspectable hong.tgz',
      'attachment.uninspectable hong.tgz → hong.tar',
      'attachment.virus hong.tgz → hong.tar',
      'attachment.virus hong.tgz → hong.tar → eicar.com',
    ]);
    const un = of(findings, 'attachment.uninspectable');
    expect(un.map((f) => f.detail.split(':')[0]).sort()).toEqual(['corrupt gzip', 'corrupt tar']);

    const garbage = await scan([makeAttachment('hong.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), Buffer.alloc(200, 0xee)]))]);
    expect(summary(garbage.findings)).toEqual(['attachment.uninspectable hong.gz']);
    expect(of(garbage.findings, 'attachment.uninspectable')[0]).toMatchObject({ tags: ['gz'], detail: expect.stringMatching(/^corrupt gzip: /) });

    const badTar = Buffer.from(p.makeTar({ 'a.txt': 'x' }));
    badTar.write('rac', 1024, 'latin1'); // garbage where the next header (here the end marker) is
    const broken = await scan([makeAttachment('hong.tar', badTar)]);
    expect(summary(broken.findings)).toEqual(['attachment.uninspectable hong.tar']);
    expect(of(broken.findings, 'attachment.uninspectable')[0]!.detail).toBe('corrupt tar: invalid tar header checksum (at byte 1024)');
    expect(broken.clamd.scanned.sort()).toEqual(['a.txt', 'hong.tar']);
  });

  it('keeps bzip2 and xz streams that cannot be decompressed (nothing but zeros after the magic) as uninspectable', async () => {
    const bz2 = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(40)]);
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(40)]);
    const { findings } = await scan([makeAttachment('a.tar.bz2', bz2), makeAttachment('b.tar.xz', xz)]);
    expect(summary(findings)).toEqual(['attachment.uninspectable a.tar.bz2', 'attachment.uninspectable b.tar.xz']);
  });

  it('gives every damaged gzip, tar and xls a result, never an exception (300 deterministic mutations)', async () => {
    let x = 20251124;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    const tar = p.makeTar([
      { name: `${'dai/'.repeat(30)}a.pdf.exe`, data: p.makePe() },
      { name: 'l', type: 'symlink', linkName: 'x' },
      { name: 'b.txt', data: p.EICAR },
    ]);
    const seeds: [string, Buffer][] = [
      ['a.gz', p.makeGzip(p.EICAR, { name: 'eicar.com' })],
      ['a.tar', tar],
      ['a.tgz', gzipSync(tar)],
      ['a.xls', p.makeXls({ macroSheet: 'very-hidden' })],
    ];
    const allowed = new Set(['attachment.virus', 'attachment.dangerous-type', 'attachment.double-extension', 'attachment.type-mismatch',
      'attachment.uninspectable', 'attachment.macro', 'attachment.encrypted', 'attachment.archive-limit', 'attachment.rtlo']);
    for (let n = 0; n < 300; n += 1) {
      const [name, seed] = seeds[rand(seeds.length)]!;
      const b = Buffer.from(seed);
      for (let k = 1 + rand(8); k > 0; k -= 1) {
        const at = rand(Math.min(b.length, rand(2) ? 1024 : b.length));
        b[at] = [0, 0xff, rand(256), 0x30 + rand(8)][rand(4)]!;
      }
      const data = rand(4) === 0 ? b.subarray(0, rand(b.length)) : b;
      const { findings } = await scan([makeAttachment(name, data)]);
      const odd = findings.filter((f) => !allowed.has(f.kind));
      expect(odd, `mutation #${n} of ${name}`).toEqual([]);
    }
  });

  it('reports an .xls with an Excel 4.0 macro sheet as a macro, and a plain .xls as nothing', async () => {
    const { findings } = await scan([
      makeAttachment('bang-luong.xls', p.makeXls({ macroSheet: 'hidden' }), { contentType: 'application/vnd.ms-excel' }),
      makeAttachment('so-lieu.xls', p.makeXls(), { contentType: 'application/vnd.ms-excel' }),
    ]);
    expect(summary(findings)).toEqual(['attachment.macro bang-luong.xls']);
    expect(findings[0]!.tags).toEqual(['xlm', 'hidden', 'auto-open', 'ole', 'xls']);
  });
});
