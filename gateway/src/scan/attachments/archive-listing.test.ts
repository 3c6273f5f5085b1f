import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { ScanLimits } from '../../config/types.js';
import { decide } from '../../policy/engine.js';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { listArchive, parseListing } from './archive-listing.js';
import { attachmentsScanner } from './index.js';
import { makeRar4, makeRar5, type RarEntry } from './rar-builder.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/**
 * RAR (4 and 5), 7z and the other archives we do not open ourselves: their entries are listed with
 * 7-Zip in WebAssembly, checked by name like zip members, and extracted and walked when they can be
 * (archive-extract.test.ts has the walk of what comes out). RARs come from rar-builder.ts (no `rar`
 * here), 7z archives from Debian's 7z (p7zip-full, installed by the test setup).
 */
const POLICY_DIR = fileURLToPath(new URL('../../../../policies', import.meta.url));
const SEVEN_ZIP = '/usr/bin/7z';
const RAR = { contentType: 'application/x-rar-compressed' };

const PROGRAM = p.makePe();
const INVOICE: RarEntry[] = [
  { name: 'ho-so', directory: true },
  { name: 'ho-so/invoice.pdf.exe', data: PROGRAM },
  { name: 'ho-so/Hóa đơn tháng 3.txt', data: 'Kính gửi phòng kế toán' },
];

async function scan(name: string, data: Buffer, opts: { limits?: Partial<ScanLimits>; text?: string; contentType?: string } = {}): Promise<Finding[]> {
  const att = makeAttachment(name, data, { contentType: opts.contentType ?? 'application/octet-stream', id: 'a1' });
  const message = makeMessage({ attachments: [att], ...(opts.text ? { text: opts.text } : {}) });
  return attachmentsScanner.scan(message, makeContext(makePolicy(), { clamd: fakeClamd(), limits: opts.limits ?? {} }));
}
const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.subject}`).sort();
const of = (findings: Finding[], kind: string) => findings.filter((f) => f.kind === kind);

describe('listing archives with 7-Zip (WebAssembly)', () => {
  for (const [format, make, type] of [['RAR5', makeRar5, 'Rar5'], ['RAR4', makeRar4, 'Rar']] as const) {
    it(`lists a stored ${format} built from the format description: names, folders, sizes, encryption`, async () => {
      const rar = make([...INVOICE, { name: 'bi-mat.docx', data: 'khoa', encrypted: true }]);
      const listing = await listArchive(rar, 100);
      expect(listing).toEqual({
        ok: true,
        format: type,
        truncated: false,
        entries: [
          { name: 'ho-so', directory: true, size: 0, encrypted: false },
          { name: 'ho-so/invoice.pdf.exe', directory: false, size: PROGRAM.length, encrypted: false },
          { name: 'ho-so/Hóa đơn tháng 3.txt', directory: false, size: Buffer.byteLength('Kính gửi phòng kế toán'), encrypted: false },
          // RAR5 AES:15 (half a 7z try), RAR4's fixed key: the least cost; an entry its own key
          { name: 'bi-mat.docx', directory: false, size: 4, encrypted: true, key: { cost: 0.5, group: 'entry 3' } },
        ],
      });
    });

    it(`says when a ${format} hides its names (header encryption), without trying a password`, async () => {
      const listing = await listArchive(make([], { encryptedHeaders: true }), 100);
      expect(listing).toMatchObject({ ok: false, reason: 'encrypted-headers' });
    });
  }

  it('stops keeping entries past the number asked for', async () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ name: `tep-${i}.txt`, data: `${i}` }));
    const listing = await listArchive(makeRar5(many), 3);
    expect(listing).toMatchObject({ ok: true, truncated: true });
    expect(listing.ok && listing.entries.map((e) => e.name)).toEqual(['tep-0.txt', 'tep-1.txt', 'tep-2.txt']);
  });

  it('answers a corrupt or cut archive with the reason, never by throwing', async () => {
    const garbage = Buffer.concat([Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'), Buffer.alloc(200, 0x41)]);
    expect(await listArchive(garbage, 100)).toMatchObject({ ok: false, reason: 'corrupt', detail: expect.stringMatching(/archive/i) });
    // cut after the first file's header: what was listed is kept, the damage reported
    const whole = makeRar5(INVOICE);
    const cut = await listArchive(whole.subarray(0, whole.indexOf(PROGRAM) + 10), 100);
    expect(cut).toMatchObject({ ok: true, damage: expect.any(String) });
  });

  it('parses -slt output so that a name cannot overwrite the fields 7-Zip prints after it', () => {
    const listing = parseListing(['--', 'Type = 7z', '----------', 'Path = a.exe', 'Encrypted = -', 'Size = 3', 'Encrypted = +', ''], false);
    expect(listing).toMatchObject({ ok: true, entries: [{ name: 'a.exe', encrypted: true, size: 3 }] });
  });
});

describe('attachments scanner: RAR and other listed archives', () => {
  it('checks the members of a RAR like zip members: invoice.pdf.exe is a dangerous type with a double extension, the RAR fully inspected', async () => {
    for (const rar of [makeRar5(INVOICE), makeRar4(INVOICE)]) {
      const findings = await scan('Hoa-don.rar', rar, RAR);
      expect(summary(findings)).toEqual([
        'attachment.dangerous-type Hoa-don.rar → ho-so/invoice.pdf.exe',
        'attachment.double-extension Hoa-don.rar → ho-so/invoice.pdf.exe',
      ]);
    }
  });

  it('sees a right-to-left override in a RAR entry name', async () => {
    const findings = await scan('anh.rar', makeRar5([{ name: 'anh\u202Egpj.exe', data: PROGRAM }]));
    expect(of(findings, 'attachment.rtlo').map((f) => f.subject)).toEqual(['anh.rar → anh\u202Egpj.exe']);
  });

  it('flags encrypted RAR entries like encrypted zip entries, and quarantine-worthy when the message gives a password', async () => {
    const rar = makeRar5([{ name: 'bao-cao.docx', data: 'khoa', encrypted: true }]);
    const plain = await scan('bao-cao.rar', rar);
    expect(of(plain, 'attachment.encrypted')).toMatchObject([{ subject: 'bao-cao.rar → bao-cao.docx', tags: ['rar'] }]);
    const withPassword = await scan('bao-cao.rar', rar, { text: 'Gửi anh tài liệu, mật khẩu: 2024abc' });
    expect(of(withPassword, 'attachment.encrypted')[0]!.tags).toEqual(['rar', 'not-opened', 'password-in-message']);
  });

  it('reports a RAR whose names are encrypted as encrypted and uninspectable', async () => {
    const findings = await scan('mat.rar', makeRar5([], { encryptedHeaders: true }));
    expect(findings.map((f) => [f.kind, f.tags])).toEqual([
      ['attachment.encrypted', ['rar', 'encrypted-headers']],
      ['attachment.uninspectable', ['rar', 'encrypted-headers']],
    ]);
  });

  it('gives a corrupt RAR uninspectable with 7-Zip\'s error', async () => {
    const findings = await scan('hong.rar', Buffer.concat([Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'), Buffer.alloc(300, 7)]));
    expect(findings).toMatchObject([{ kind: 'attachment.uninspectable', subject: 'hong.rar', tags: ['rar', 'corrupt'] }]);
    expect(findings[0]!.detail).toMatch(/^rar archive .*: cannot be listed: .+/);
  });

  it('counts RAR entries against the archive entry limit', async () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ name: `tep-${i}.txt`, data: `${i}` }));
    const findings = await scan('nhieu.rar', makeRar5(many), { limits: { archiveMaxEntries: 5 } });
    expect(of(findings, 'attachment.archive-limit')).toMatchObject([{ subject: 'nhieu.rar → tep-5.txt', tags: ['entries'] }]);
  });
});

describe.skipIf(!existsSync(SEVEN_ZIP))('attachments scanner: 7z archives made with 7-Zip (needs /usr/bin/7z, p7zip-full)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lachan-7z-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function make7z(files: Record<string, Buffer | string>, args: string[] = []): Buffer {
    const work = mkdtempSync(path.join(dir, 'a-'));
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      writeFileSync(path.join(work, name), data);
    }
    const r = spawnSync(SEVEN_ZIP, ['a', '-t7z', '-bd', ...args, 'out.7z', ...Object.keys(files)], { cwd: work, timeout: 30_000 });
    if (r.status !== 0) throw new Error(`7z: ${r.stdout?.toString()} ${r.stderr?.toString()}`);
    return readFileSync(path.join(work, 'out.7z'));
  }

  it('finds a script inside a 7z', async () => {
    const findings = await scan('thong-bao.7z', make7z({ 'thu-moi/thong-bao.js': 'WScript.Echo(1)', 'thu-moi/ghi-chu.txt': 'xin chào' }));
    expect(summary(findings)).toEqual(['attachment.dangerous-type thong-bao.7z → thu-moi/thong-bao.js']);
    expect(of(findings, 'attachment.dangerous-type')[0]!.tags).toEqual(['js']);
  });

  it('flags the entries of a password-protected 7z, and a 7z with encrypted names', async () => {
    const locked = await scan('so-lieu.7z', make7z({ 'so-lieu.xlsx': 'x', 'chay.vbs': 'y' }, ['-pSl#8812x']));
    expect(of(locked, 'attachment.encrypted').map((f) => [f.subject, f.tags])).toEqual([
      ['so-lieu.7z → chay.vbs', ['7z']],
      ['so-lieu.7z → so-lieu.xlsx', ['7z']],
    ]);
    expect(of(locked, 'attachment.dangerous-type').map((f) => f.subject)).toEqual(['so-lieu.7z → chay.vbs']);
    const hidden = await scan('so-lieu.7z', make7z({ 'chay.vbs': 'y' }, ['-pSl#8812x', '-mhe=on']));
    expect(hidden.map((f) => [f.kind, f.tags])).toEqual([
      ['attachment.encrypted', ['7z', 'encrypted-headers']],
      ['attachment.uninspectable', ['7z', 'encrypted-headers']],
    ]);
  });

  it('gives a cut 7z uninspectable, never an error', async () => {
    const whole = make7z({ 'a.txt': 'x'.repeat(5000) });
    const findings = await scan('cut.7z', whole.subarray(0, 100));
    expect(findings).toMatchObject([{ kind: 'attachment.uninspectable', tags: ['7z', 'corrupt'] }]);
  });
});

describe('a RAR holding a program under the default policy', () => {
  let policy: Policy;
  beforeAll(async () => {
    policy = await loadPolicy(POLICY_DIR);
  });
  const verdictOf = async (name: string, data: Buffer, contentType: string) => {
    const att = makeAttachment(name, data, { contentType, id: 'a1' });
    const findings = await attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
    return decide(findings, policy);
  };

  it('gets the same action as the zip holding it', async () => {
    // a program is stripped (delivered without it), a program behind a double extension held
    const expected = { 'chuong-trinh.exe': ['deliver', ['a1']], 'invoice.pdf.exe': ['quarantine', []] } as const;
    for (const [name, [action, strip]] of Object.entries(expected)) {
      const zip = await verdictOf('Hoa-don.zip', await p.makeZip({ [name]: PROGRAM }), 'application/zip');
      expect([zip.action, zip.strip]).toEqual([action, strip]);
      for (const rar of [makeRar5([{ name, data: PROGRAM }]), makeRar4([{ name, data: PROGRAM }])]) {
        const v = await verdictOf('Hoa-don.rar', rar, 'application/vnd.rar');
        expect([v.action, v.strip, v.warning]).toEqual([zip.action, zip.strip, zip.warning]);
        expect(v.categories).toContain('malware');
      }
    }
  });

  it('delivers a RAR of documents without a warning: its contents were extracted and checked', async () => {
    const v = await verdictOf('ho-so.rar', makeRar5([{ name: 'to-trinh.pdf', data: p.makePdf() }]), 'application/x-rar-compressed');
    expect([v.action, v.warning, v.hits.map((h) => h.rule)]).toEqual(['deliver', false, []]);
  });

  it('still only warns for a RAR with an encrypted document (its contents not checked)', async () => {
    const v = await verdictOf('ho-so.rar', makeRar5([{ name: 'to-trinh.pdf', data: p.makePdf(), encrypted: true }]), 'application/x-rar-compressed');
    expect([v.action, v.warning]).toEqual(['deliver', true]);
    expect(v.hits.map((h) => h.rule).sort()).toEqual(['encrypted-attachment', 'uninspectable-archive']);
  });
});
