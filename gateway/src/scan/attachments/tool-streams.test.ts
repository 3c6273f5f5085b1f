import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import type { ScanLimits } from '../../config/types.js';
import { attachmentMail as mail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { decompressStream } from './archive-listing.js';
import { createClamdClient, type ClamdClient } from './clamd.js';
import { attachmentsScanner } from './index.js';
import { streamMemberName } from './single-stream.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';
import { checkTools, decompressWithTool, toolMessage } from './tool-streams.js';

/**
 * lzip (.lz) and LZ4 (.lz4) attachments: one compressed stream, decompressed by Debian's lzip and
 * lz4 (tool-streams.ts) and walked like a gzip's member, within the same ratio, byte and
 * per-archive caps as the 7-Zip streams (single-stream.test.ts). The streams are made by the same
 * tools (installed when missing). ACE, which nothing free decodes, stays uninspectable.
 */
const SIG = 'Fake.EICAR';
const MB = 1024 * 1024;

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'lzip', file: '/usr/bin/lzip' },
    { pkg: 'lz4', file: '/usr/bin/lz4' },
  ]);
});

/** `data` compressed by a Debian tool reading stdin. */
function compress(command: string[], data: Buffer | string): Buffer {
  const r = spawnSync(command[0]!, command.slice(1), { input: data, maxBuffer: 64 * MB, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${command.join(' ')}: ${r.stderr?.toString()}`);
  return r.stdout;
}
const TOOLS: Record<string, string[]> = { lz: ['lzip', '-c'], lz4: ['lz4', '-c', '-q'] };

async function scan(name: string, data: Buffer, opts: { limits?: Partial<ScanLimits>; clamd?: ClamdClient } = {}) {
  const clamd = fakeClamd({ needles: { [SIG]: p.EICAR } });
  const att = makeAttachment(name, data, { id: 'a1' });
  const ctx = makeContext(makePolicy(), { clamd: opts.clamd ?? clamd, limits: opts.limits ?? {} });
  return { findings: await attachmentsScanner.scan(makeMessage({ attachments: [att] }), ctx), scanned: clamd.scanned };
}
const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);

/**
 * A minimal ACE archive head (no free tool writes ACE): the main header with its "**ACE**"
 * signature, then a file header naming `name`. Enough for the true type; nothing decodes it.
 */
function makeAce(name: string): Buffer {
  const main = Buffer.concat([Buffer.from([0x00, 0x00, 0x00]), Buffer.from('**ACE**', 'latin1'), Buffer.from([20, 20, 2, 0]), Buffer.alloc(4), Buffer.alloc(8), Buffer.from([0])]);
  const mainHead = Buffer.concat([Buffer.from([0, 0]), u16(main.length), main]);
  const file = Buffer.concat([Buffer.from([0x01, 0x01, 0x80]), Buffer.alloc(4 + 4 + 4 + 4), Buffer.alloc(4 + 2 + 2 + 2 + 2), u16(name.length), Buffer.from(name, 'latin1')]);
  const fileHead = Buffer.concat([Buffer.from([0, 0]), u16(file.length), file]);
  return Buffer.concat([mainHead, fileHead, randomBytes(256)]);
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

describe('lzip and LZ4 streams walked like a gzip (Debian lzip, lz4)', () => {
  it('finds the program in a renamed .exe behind .lz and .lz4, by name and by true type', async () => {
    for (const [ext, tool] of Object.entries(TOOLS)) {
      const named = await scan(`evil.exe.${ext}`, compress(tool, p.makePe()));
      expect(summary(named.findings), ext).toEqual([`attachment.dangerous-type evil.exe.${ext} → evil.exe`]);
      expect(named.scanned, ext).toEqual([`evil.exe.${ext}`, 'evil.exe']);
      // named like a document: the true type of what comes out gives it away
      const { findings } = await scan(`hoa-don.pdf.${ext}`, compress(tool, p.makePe()));
      expect(of(findings, 'attachment.dangerous-type').map((f) => f.subject), ext).toEqual([`hoa-don.pdf.${ext} → hoa-don.pdf`]);
      expect(of(findings, 'attachment.type-mismatch').map((f) => f.subject), ext).toEqual([`hoa-don.pdf.${ext} → hoa-don.pdf`]);
    }
  });

  it('walks the tar inside a .tar.lz, .tar.lz4 and .tlz (→ tar → files), as a .tar.gz', async () => {
    const tar = p.makeTar([
      { name: 'invoice/ghi-chu.txt', data: 'xin chào' },
      { name: 'invoice/hoa-don.pdf.exe', data: p.makePe() },
    ]);
    for (const [name, tool] of [['invoice.tar.lz', TOOLS['lz']!], ['invoice.tar.lz4', TOOLS['lz4']!], ['invoice.tlz', TOOLS['lz']!]] as const) {
      const { findings, scanned } = await scan(name, compress(tool, tar));
      expect(scanned.sort(), name).toEqual([name, 'invoice.tar', 'invoice/ghi-chu.txt', 'invoice/hoa-don.pdf.exe'].sort());
      expect(summary(findings), name).toEqual([
        `attachment.dangerous-type ${name} → invoice.tar → invoice/hoa-don.pdf.exe`,
        `attachment.double-extension ${name} → invoice.tar → invoice/hoa-don.pdf.exe`,
      ]);
    }
    expect(streamMemberName('sao-luu.tlz4', 'lz4')).toBe('sao-luu.tar');
    expect(streamMemberName('bao-cao.doc.lz', 'lz')).toBe('bao-cao.doc');
  });

  it('reports a cut .lz (and .lz4) as damaged, with what came out before the cut walked', async () => {
    // the program first, then enough noise that the cut falls after it
    const data = Buffer.concat([p.makePe(), randomBytes(300_000)]);
    for (const [ext, tool] of Object.entries(TOOLS)) {
      const whole = compress(tool, data);
      const { findings } = await scan(`chuong-trinh.exe.${ext}`, whole.subarray(0, 150_000));
      expect(summary(findings), ext).toEqual([
        `attachment.dangerous-type chuong-trinh.exe.${ext} → chuong-trinh.exe`,
        `attachment.uninspectable chuong-trinh.exe.${ext}`,
      ]);
      const damaged = of(findings, 'attachment.uninspectable')[0]!;
      expect(damaged.tags, ext).toEqual([ext, 'damaged']);
      expect(damaged.detail, ext).toMatch(ext === 'lz' ? /File ends unexpectedly/ : /Unfinished stream/);
      // the bytes that came out are the start of the real content
      const direct = await decompressStream(whole.subarray(0, 150_000), ext, MB);
      expect(direct.data!.length, ext).toBeGreaterThan(100_000);
      expect(data.subarray(0, direct.data!.length).equals(direct.data!), ext).toBe(true);
    }
    // a file that only starts like one: damaged, nothing out, never throwing
    const fake = await scan('hong.lz', Buffer.concat([Buffer.from('LZIP\x01', 'latin1'), Buffer.alloc(200, 0xee)]));
    expect(fake.findings.map((f) => [f.kind, f.subject, f.tags])).toEqual([['attachment.uninspectable', 'hong.lz', ['lz', 'damaged']]]);
  });

  it('stops a bomb of zeros at the ratio, the byte budget or the per-archive cap, killing the tool', async () => {
    // lzip: 16 streams of 64 MB of zeros one after the other, 1 GB out of ~150 KB; LZ4 (at most
    // ~255:1): one stream, 64 MB out of ~260 KB
    const zeros = Buffer.alloc(64 * MB);
    for (const [ext, tool, copies] of [['lz', ['lzip', '-c', '-0'], 16], ['lz4', TOOLS['lz4']!, 1]] as const) {
      const one = compress([...tool], zeros);
      const bomb = Buffer.concat(Array.from({ length: copies }, () => one));
      const name = `bao-cao.txt.${ext}`;
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const ratio = await scan(name, bomb);
      expect(ratio.findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.archive-limit', `${name} → bao-cao.txt`, ['ratio']]]);
      const bytes = await scan(name, bomb, { limits: { archiveMaxRatio: 1_000_000_000, archiveMaxTotalBytes: 16 * MB } });
      expect(bytes.findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.archive-limit', `${name} → bao-cao.txt`, ['total-bytes']]]);
      // within every configured limit, but more than one archive may put out
      const big = await scan(name, bomb, { limits: { archiveMaxRatio: 1_000_000_000 } });
      expect(big.findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.uninspectable', name, [ext, 'not-extracted']]]);
      expect(big.scanned, ext).toEqual([name]);
      expect(process.memoryUsage().rss - before, ext).toBeLessThan(96 * MB);
      // killed at the cap: far from the time 1 GB would take
      expect(Date.now() - started, ext).toBeLessThan(10_000);
    }
  }, 60_000);

  it('holds the file uninspectable, unwalked, when the tool is missing, hangs or crashes', async () => {
    const lz = compress(TOOLS['lz']!, p.makePe());
    const missing = await decompressWithTool(lz, 'lz', MB, { binary: '/nonexistent/lzip' });
    expect(missing).toMatchObject({ overCap: false, notInspected: 'no-decompressor', failure: expect.stringMatching(/apt-get install lzip/) });
    expect(missing.data).toBeUndefined();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-tools-'));
    try {
      const hang = path.join(dir, 'hang');
      writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n');
      chmodSync(hang, 0o755);
      const started = Date.now();
      expect(await decompressWithTool(lz, 'lz', MB, { binary: hang, timeoutMs: 300 })).toMatchObject({ notInspected: 'timeout' });
      expect(Date.now() - started).toBeLessThan(5000);
      const crash = path.join(dir, 'crash');
      writeFileSync(crash, '#!/bin/sh\nkill -SEGV $$\n');
      chmodSync(crash, 0o755);
      expect(await decompressWithTool(lz, 'lz', MB, { binary: crash })).toMatchObject({ notInspected: 'worker-failed' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(toolMessage('lzip: (stdin): File ends unexpectedly at pos 150000\n', 'lzip')).toBe('File ends unexpectedly at pos 150000');
    expect(toolMessage('Error 68 : Unfinished stream \n', 'lz4')).toBe('Unfinished stream');
  });

  it('does not open a stream past the depth limit', async () => {
    const { findings } = await scan('evil.exe.lz4', compress(TOOLS['lz4']!, p.makePe()), { limits: { archiveMaxDepth: 0 } });
    expect(findings.map((f) => [f.kind, f.tags])).toEqual([['attachment.archive-limit', ['depth']]]);
  });
});

describe('what is not decompressed, under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }) });

  it('holds a .lz and a .lz4 when lzip or lz4 is not installed (no tool on PATH), never delivered unscanned', async () => {
    const path0 = process.env['PATH'];
    const empty = mkdtempSync(path.join(os.tmpdir(), 'lachan-no-tools-'));
    try {
      for (const [ext, tool] of Object.entries(TOOLS)) {
        const data = compress(tool, p.makePdf());
        process.env['PATH'] = empty;
        const { findings } = await scan(`to-trinh.pdf.${ext}`, data);
        const v = await verdict(mail(`to-trinh.pdf.${ext}`, 'application/octet-stream', data));
        process.env['PATH'] = path0;
        expect(findings.map((f) => [f.kind, f.subject, f.tags]), ext).toEqual([['attachment.uninspectable', `to-trinh.pdf.${ext}`, [ext, 'no-decompressor']]]);
        expect(findings[0]!.detail, ext).toMatch(new RegExp(`apt-get install ${ext === 'lz' ? 'lzip' : 'lz4'}`));
        expect([v.action, v.rules], ext).toEqual(['quarantine', expect.arrayContaining(['archive-scan-failed'])]);
      }
    } finally {
      process.env['PATH'] = path0;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports an ACE archive uninspectable, and the shipped policy treats it as any archive it cannot open (warns)', async () => {
    const ace = makeAce('hoa-don.exe');
    const { findings, scanned } = await scan('hoa-don.ace', ace);
    expect(findings.map((f) => [f.kind, f.subject, f.tags])).toEqual([['attachment.uninspectable', 'hoa-don.ace', ['ace']]]);
    expect(scanned).toEqual(['hoa-don.ace']);
    const v = await verdict(mail('hoa-don.ace', 'application/octet-stream', ace));
    expect(v.rules).toContain('uninspectable-archive');
    // the same verdict as a 7z that cannot be opened (only its signature, then noise)
    const broken7z = Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), randomBytes(300)]);
    const other = await verdict(mail('hoa-don.7z', 'application/octet-stream', broken7z));
    expect(other.kinds).toContain('attachment.uninspectable');
    expect([v.action, v.warning, v.rules]).toEqual([other.action, other.warning, other.rules]);
    expect(v.warning).toBe(true);
  });
});

describe('a .tar.lz4 and a zip of the same program get the same verdict under the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd({ needles: { [SIG]: p.EICAR } }) });

  it('for a program, a program behind a double extension and a clean PDF', async () => {
    const cases: [string, Record<string, Buffer>][] = [
      ['program', { 'cai-dat.exe': p.makePe() }],
      ['double extension', { 'invoice.pdf.exe': p.makePe() }],
      ['clean PDF', { 'to-trinh.pdf': p.makePdf() }],
    ];
    for (const [what, files] of cases) {
      const zip = await verdict(mail('hoa-don.zip', 'application/zip', await p.makeZip(files)));
      const tar = p.makeTar(Object.entries(files).map(([name, data]) => ({ name, data })));
      for (const [ext, tool] of Object.entries(TOOLS)) {
        const got = await verdict(mail(`hoa-don.tar.${ext}`, 'application/octet-stream', compress(tool, tar)));
        expect([got.action, got.warning, got.rules.sort()], `${what} ${ext}`).toEqual([zip.action, zip.warning, zip.rules.sort()]);
      }
    }
  });
});

/**
 * Against the real clamd of the global setup (test/global-setup.ts, our signature database):
 * EICAR in a tar in an LZ4 stream is found on the member the walk decompressed. Skipped with
 * LACHAN_TEST_SKIP_CLAMD=1.
 */
const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('a .tar.lz4 holding EICAR, with the real clamd', () => {
  const client = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => client.close());

  it('finds EICAR on the file inside the tar inside the stream', async () => {
    // EICAR's two halves said earlier in the tar: LZ4 refers back to them, so EICAR is not in the stream as it is
    const eicar = p.EICAR.toString('latin1');
    const tar = p.makeTar([
      { name: 'ghi-chu.txt', data: `${eicar.slice(0, 34)}\n${eicar.slice(34)}\n`.repeat(4) },
      { name: 'tai-lieu/eicar.txt', data: p.EICAR },
    ]);
    const lz4 = compress(TOOLS['lz4']!, tar);
    expect(lz4.includes(p.EICAR)).toBe(false);
    // clamd cannot open the LZ4 stream itself
    expect(await client.scan(lz4)).toEqual({ infected: false });
    const { findings } = await scan('ho-so.tar.lz4', lz4, { clamd: client });
    const viruses = of(findings, 'attachment.virus');
    expect(viruses.map((f) => f.subject)).toContain('ho-so.tar.lz4 → ho-so.tar → tai-lieu/eicar.txt');
    expect(viruses.map((f) => f.subject)).not.toContain('ho-so.tar.lz4');
    expect(viruses[0]!.detail).toMatch(/Lachan\.Test\.EICAR/);
  });
});

describe('checkTools: what lachan start says of the decompressors', () => {
  it('gives the version of each tool that runs', async () => {
    const check = await checkTools();
    expect(check).toMatchObject({ ok: true, missing: [] });
    expect(check.versions).toMatch(/^lzip \d+\.\d+.*, lz4 \d+\.\d+/);
  });

  it('names a tool that cannot be run, with its Debian package', async () => {
    const check = await checkTools(new Map([['lz4', '/nonexistent/lz4']]));
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual([{ binary: '/nonexistent/lz4', pkg: 'lz4' }]);
    expect(check.versions).toMatch(/^lzip \d/);
  });

  it('is one optional line at start: off with the packages to install when a tool is missing', async () => {
    const { decompressorStatus } = await import('../../app.js');
    const { pino } = await import('pino');
    const log = pino({ level: 'silent' });
    expect(await decompressorStatus(log, () => checkTools())).toMatchObject({ name: 'decompressors', ok: true, optional: true });
    const off = await decompressorStatus(log, () => checkTools(new Map([['lz', '/nonexistent/lzip']])));
    expect(off).toMatchObject({ name: 'decompressors', ok: false, optional: true, address: '/nonexistent/lzip' });
    expect(off.hint).toMatch(/held, not inspected \(Debian: apt-get install lzip\)/);
  });
});
