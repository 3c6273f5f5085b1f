import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { DEFAULT_LNK_TAGS, makeIso, makeLnk } from './chain-fixtures.js';
import { createClamdClient } from './clamd.js';
import { diskImageType, imageDamage } from './disk-images.js';
import { findingLines, walkFile } from './test-helpers.js';

/**
 * Disk images walked like archives (disk-images.ts, walk-listed.ts, through 7-Zip): the files in an
 * ISO, UDF, FAT image, VHD or VHDX made by the real tools get their own findings and ClamAV.
 */

const walk = walkFile;
const lines = async (...args: Parameters<typeof walkFile>) => findingLines(await walkFile(...args));

const LNK = makeLnk();
const DLL = p.makePe();

let dir: string;
/** The images, by kind, each holding Hoa-Don-Thang-10.lnk and docs/tai-lieu.dll (names as each file system keeps them). */
const images: Record<string, Buffer> = {};
function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'genisoimage', file: '/usr/bin/genisoimage' },
    { pkg: 'dosfstools', file: '/usr/sbin/mkfs.fat' },
    { pkg: 'mtools', file: '/usr/bin/mcopy' },
    { pkg: 'qemu-utils', file: '/usr/bin/qemu-img' },
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-images-'));
  mkdirSync(path.join(dir, 'src/docs'), { recursive: true });
  writeFileSync(path.join(dir, 'src/Hoa-Don-Thang-10.lnk'), LNK);
  writeFileSync(path.join(dir, 'src/docs/tai-lieu.dll'), DLL);
  run('genisoimage', ['-quiet', '-J', '-R', '-V', 'HOADON', '-o', 'joliet.iso', 'src']);
  run('genisoimage', ['-quiet', '-udf', '-V', 'HOADON', '-o', 'udf.iso', 'src']);
  run('mkfs.fat', ['-C', 'fat.img', '1440']);
  run('mcopy', ['-i', 'fat.img', 'src/Hoa-Don-Thang-10.lnk', '::/']);
  run('mmd', ['-i', 'fat.img', '::/docs']);
  run('mcopy', ['-i', 'fat.img', 'src/docs/tai-lieu.dll', '::/docs/']);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vpc', 'fat.img', 'fat.vhd']);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed', 'joliet.iso', 'iso.vhd']);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vhdx', 'fat.img', 'fat.vhdx']);
  for (const f of ['joliet.iso', 'udf.iso', 'fat.img', 'fat.vhd', 'iso.vhd', 'fat.vhdx']) images[f] = readFileSync(path.join(dir, f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the files in a disk image, walked as members', () => {
  it.each([
    ['joliet.iso', 'hoa-don.iso', 'iso', 'Hoa-Don-Thang-10.lnk', 'docs/tai-lieu.dll'],
    // genisoimage -udf writes an ISO 9660 bridge too; 7-Zip reads that one (its 8.3 names)
    ['udf.iso', 'hoa-don.iso', 'iso', 'HOA_DON_.LNK', 'DOCS/TAI_LIEU.DLL'],
    ['fat.img', 'hoa-don.img', 'img', 'Hoa-Don-Thang-10.lnk', 'docs/tai-lieu.dll'],
    ['fat.vhd', 'hoa-don.vhd', 'vhd', 'Hoa-Don-Thang-10.lnk', 'docs/tai-lieu.dll'],
    // a fixed VHD keeps its footer at the end only: its bytes start as the ISO in it
    ['iso.vhd', 'hoa-don.vhd', 'vhd,iso', 'Hoa-Don-Thang-10.lnk', 'docs/tai-lieu.dll'],
    ['fat.vhdx', 'hoa-don.vhdx', 'vhdx', 'Hoa-Don-Thang-10.lnk', 'docs/tai-lieu.dll'],
  ])('%s: the shortcut and the DLL each get their own finding; the image stays dangerous', async (file, name, ext, lnk, dll) => {
    expect(await lines(name, images[file]!)).toEqual([
      `attachment.dangerous-type ${name} ${ext}`,
      `attachment.dangerous-type ${name} → ${dll} dll,exe`,
      `attachment.dangerous-type ${name} → ${lnk} ${DEFAULT_LNK_TAGS}`,
    ].sort());
  });

  it('recognises a raw FAT image by its boot sector (not any file ending its first sector in 55 AA)', () => {
    expect(diskImageType(undefined, images['fat.img']!)).toEqual({ ext: 'img', mime: 'application/x-raw-disk-image' });
    const mbrLike = Buffer.alloc(512);
    mbrLike[510] = 0x55;
    mbrLike[511] = 0xaa;
    expect(diskImageType(undefined, mbrLike)).toBeUndefined();
    expect(diskImageType({ ext: 'zip', mime: 'application/zip' }, images['fat.img']!)).toBeUndefined();
    expect(imageDamage('There are data after the end of archive')).toBeUndefined();
    expect(imageDamage('There are data after the end of archive; Unexpected end of archive')).toBe('Unexpected end of archive');
  });

  it('walks the small ISO the chain fixtures build, and an image in a zip one level deeper', async () => {
    const iso = makeIso({ 'hoa-don.lnk': LNK });
    expect(await lines('hoa-don.iso', iso)).toEqual(['attachment.dangerous-type hoa-don.iso iso', `attachment.dangerous-type hoa-don.iso → HOA-DON.LNK ${DEFAULT_LNK_TAGS}`]);
    const zip = await p.makeZip({ 'ho-so.iso': iso });
    expect(await lines('ho-so.zip', zip)).toEqual(['attachment.dangerous-type ho-so.zip → ho-so.iso iso', `attachment.dangerous-type ho-so.zip → ho-so.iso → HOA-DON.LNK ${DEFAULT_LNK_TAGS}`]);
  });

  it('keeps to the depth, entry and byte limits', async () => {
    const iso = images['joliet.iso']!;
    expect(await lines('hoa-don.iso', iso, { limits: { archiveMaxDepth: 0 } })).toEqual(['attachment.archive-limit hoa-don.iso depth', 'attachment.dangerous-type hoa-don.iso iso']);
    const entries = await lines('hoa-don.iso', iso, { limits: { archiveMaxEntries: 1 } });
    expect(entries).toContain(`attachment.dangerous-type hoa-don.iso → Hoa-Don-Thang-10.lnk ${DEFAULT_LNK_TAGS}`);
    expect(entries).toContain('attachment.archive-limit hoa-don.iso → docs entries');
    const bytes = await lines('hoa-don.iso', iso, { limits: { archiveMaxTotalBytes: 600 } });
    expect(bytes.filter((l) => l.includes('archive-limit') || l.includes('uninspectable'))).toEqual([
      'attachment.archive-limit hoa-don.iso → docs/tai-lieu.dll total-bytes',
      'attachment.uninspectable hoa-don.iso iso,over-limits',
    ]);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR in disk images and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('finds it on the member of an ISO and of a VHDX', async () => {
    const sub = path.join(dir, 'eicar');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'hoa-don.com'), p.EICAR);
    run('genisoimage', ['-quiet', '-J', '-R', '-o', 'eicar.iso', 'eicar']);
    run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vhdx', 'eicar.iso', 'eicar.vhdx']);
    for (const [file, name] of [['eicar.iso', 'ho-so.iso'], ['eicar.vhdx', 'ho-so.vhdx']] as const) {
      const found = await walk(name, readFileSync(path.join(dir, file)), { clamd });
      expect(found.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain(`${name} → hoa-don.com`);
    }
  });

  describe('under the shipped policy, end to end from a message', () => {
    const verdict = shippedPolicyVerdicts({ clamd });
    it('holds an ISO of a shortcut, and refuses one carrying EICAR', async () => {
      const v = await verdict(attachmentMail('hoa-don.iso', 'application/x-iso9660-image', images['joliet.iso']!));
      expect(v.kinds.filter((k) => k === 'attachment.dangerous-type')).toHaveLength(3);
      expect(v.action === 'quarantine' || v.action === 'reject' || v.strip.length === 1).toBe(true);
      const eicar = await verdict(attachmentMail('hoa-don.iso', 'application/x-iso9660-image', readFileSync(path.join(dir, 'eicar.iso'))));
      expect(eicar.action).toBe('reject');
    });
  });
});
