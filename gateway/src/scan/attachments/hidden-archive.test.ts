import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import type { Finding } from '../types.js';
import { createClamdClient } from './clamd.js';
import { findHiddenArchive, hiddenArchiveRole } from './hidden-archive.js';
import { makeRar4, makeRar5 } from './rar-builder.js';
import { fakeClamd, walkFile } from './test-helpers.js';

/**
 * Archives that type checks miss because something comes first (hidden-archive.ts): a zip, RAR or
 * 7z behind padding, a JPEG or a PDF header (attachment.hidden-archive, members walked under
 * "(behind a stub)"), and self-extracting programs (their payload walked under "(self-extracting)").
 * And the ordinary files that merely carry the signatures' bytes, which must stay clean. Zips and
 * 7z archives come from Debian's zip and 7z, RARs from rar-builder.ts, the PE stub from payloads.
 */

const SIG = 'Fake.EICAR';
const clamdWithEicar = () => fakeClamd({ needles: { [SIG]: p.EICAR } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-hidden-archive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs Debian's `tool args` in a fresh folder holding `files`; returns the bytes of `out`. */
function build(tool: string, args: string[], files: Record<string, Buffer | string>, out: string, post?: (d: string) => void): Buffer {
  const d = mkdtempSync(path.join(dir, 'b-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(d, name), data);
  const r = spawnSync(tool, [...args, out, ...Object.keys(files)], { cwd: d });
  if (r.status !== 0) throw new Error(`${tool}: ${r.stderr?.toString()}`);
  post?.(d);
  return readFileSync(path.join(d, out));
}
const zipOf = (files: Record<string, Buffer | string>) => build('zip', ['-q', '-X'], files, 'a.zip');
const sevenZipOf = (files: Record<string, Buffer | string>) => build('7z', ['a', '-bd', '-bso0', '-mx=1'], files, 'a.7z');
/** `cat stub a.zip > sfx; zip -A sfx`: a zip SFX, offsets counting from the file's start. */
function zipSfx(stub: Buffer, files: Record<string, Buffer | string>): Buffer {
  const d = mkdtempSync(path.join(dir, 'sfx-'));
  writeFileSync(path.join(d, 'sfx.exe'), Buffer.concat([stub, zipOf(files)]));
  const r = spawnSync('zip', ['-q', '-A', 'sfx.exe'], { cwd: d });
  if (r.status !== 0) throw new Error(`zip -A: ${r.stderr?.toString()}`);
  return readFileSync(path.join(d, 'sfx.exe'));
}

/** Bytes that look like nothing (a deterministic pseudo-random run), so file-type finds no type. */
function padding(size: number, seed = 7): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}
/** Bytes no compressor shrinks (SHA-256 of a counter, deterministic). */
function noise(size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i * 32 < size; i++) parts.push(createHash('sha256').update(String(i)).digest());
  return Buffer.concat(parts).subarray(0, size);
}
/** The start of a JPEG (SOI, APP0 JFIF) and some scan data: file-type says jpg. */
const jpeg = (size = 20_000) => Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), padding(size, 3), Buffer.from('ffd9', 'hex')]);
/** A PE program of some size: the SFX module before the payload. */
const pe = (size = 64 * 1024) => Buffer.concat([p.makePe(), padding(size, 11)]);

const lines = (found: readonly Finding[]) => found.map((f) => `${f.kind} ${f.subject}`).sort();
const hidden = (found: readonly Finding[]) => found.filter((f) => f.kind === 'attachment.hidden-archive');

describe('finding an archive behind a stub', () => {
  const members = { 'hoa-don.exe': p.makePe(), 'ghi-chu.txt': 'Kinh gui' };

  it('finds a zip by its end record behind padding, a JPEG or a PDF header, offsets adjusted or not', () => {
    const zip = zipOf(members);
    for (const stub of [padding(300 * 1024), jpeg(), p.makePdf()]) {
      expect(findHiddenArchive(Buffer.concat([stub, zip]))).toEqual({ format: 'zip', start: stub.length });
    }
    expect(findHiddenArchive(zipSfx(pe(), members))).toEqual({ format: 'zip', start: pe().length });
    // zip64 records (Debian's zip -fz)
    expect(findHiddenArchive(Buffer.concat([padding(1000), build('zip', ['-q', '-X', '-fz'], members, 'a.zip')]))).toEqual({ format: 'zip', start: 1000 });
  });

  it('finds RAR 4, RAR 5 and 7z by a signature whose header is intact, the first in the file', () => {
    const entries = [{ name: 'hoa-don.exe', data: p.makePe() }];
    const stub = padding(400 * 1024);
    expect(findHiddenArchive(Buffer.concat([stub, makeRar5(entries)]))).toEqual({ format: 'rar', start: stub.length });
    expect(findHiddenArchive(Buffer.concat([stub, makeRar4(entries)]))).toEqual({ format: 'rar', start: stub.length });
    expect(findHiddenArchive(Buffer.concat([stub, sevenZipOf(members)]))).toEqual({ format: '7z', start: stub.length });
    // a signature with a broken header before the real one is passed over
    const fake = Buffer.concat([Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'), padding(64, 5)]);
    expect(findHiddenArchive(Buffer.concat([stub, fake, makeRar5(entries)]))).toEqual({ format: 'rar', start: stub.length + fake.length });
  });

  it('sees no archive in files that only carry the signatures\' bytes, or an archive inside them', () => {
    const signatures = Buffer.concat(['PK\x05\x06', 'PK\x03\x04', 'Rar!\x1a\x07\x00', 'Rar!\x1a\x07\x01\x00', '7z\xbc\xaf\x27\x1c'].map((s) => Buffer.concat([Buffer.from(s, 'latin1'), padding(40, s.length)])));
    const zip = zipOf(members);
    const cases: [string, Buffer][] = [
      ['a JPEG with the signatures in its data', Buffer.concat([jpeg(), signatures, jpeg(1000)])],
      ['a PDF with the signatures in a stream', Buffer.concat([p.makePdf().subarray(0, 200), signatures, p.makePdf().subarray(200)])],
      // a stored zip inside a PDF (as an embedded file without a filter): the PDF goes on after it
      ['a PDF with a whole zip in the middle', Buffer.concat([p.makePdf().subarray(0, 200), zip, p.makePdf().subarray(200)])],
      ['signatures cut off at the end', Buffer.concat([padding(1000), Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1')])],
      ['an end record alone at the end', Buffer.concat([padding(1000), zip.subarray(zip.length - 22)])],
      ['a plain zip (at byte 0: the type check sees it)', zip],
      // `zip -s 64k`: the .zip of a split archive ends with the central directory of entries in the other parts;
      // one that fits in one part starts with the split marker
      ['the last part of a split zip', build('zip', ['-q', '-s', '64k'], { 'big.bin': noise(200_000) }, 'a.zip')],
      ['a split zip in one part', build('zip', ['-q', '-s', '64k'], { 'small.txt': 'Bao cao' }, 'a.zip')],
    ];
    for (const [what, file] of cases) expect(findHiddenArchive(file), what).toBeUndefined();
  });

  it('looks only at programs, files named as archives and files of no known kind', () => {
    const jpg = { ext: 'jpg', mime: 'image/jpeg' };
    expect(hiddenArchiveRole('exe', { ext: 'exe', mime: 'application/x-msdownload' }, false)).toBe('self-extracting');
    expect(hiddenArchiveRole('zip', jpg, false)).toBe('behind-stub');
    expect(hiddenArchiveRole('rar', undefined, false)).toBe('behind-stub');
    expect(hiddenArchiveRole('dat', undefined, false)).toBe('behind-stub');
    expect(hiddenArchiveRole('', undefined, false)).toBe('behind-stub');
    // a picture, a document or text opens in its viewer, not in an archive program
    expect(hiddenArchiveRole('jpg', jpg, false)).toBeUndefined();
    expect(hiddenArchiveRole('pdf', { ext: 'pdf', mime: 'application/pdf' }, false)).toBeUndefined();
    expect(hiddenArchiveRole('txt', undefined, false)).toBeUndefined();
    // already opened as an archive
    expect(hiddenArchiveRole('zip', { ext: 'zip', mime: 'application/zip' }, true)).toBeUndefined();
  });
});

describe('walking an archive behind a stub', () => {
  it('walks a zip behind 300 KB of padding and reports it: the program and EICAR inside are found', async () => {
    const file = Buffer.concat([padding(300 * 1024), zipOf({ 'hoa-don.exe': p.makePe(), 'eicar.txt': p.EICAR })]);
    const found = await walkFile('hoa-don.zip', file, { clamd: clamdWithEicar() });
    // (the whole file is scanned too: zip stores so small a file, and the fake clamd sees it there)
    expect(lines(found)).toEqual([
      'attachment.dangerous-type hoa-don.zip → (behind a stub) → hoa-don.exe',
      'attachment.hidden-archive hoa-don.zip',
      'attachment.virus hoa-don.zip',
      'attachment.virus hoa-don.zip → (behind a stub) → eicar.txt',
    ]);
    expect(hidden(found)[0]!.tags).toEqual(['zip', 'behind-stub', 'unknown']);
  });

  it('walks a RAR behind a JPEG and a 7z behind a PDF header (7-Zip), and a zip in a file of no known kind', async () => {
    const rar = await walkFile('hoa-don.rar', Buffer.concat([jpeg(), makeRar5([{ name: 'hoa-don.pdf.exe', data: p.makePe() }])]));
    expect(lines(rar)).toContain('attachment.dangerous-type hoa-don.rar → (behind a stub) → hoa-don.pdf.exe');
    expect(hidden(rar).map((f) => f.tags)).toEqual([['rar', 'behind-stub', 'jpg']]);

    const sevenZip = await walkFile('ho-so.7z', Buffer.concat([p.makePdf(), sevenZipOf({ 'chay.js': 'WScript.Echo(1)' })]));
    expect(lines(sevenZip)).toContain('attachment.dangerous-type ho-so.7z → (behind a stub) → chay.js');
    expect(hidden(sevenZip).map((f) => f.tags)).toEqual([['7z', 'behind-stub', 'pdf']]);

    const dat = await walkFile('tai-lieu.dat', Buffer.concat([padding(2000), zipOf({ 'x.vbs': 'MsgBox 1' })]));
    expect(lines(dat)).toEqual(['attachment.dangerous-type tai-lieu.dat → (behind a stub) → x.vbs', 'attachment.hidden-archive tai-lieu.dat']);
  });

  it('keeps to the archive limits inside a hidden archive', async () => {
    const file = Buffer.concat([padding(5000), zipOf({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' })]);
    const found = await walkFile('ho-so.zip', file, { limits: { archiveMaxEntries: 2 } });
    expect(found.filter((f) => f.kind === 'attachment.archive-limit').map((f) => f.tags)).toEqual([['entries']]);
  });

  it('leaves ordinary files alone: pictures, PDFs, Word documents and plain zips with the signatures in them', async () => {
    const signatures = Buffer.from('PK\x05\x06....Rar!\x1a\x07\x00....7z\xbc\xaf\x27\x1c', 'latin1');
    const zip = zipOf({ 'bao-cao.txt': 'Bao cao thang 3' });
    const cases: [string, Buffer][] = [
      ['anh.jpg', Buffer.concat([jpeg(), signatures])],
      // a JPEG with a zip after it, named as a picture: Windows opens it in a picture viewer
      ['anh-chup.jpg', Buffer.concat([jpeg(), zip])],
      ['to-trinh.pdf', Buffer.concat([p.makePdf().subarray(0, 200), signatures, zip, p.makePdf().subarray(200)])],
      ['bao-cao.docx', await p.makeWordDocument()],
      ['ho-so.zip', zipOf({ 'trong.zip': zip, 'anh.jpg': Buffer.concat([jpeg(), signatures]) })],
      ['du-lieu.bin', Buffer.concat([padding(4000), signatures, padding(4000)])],
    ];
    for (const [name, file] of cases) {
      const found = await walkFile(name, file);
      expect(hidden(found), name).toEqual([]);
      expect(found.filter((f) => f.subject?.includes('(behind a stub)')), name).toEqual([]);
    }
  });
});

describe('self-extracting programs', () => {
  it('walks the payload of a zip, RAR and 7z SFX under "(self-extracting)", with no hidden-archive finding', async () => {
    const zip = await walkFile('setup.exe', zipSfx(pe(), { 'x.js': 'WScript.Echo(1)' }));
    expect(lines(zip)).toEqual(['attachment.dangerous-type setup.exe', 'attachment.dangerous-type setup.exe → (self-extracting) → x.js']);

    const rar = await walkFile('setup.exe', Buffer.concat([pe(), makeRar4([{ name: 'x.js', data: 'WScript.Echo(1)' }])]));
    expect(lines(rar)).toEqual(['attachment.dangerous-type setup.exe', 'attachment.dangerous-type setup.exe → (self-extracting) → x.js']);

    // (compressed by 7-Zip: only the member shows EICAR to the fake clamd)
    const sevenZip = await walkFile('cai-dat.exe', Buffer.concat([pe(), sevenZipOf({ 'eicar.txt': Buffer.concat([p.EICAR, Buffer.alloc(4096, 'x')]) })]), { clamd: clamdWithEicar() });
    expect(lines(sevenZip)).toEqual(['attachment.dangerous-type cai-dat.exe', 'attachment.virus cai-dat.exe → (self-extracting) → eicar.txt']);
  });

  it('adds nothing to a program that carries no archive', async () => {
    expect(lines(await walkFile('setup.exe', pe()))).toEqual(['attachment.dangerous-type setup.exe']);
  });
});

describe('the shipped policy on a message with a hidden archive (parser, scanners, policy)', () => {
  const verdict = shippedPolicyVerdicts({ clamd: clamdWithEicar() });

  it('holds a zip behind a JPEG stub, rejects one holding EICAR, and delivers the same zip unhidden', async () => {
    const exe = Buffer.concat([jpeg(), zipOf({ 'hoa-don.exe': p.makePe() })]);
    const held = await verdict(attachmentMail('hoa-don.zip', 'application/zip', exe));
    expect(held.action).toBe('quarantine');
    expect(held.rules).toContain('hidden-archive');
    expect(held.rules).toContain('dangerous-attachment');

    const eicar = await verdict(attachmentMail('hoa-don.zip', 'application/zip', Buffer.concat([padding(200 * 1024), zipOf({ 'eicar.com': p.EICAR })])));
    expect(eicar.action).toBe('reject');
    expect(eicar.kinds).toContain('attachment.hidden-archive');

    const plain = await verdict(attachmentMail('ho-so.zip', 'application/zip', zipOf({ 'bao-cao.txt': 'Bao cao thang 3' })));
    expect([plain.action, plain.warning]).toEqual(['deliver', false]);
    expect(plain.kinds).not.toContain('attachment.hidden-archive');
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR in a hidden archive and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('finds it on the member of a zip behind a stub and of a RAR SFX', async () => {
    const zip = await walkFile('hoa-don.zip', Buffer.concat([padding(300 * 1024), zipOf({ 'eicar.com': p.EICAR })]), { clamd });
    expect(zip.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain('hoa-don.zip → (behind a stub) → eicar.com');
    const sfx = await walkFile('setup.exe', Buffer.concat([pe(), makeRar5([{ name: 'eicar.com', data: p.EICAR }])]), { clamd });
    expect(sfx.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain('setup.exe → (self-extracting) → eicar.com');
  });
});
