import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { ScanLimits } from '../../config/types.js';
import { attachmentMail as mail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { decompressStream } from './archive-listing.js';
import { attachmentsScanner } from './index.js';
import { looksLikeLzmaAlone, streamMemberName } from './single-stream.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * bz2, xz, lzma, zst and Z attachments: one compressed stream, decompressed by 7-Zip (WebAssembly)
 * and walked like a gzip's member, cut off at the ratio, byte and per-archive caps. The streams
 * are made by Debian's bzip2, xz and zstd (installed when missing); .Z by hand (below).
 */
const SIG = 'Fake.EICAR';
const MB = 1024 * 1024;

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'bzip2', file: '/usr/bin/bzip2' },
    { pkg: 'xz-utils', file: '/usr/bin/xz' },
    { pkg: 'zstd', file: '/usr/bin/zstd' },
  ]);
});

/** `data` compressed by a Debian tool reading stdin (e.g. ['xz', '-c']). */
function compress(command: string[], data: Buffer | string): Buffer {
  const r = spawnSync(command[0]!, command.slice(1), { input: data, maxBuffer: 64 * MB, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${command.join(' ')}: ${r.stderr?.toString()}`);
  return r.stdout;
}
const TOOLS: Record<string, string[]> = { bz2: ['bzip2', '-c'], xz: ['xz', '-c'], lzma: ['lzma', '-c'], zst: ['zstd', '-qc'] };

/**
 * A compress (.Z) file of at most 255 bytes, as 9-bit literal codes: `compress` is not in Debian,
 * and under 256 codes the decoder neither widens its codes nor pads (so no dictionary entry is needed).
 */
function makeZ(data: Buffer): Buffer {
  if (data.length > 255) throw new Error('makeZ: at most 255 bytes');
  const out = [0x1f, 0x9d, 0x90]; // magic, block mode, 16 bits at most
  let bits = 0;
  let n = 0;
  for (const byte of data) {
    bits |= byte << n;
    n += 9;
    for (; n >= 8; n -= 8, bits >>>= 8) out.push(bits & 0xff);
  }
  if (n > 0) out.push(bits & 0xff);
  return Buffer.from(out);
}

async function scan(name: string, data: Buffer, opts: { limits?: Partial<ScanLimits> } = {}) {
  const clamd = fakeClamd({ needles: { [SIG]: p.EICAR } });
  const att = makeAttachment(name, data, { id: 'a1' });
  const ctx = makeContext(makePolicy(), { clamd, limits: opts.limits ?? {} });
  return { findings: await attachmentsScanner.scan(makeMessage({ attachments: [att] }), ctx), scanned: clamd.scanned };
}
const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);

describe('single compressed streams (bz2, xz, lzma, zst, Z) walked like a gzip', () => {
  it('finds the program in evil.exe.bz2 (and in any format) by name and by true type', async () => {
    for (const [ext, tool] of Object.entries(TOOLS)) {
      const { findings } = await scan(`evil.exe.${ext}`, compress(tool, p.makePe()));
      expect(summary(findings), ext).toEqual([`attachment.dangerous-type evil.exe.${ext} → evil.exe`]);
    }
    // named like a document: the true type of what comes out gives it away
    const { findings } = await scan('hoa-don.pdf.bz2', compress(TOOLS['bz2']!, p.makePe()));
    expect(of(findings, 'attachment.dangerous-type').map((f) => f.subject)).toEqual(['hoa-don.pdf.bz2 → hoa-don.pdf']);
    expect(of(findings, 'attachment.type-mismatch').map((f) => f.subject)).toEqual(['hoa-don.pdf.bz2 → hoa-don.pdf']);
  });

  it('walks the members of invoice.tar.xz (xz → tar → files), .tbz2 and .tzst alike', async () => {
    const tar = p.makeTar([
      { name: 'invoice/ghi-chu.txt', data: 'xin chào' },
      { name: 'invoice/hoa-don.pdf.exe', data: p.makePe() },
      { name: 'invoice/eicar.com', data: p.EICAR },
    ]);
    for (const [name, tool] of [['invoice.tar.xz', TOOLS['xz']!], ['invoice.tbz2', TOOLS['bz2']!], ['invoice.tzst', TOOLS['zst']!]] as const) {
      const { findings, scanned } = await scan(name, compress(tool, tar));
      const tarName = 'invoice.tar';
      expect(scanned.sort(), name).toEqual([name, 'invoice/eicar.com', 'invoice/ghi-chu.txt', 'invoice/hoa-don.pdf.exe', tarName].sort());
      expect(summary(findings), name).toEqual([
        `attachment.dangerous-type ${name} → ${tarName} → invoice/eicar.com`,
        `attachment.dangerous-type ${name} → ${tarName} → invoice/hoa-don.pdf.exe`,
        `attachment.double-extension ${name} → ${tarName} → invoice/hoa-don.pdf.exe`,
        // (the tar holds EICAR as it is)
        `attachment.virus ${name} → ${tarName}`,
        `attachment.virus ${name} → ${tarName} → invoice/eicar.com`,
      ]);
    }
  });

  it('sends what a .zst (and every format) holds to clamd: EICAR is found on the member', async () => {
    // EICAR mixed into text that compresses: not left verbatim in the stream (zstd would keep it as a literal)
    const text = Buffer.from(Array.from({ length: 400 }, (_, i) => `dòng ${i}: ${p.EICAR.toString('latin1')}\n`).join(''));
    for (const [ext, tool] of Object.entries(TOOLS)) {
      const { findings, scanned } = await scan(`ghi-chu.txt.${ext}`, compress(tool, text));
      expect(summary(findings), ext).toEqual([`attachment.virus ghi-chu.txt.${ext} → ghi-chu.txt`]);
      expect(scanned, ext).toEqual([`ghi-chu.txt.${ext}`, 'ghi-chu.txt']);
    }
  });

  it('opens a compress (.Z) file and an LZMA-alone .lzma (which has no magic number, found by name and header)', async () => {
    const z = await scan('eicar.com.Z', makeZ(p.EICAR));
    expect(summary(z.findings)).toEqual(['attachment.dangerous-type eicar.com.Z → eicar.com', 'attachment.virus eicar.com.Z → eicar.com']);
    const lzma = compress(TOOLS['lzma']!, p.EICAR);
    expect(looksLikeLzmaAlone(lzma)).toBe(true);
    expect(looksLikeLzmaAlone(Buffer.from('not an lzma header at all'))).toBe(false);
    const found = await scan('ghi-chu.txt.lzma', lzma);
    expect(summary(found.findings)).toEqual(['attachment.virus ghi-chu.txt.lzma → ghi-chu.txt']);
    // the same bytes under another name are not taken for LZMA (nothing else says they are)
    expect((await scan('ghi-chu.dat', lzma)).scanned).toEqual(['ghi-chu.dat']);
  });

  it('names the member after the attachment without the format\'s extension, as for a gzip', () => {
    expect(streamMemberName('evil.exe.bz2', 'bz2')).toBe('evil.exe');
    expect(streamMemberName('Invoice.TBZ2', 'bz2')).toBe('Invoice.tar');
    expect(streamMemberName('invoice.txz', 'xz')).toBe('invoice.tar');
    expect(streamMemberName('sao-luu.tzst', 'zst')).toBe('sao-luu.tar');
    expect(streamMemberName('a.taz', 'Z')).toBe('a.tar');
    expect(streamMemberName('thu-muc/bao-cao', 'xz')).toBe('bao-cao');
    expect(streamMemberName('.xz', 'xz')).toBe('.xz');
    expect(streamMemberName('', 'zst')).toBe('zst-content');
  });

  it('stops a 1 GB bomb of zeros (xz, bz2) at the ratio, the byte budget or the per-archive cap, in bounded memory', async () => {
    // 16 streams of 64 MB of zeros one after the other: 1 GB out of 7 KB (bz2) or 160 KB (xz)
    const zeros = Buffer.alloc(64 * MB);
    const bombs = Object.entries({ bz2: ['bzip2', '-c1'], xz: ['xz', '-c1'] }).map(([ext, tool]) => {
      const one = compress(tool, zeros);
      return [ext, Buffer.concat(Array.from({ length: 16 }, () => one))] as const;
    });
    for (const [ext, bomb] of bombs) {
      const name = `bao-cao.txt.${ext}`;
      const before = process.memoryUsage().rss;
      const ratio = await scan(name, bomb);
      expect(ratio.findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.archive-limit', `${name} → bao-cao.txt`, ['ratio']]]);
      const bytes = await scan(name, bomb, { limits: { archiveMaxRatio: 1_000_000, archiveMaxTotalBytes: 16 * MB } });
      expect(bytes.findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.archive-limit', `${name} → bao-cao.txt`, ['total-bytes']]]);
      // within every configured limit, but more than one archive may put out on the main thread
      const big = await scan(name, bomb, { limits: { archiveMaxRatio: 1_000_000 } });
      expect(big.findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.uninspectable', name, [ext, 'not-extracted']]]);
      expect(big.scanned, ext).toEqual([name]);
      expect(process.memoryUsage().rss - before, ext).toBeLessThan(64 * MB);
    }
  }, 60_000);

  it('walks what comes out of a cut stream before the cut, and reports the damage', async () => {
    // the program first, then enough noise that the cut falls after it
    const data = Buffer.concat([p.makePe(), randomBytes(300_000)]);
    for (const ext of ['xz', 'zst', 'lzma']) {
      const whole = compress(TOOLS[ext]!, data);
      const { findings } = await scan(`chuong-trinh.exe.${ext}`, whole.subarray(0, 150_000));
      expect(summary(findings), ext).toEqual([
        `attachment.dangerous-type chuong-trinh.exe.${ext} → chuong-trinh.exe`,
        `attachment.uninspectable chuong-trinh.exe.${ext}`,
      ]);
      expect(of(findings, 'attachment.uninspectable')[0]!.tags, ext).toEqual([ext, 'damaged']);
      expect(of(findings, 'attachment.uninspectable')[0]!.detail, ext).toMatch(/Unexpected end of data/);
    }
    // bzip2 puts out nothing of a cut 900 KB block: the member's name is still checked
    const { findings } = await scan('chuong-trinh.exe.bz2', compress(TOOLS['bz2']!, data).subarray(0, 150_000));
    expect(summary(findings)).toEqual(['attachment.dangerous-type chuong-trinh.exe.bz2 → chuong-trinh.exe', 'attachment.uninspectable chuong-trinh.exe.bz2']);
  });

  it('reports a file that only starts like a stream as damaged, never throwing', async () => {
    const fake = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(200, 0xee)]);
    const { findings } = await scan('hong.xz', fake);
    expect(findings.map((f) => [f.kind, f.subject, f.tags])).toEqual([['attachment.uninspectable', 'hong.xz', ['xz', 'damaged']]]);
    const direct = await decompressStream(fake, 'xz', MB);
    expect(direct).toMatchObject({ overCap: false, failure: expect.stringMatching(/\S/) });
  });

  it('does not open a stream past the depth limit', async () => {
    const { findings } = await scan('evil.exe.xz', compress(TOOLS['xz']!, p.makePe()), { limits: { archiveMaxDepth: 0 } });
    expect(findings.map((f) => [f.kind, f.tags])).toEqual([['attachment.archive-limit', ['depth']]]);
  });
});

describe('a .tar.xz and a zip of the same program get the same verdict under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }) });

  it('for a program, a program behind a double extension, EICAR and a clean PDF', async () => {
    const cases: [string, Record<string, Buffer>][] = [
      ['program', { 'cai-dat.exe': p.makePe() }],
      ['double extension', { 'invoice.pdf.exe': p.makePe() }],
      ['EICAR', { 'eicar.com': p.EICAR }],
      ['clean PDF', { 'to-trinh.pdf': p.makePdf() }],
    ];
    for (const [what, files] of cases) {
      const zip = await verdict(mail('hoa-don.zip', 'application/zip', await p.makeZip(files)));
      const tar = p.makeTar(Object.entries(files).map(([name, data]) => ({ name, data })));
      const xz = await verdict(mail('hoa-don.tar.xz', 'application/x-xz', compress(TOOLS['xz']!, tar)));
      expect([xz.action, xz.warning, xz.rules.sort()], what).toEqual([zip.action, zip.warning, zip.rules.sort()]);
      expect(xz.rules, what).not.toContain('uninspectable-archive');
    }
  });
});
