import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import yazl from 'yazl';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { Finding } from '../types.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { createClamdClient } from './clamd.js';
import { makeRar5 } from './rar-builder.js';
import { fakeClamd, makeAttachment, walkFile, zipAttachment } from './test-helpers.js';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { createLimiter } from '../../limiter.js';
import { makePolicy } from '../test-helpers.js';
import type { ClamdClient } from './clamd.js';
import { hashIndex } from './hashes.js';
import { attachmentItem } from './index.js';
import { AttachmentWalk } from './walk.js';
import { winrarSpoof, zipLayout } from './zip-layout.js';

/**
 * Zips that archive readers read differently (zip-layout.ts): glued archives, orphan local headers,
 * names that differ between the central directory and the local header, the WinRAR CVE-2023-38831
 * layout — reported as attachment.ambiguous-archive and their hidden parts walked — and the
 * legitimate zips that look a little like them (Office files, comments, stubs, zip64, stored zips
 * inside zips) that must stay clean. Fixtures are built here, with Node (yazl) and Debian's zip.
 */

const PDF = p.makePdf('Hóa đơn tháng 3');
const SIG = 'Fake.EICAR';
const clamdWithEicar = () => fakeClamd({ needles: { [SIG]: p.EICAR } });

function node(files: Record<string, Buffer | string>, opts: { dirs?: string[]; store?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const d of opts.dirs ?? []) zip.addEmptyDirectory(d, { mtime: new Date(1704164645000) });
    for (const [name, data] of Object.entries(files)) {
      zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { mtime: new Date(1704164645000), compress: !opts.store });
    }
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

/** Debian's zip (Info-ZIP) run on `files` in a temp dir with `args`; `post` may run more commands there. */
function infoZip(files: Record<string, Buffer | string>, args: string[] = [], opts: { dirs?: string[]; stdout?: boolean; post?: (dir: string) => void } = {}): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'lachan-zip-layout-'));
  try {
    for (const d of opts.dirs ?? []) mkdirSync(path.join(dir, d), { recursive: true });
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), data);
    }
    const names = [...(opts.dirs ?? []), ...Object.keys(files)];
    const out = opts.stdout ? '-' : 'out.zip';
    const r = spawnSync('zip', ['-q', '-X', ...args, out, ...names], { cwd: dir });
    if (r.status !== 0) throw new Error(`zip: ${r.stderr?.toString()}`);
    if (opts.stdout) return r.stdout;
    opts.post?.(dir);
    return readFileSync(path.join(dir, 'out.zip'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `zip -A`: offsets made to count from the file's start (what an SFX builder, or a careful attacker, does). */
function adjusted(file: Buffer): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'lachan-zip-layout-'));
  try {
    writeFileSync(path.join(dir, 'f.zip'), file);
    const r = spawnSync('zip', ['-q', '-A', 'f.zip'], { cwd: dir });
    if (r.status !== 0) throw new Error(`zip -A: ${r.stderr?.toString()}`);
    return readFileSync(path.join(dir, 'f.zip'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where a zip's central directory starts (from its EOCD). */
function cdStart(zip: Buffer): number {
  return zip.readUInt32LE(zip.length - 22 + 16);
}

/**
 * A file walked as a zip attachment (true type zip, as the parser finds for a zip at byte 0; a zip
 * behind a stub is walked as one here to see that the walk reads it well).
 */
async function walkZip(name: string, file: Buffer, clamd: ClamdClient = fakeClamd()): Promise<Finding[]> {
  const w = new AttachmentWalk({ limits: DEFAULT_LIMITS, hashes: hashIndex(makePolicy()), clamd, clamdLimit: createLimiter(2) });
  const att = name.endsWith('.zip') ? zipAttachment(name, file) : makeAttachment(name, file);
  await w.inspect(attachmentItem(att));
  await w.finish();
  return w.findings;
}

const lines = (findings: readonly Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();
const ambiguous = (findings: readonly Finding[]) => findings.filter((f) => f.kind === 'attachment.ambiguous-archive');

describe('zip layout: glued archives', () => {
  it('walks the first archive of "decoy PDF zip + exe zip" as well, and reports it (plain cat and zip -A)', async () => {
    const decoy = await node({ 'hoa-don.pdf': PDF });
    const payload = await node({ 'hoa-don.exe': p.makePe() });
    const glued = Buffer.concat([decoy, payload]);
    for (const file of [glued, adjusted(glued)]) {
      const found = await walkFile('hoa-don.zip', file);
      expect(lines(found)).toEqual([
        'attachment.ambiguous-archive hoa-don.zip',
        'attachment.dangerous-type hoa-don.zip → hoa-don.exe',
      ]);
      expect(ambiguous(found)[0]!.tags).toEqual(['zip', 'concatenated']);
    }
    // the reverse: the program first, the decoy last (what yauzl and unzip read)
    const reverse = await walkFile('hoa-don.zip', Buffer.concat([payload, decoy]));
    expect(lines(reverse)).toEqual([
      'attachment.ambiguous-archive hoa-don.zip',
      'attachment.dangerous-type hoa-don.zip → (first archive) → hoa-don.exe',
    ]);
  });

  it('finds EICAR in the first archive (fake clamd), and glues three archives', async () => {
    const three = Buffer.concat([await node({ 'eicar.com': p.EICAR }), await node({ 'a.txt': 'a' }), await node({ 'b.txt': 'b' })]);
    const found = await walkFile('ho-so.zip', three, { clamd: clamdWithEicar() });
    expect(lines(found.filter((f) => f.kind !== 'attachment.virus' || f.subject !== 'ho-so.zip'))).toEqual([
      'attachment.ambiguous-archive ho-so.zip',
      'attachment.dangerous-type ho-so.zip → (first archive) → eicar.com',
      'attachment.virus ho-so.zip → (first archive) → eicar.com',
    ]);
    expect(ambiguous(found)[0]!.detail).toMatch(/^3 zip archives in one file/);
  });

  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });
  it('is held by the shipped policy', async () => {
    const glued = Buffer.concat([await node({ 'hoa-don.pdf': PDF }), await node({ 'ghi-chu.txt': 'Kính gửi' })]);
    const v = await verdict(attachmentMail('hoa-don.zip', 'application/zip', glued));
    expect(v.rules).toContain('ambiguous-archive');
    expect(v.action).toBe('quarantine');
  });
});

describe('zip layout: entries hidden from the central directory', () => {
  it('walks an orphan local header before the archive (deflated and stored)', async () => {
    for (const store of [false, true]) {
      const hidden = await node({ 'hoa-don.exe': p.makePe() }, { store });
      const orphan = hidden.subarray(0, cdStart(hidden)); // its local header and data, no central directory
      const found = await walkFile('hoa-don.zip', Buffer.concat([orphan, await node({ 'hoa-don.pdf': PDF })]));
      expect(lines(found), `store ${store}`).toEqual([
        'attachment.ambiguous-archive hoa-don.zip',
        'attachment.dangerous-type hoa-don.zip → (hidden entry) → hoa-don.exe',
      ]);
      expect(ambiguous(found)[0]!.tags).toEqual(['zip', 'hidden-entries']);
    }
  });

  it('walks an orphan local header between the entries and the central directory (EICAR found)', async () => {
    const decoy = await node({ 'hoa-don.pdf': PDF });
    const hidden = await node({ 'x/eicar.com': p.EICAR });
    const orphan = hidden.subarray(0, cdStart(hidden));
    const at = cdStart(decoy);
    const file = Buffer.concat([decoy.subarray(0, at), orphan, decoy.subarray(at)]);
    file.writeUInt32LE(at + orphan.length, file.length - 22 + 16); // the EOCD points past the orphan
    const found = await walkFile('hoa-don.zip', file, { clamd: clamdWithEicar() });
    expect(lines(found)).toContain('attachment.virus hoa-don.zip → (hidden entry) → x/eicar.com');
    expect(ambiguous(found)[0]!.tags).toEqual(['zip', 'hidden-entries']);
  });

  it('checks the local header name of an entry the central directory names otherwise', async () => {
    const zip = await node({ 'hoa-don.pdx': p.makePe() });
    const local = zip.indexOf('hoa-don.pdx');
    zip.write('hoa-don.exe', local, 'latin1'); // the local header's name only
    expect(zipLayout(zip).mismatches).toEqual([{ central: 'hoa-don.pdx', local: 'hoa-don.exe' }]);
    const found = await walkFile('hoa-don.zip', zip);
    expect(lines(found)).toEqual([
      'attachment.ambiguous-archive hoa-don.zip',
      'attachment.dangerous-type hoa-don.zip → (local header) → hoa-don.exe',
      'attachment.dangerous-type hoa-don.zip → hoa-don.pdx',
      'attachment.type-mismatch hoa-don.zip → hoa-don.pdx',
    ]);
    expect(ambiguous(found)[0]!.tags).toEqual(['zip', 'name-mismatch']);
  });
});

describe('zip layout: WinRAR CVE-2023-38831', () => {
  const layout = {
    'hoa-don.pdf ': PDF,
    'hoa-don.pdf /hoa-don.pdf .cmd': '@echo off\r\nstart hoa-don.pdf\r\n',
  };

  it('reports a file and a folder of one name but for spaces in a zip', async () => {
    const found = await walkFile('hoa-don.zip', await node(layout, { dirs: ['hoa-don.pdf /'] }));
    expect(ambiguous(found).map((f) => f.tags)).toEqual([['zip', 'winrar-spoof']]);
    expect(lines(found)).toContain('attachment.dangerous-type hoa-don.zip → hoa-don.pdf /hoa-don.pdf .cmd');
  });

  it('reports it in a RAR listed by 7-Zip', async () => {
    const rar = makeRar5([
      { name: 'hoa-don.pdf ', data: PDF },
      { name: 'hoa-don.pdf ', directory: true },
      { name: 'hoa-don.pdf /hoa-don.pdf .cmd', data: '@echo off\r\n' },
    ]);
    const found = await walkFile('hoa-don.rar', rar);
    expect(ambiguous(found).map((f) => f.tags)).toEqual([['rar', 'winrar-spoof']]);
  });

  it('tells the signs from ordinary names', () => {
    expect(winrarSpoof([{ name: 'a.pdf ', directory: false }, { name: 'a.pdf/', directory: true }])).toBeDefined();
    expect(winrarSpoof([{ name: 'hoa-don.pdf .cmd', directory: false }])).toBeDefined();
    expect(winrarSpoof([{ name: 'a.pdf', directory: false }, { name: 'b/a.pdf', directory: false }, { name: 'Báo cáo Q1 .pdf', directory: false }])).toBeUndefined();
    expect(winrarSpoof([{ name: 'v1.2 .pdf', directory: false }, { name: 'docs/', directory: true }, { name: 'docs/x.txt', directory: false }])).toBeUndefined();
  });
});

describe('zip layout: legitimate zips stay clean', () => {
  const members = { 'bao-cao.pdf': PDF, 'ghi-chu.txt': 'Kính gửi các phòng ban', 'so-lieu.csv': 'a,b\n1,2\n' };

  it.each<[string, () => Promise<Buffer> | Buffer]>([
    ['a Word document (Node)', () => p.makeWordDocument()],
    ['a zip by Node (data descriptors)', () => node(members)],
    ['a zip by Debian zip', () => infoZip(members)],
    ['a zip streamed by Debian zip (data descriptors)', () => infoZip(members, [], { stdout: true })],
    ['a zip with an archive comment', () => infoZip(members, [], { post: (d) => void spawnSync('sh', ['-c', 'echo "Ho so thang 3 PK" | zip -q -z out.zip'], { cwd: d }) })],
    ['a zip with empty folders', () => infoZip(members, ['-r'], { dirs: ['trong/', 'ho-so/con/'] })],
    ['a Node zip with empty folder entries', () => node(members, { dirs: ['trong/', 'ho-so/'] })],
    ['a zip64 by Debian zip', () => infoZip(members, ['-fz'])],
    ['a zip storing another zip and a Word document', async () => infoZip({ 'trong.zip': await node(members), 'van-ban.docx': await p.makeWordDocument() }, ['-0'])],
    ['a zip with a prepended 1 KB stub', async () => Buffer.concat([Buffer.alloc(1024, 'stub '), await node(members)])],
    ['a zip with a prepended 1 KB stub and adjusted offsets', async () => adjusted(Buffer.concat([Buffer.alloc(1024, 'stub '), infoZip(members)]))],
  ])('%s', async (_name, build) => {
    const file = await build();
    const name = _name.includes('Word') && !_name.includes('storing') ? 'bao-cao.docx' : 'ho-so.zip';
    const layout = zipLayout(file);
    expect(layout.orphans).toEqual([]);
    expect(layout.mismatches).toEqual([]);
    expect(layout.strayEocds).toBe(0);
    expect(layout.readings).toHaveLength(1);
    expect(await walkZip(name, file)).toEqual([]);
  });

  it('still walks the members of a stub-prefixed zip whose offsets were not adjusted', async () => {
    const file = Buffer.concat([Buffer.alloc(1024, 'stub '), await node({ 'eicar.com': p.EICAR })]);
    const found = await walkZip('ho-so.zip', file, clamdWithEicar());
    expect(lines(found)).toContain('attachment.virus ho-so.zip → eicar.com');
    expect(ambiguous(found)).toEqual([]);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR hidden in the first archive and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('finds it on the member of the first archive', async () => {
    const glued = Buffer.concat([await node({ 'eicar.com': p.EICAR }), await node({ 'hoa-don.pdf': PDF })]);
    const found = await walkFile('hoa-don.zip', glued, { clamd });
    expect(found.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain('hoa-don.zip → (first archive) → eicar.com');
    expect(ambiguous(found)).toHaveLength(1);
  });
});
