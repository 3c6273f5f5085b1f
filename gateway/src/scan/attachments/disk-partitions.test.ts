import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { DEFAULT_LNK_TAGS, makeLnk } from './chain-fixtures.js';
import { diskImageOf, diskImageType } from './disk-images.js';
import { findingLines, walkFile } from './test-helpers.js';
import { buildUdif } from './udif-builder.js';

/**
 * Partitioned disks and Apple disk images (disk-images.ts): raw images with an MBR or a GPT, the
 * same disks in a VHD or VHDX, and DMGs (UDIF, udif-builder.ts), made with the real tools (sfdisk,
 * mkfs.fat, mtools, qemu-img); the files in their partitions are walked as members.
 */

const lines = async (...args: Parameters<typeof walkFile>) => findingLines(await walkFile(...args));

const LNK = makeLnk();
const EXE = p.makePe();
const MiB = 1024 * 1024;

let dir: string;
const images: Record<string, Buffer> = {};
function run(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, ...(input === undefined ? {} : { input }) });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}
/** A disk of `mib` MiB with the partition table sfdisk writes from `script`. */
function disk(file: string, mib: number, script: string): void {
  run('truncate', ['-s', `${mib}M`, file]);
  run('sfdisk', ['-q', '--no-reread', '--no-tell-kernel', file], script);
}
/** `fs` (a file-system image) written into `file` at sector `start`. */
function place(fs: string, file: string, start: number): void {
  run('dd', [`if=${fs}`, `of=${file}`, 'bs=512', `seek=${start}`, 'conv=notrunc', 'status=none']);
}

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'fdisk', file: '/usr/sbin/sfdisk' },
    { pkg: 'dosfstools', file: '/usr/sbin/mkfs.fat' },
    { pkg: 'mtools', file: '/usr/bin/mcopy' },
    { pkg: 'qemu-utils', file: '/usr/bin/qemu-img' },
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-partitions-'));
  writeFileSync(path.join(dir, 'Hoa-Don.lnk'), LNK);
  writeFileSync(path.join(dir, 'tai-lieu.exe'), EXE);
  writeFileSync(path.join(dir, 'doc-truoc.txt'), 'Xin chao\r\n');
  // the payload's file system (3 MiB) and a decoy one (1 MiB) holding a text file
  run('mkfs.fat', ['-C', 'payload.fat', '3072']);
  run('mcopy', ['-i', 'payload.fat', 'Hoa-Don.lnk', 'tai-lieu.exe', '::/']);
  run('mkfs.fat', ['-C', 'decoy.fat', '1024']);
  run('mcopy', ['-i', 'decoy.fat', 'doc-truoc.txt', '::/']);

  // MBR, one FAT partition
  disk('mbr1.img', 8, 'label: dos\nstart=2048, size=6144, type=c\n');
  place('payload.fat', 'mbr1.img', 2048);
  // MBR, the decoy first and the payload second: the second's files copied in place by mtools (@@offset)
  disk('mbr2.img', 8, 'label: dos\nstart=2048, size=2048, type=6\nstart=4096, size=6144, type=c\n');
  place('decoy.fat', 'mbr2.img', 2048);
  run('mkfs.fat', ['-C', 'empty.fat', '3072']);
  place('empty.fat', 'mbr2.img', 4096);
  run('mcopy', ['-i', `mbr2.img@@${4096 * 512}`, 'Hoa-Don.lnk', 'tai-lieu.exe', '::/']);
  // GPT, one and two partitions (named: 7-Zip puts the name in the member's)
  const basic = 'type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7';
  disk('gpt1.img', 8, `label: gpt\nstart=2048, size=6144, ${basic}, name="HOADON"\n`);
  place('payload.fat', 'gpt1.img', 2048);
  disk('gpt2.img', 8, `label: gpt\nstart=2048, size=2048, ${basic}, name="TRONG"\nstart=4096, size=6144, ${basic}, name="HOADON"\n`);
  place('decoy.fat', 'gpt2.img', 2048);
  place('payload.fat', 'gpt2.img', 4096);
  // the same disks in virtual disks
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vpc', 'mbr1.img', 'mbr1.vhd']);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vpc', 'mbr2.img', 'mbr2.vhd']);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vhdx', 'gpt2.img', 'gpt2.vhdx']);
  // many partitions: six 1 MiB ones, each a copy of the payload's files
  disk('gpt6.img', 8, `label: gpt\n${[0, 1, 2, 3, 4, 5].map((i) => `start=${2048 * (i + 1)}, size=2048, ${basic}\n`).join('')}`);
  run('mkfs.fat', ['-C', 'small.fat', '1024']);
  run('mcopy', ['-i', 'small.fat', 'Hoa-Don.lnk', 'tai-lieu.exe', '::/']);
  for (let i = 0; i < 6; i++) place('small.fat', 'gpt6.img', 2048 * (i + 1));
  // a 2 GiB partition in an 8 MiB VHD (sparse: the raw disk too); file systems made in place (--offset)
  disk('big.img', 2100, 'label: dos\nstart=2048, size=2048, type=6\nstart=4096, size=4194304, type=c\n');
  run('mkfs.fat', ['-F', '12', '--offset', '2048', 'big.img', '1024']);
  run('mkfs.fat', ['-F', '32', '--offset', '4096', 'big.img', `${2 * 1024 * 1024}`]);
  run('mcopy', ['-i', `big.img@@${4096 * 512}`, 'Hoa-Don.lnk', 'tai-lieu.exe', '::/']);
  run('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'vpc', 'big.img', 'big.vhd']);
  for (const f of ['payload.fat', 'mbr1.img', 'mbr2.img', 'gpt1.img', 'gpt2.img', 'mbr1.vhd', 'mbr2.vhd', 'gpt2.vhdx', 'gpt6.img', 'big.vhd']) {
    images[f] = readFileSync(path.join(dir, f));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The findings of the payload's two files at `where` in `name`. */
const payload = (where: string) => [`attachment.dangerous-type ${where} → Hoa-Don.lnk ${DEFAULT_LNK_TAGS}`, `attachment.dangerous-type ${where} → tai-lieu.exe exe`];

describe('partitioned disks: the files in each partition walked as members', () => {
  it.each([
    // one partition: 7-Zip opens the file system in it (as in a VHD), the path skips it
    ['mbr1.img', 'hoa-don.img', 'img', 'hoa-don.img'],
    ['gpt1.img', 'hoa-don.img', 'img', 'hoa-don.img'],
    ['mbr1.vhd', 'hoa-don.vhd', 'vhd', 'hoa-don.vhd'],
    // more: each partition is a member, a raw image walked one level deeper
    ['mbr2.img', 'hoa-don.img', 'img', 'hoa-don.img → 1.fat'],
    ['gpt2.img', 'hoa-don.img', 'img', 'hoa-don.img → 1.HOADON.fat'],
    ['mbr2.vhd', 'hoa-don.vhd', 'vhd', 'hoa-don.vhd → 1.fat'],
    ['gpt2.vhdx', 'hoa-don.vhdx', 'vhdx', 'hoa-don.vhdx → 1.HOADON.fat'],
  ])('%s: the shortcut and the program get their findings (%s → … )', async (file, name, ext, where) => {
    expect(await lines(name, images[file]!)).toEqual([`attachment.dangerous-type ${name} ${ext}`, ...payload(where)].sort());
  });

  it('finds the partitioned disk by its table under any name (.dd, .bin), not a file whose first sector merely ends in 55 AA', async () => {
    for (const f of ['mbr1.img', 'mbr2.img', 'gpt2.img']) expect(diskImageType(undefined, images[f]!.subarray(0, 0x9006), images[f]!.length)?.ext).toBe('img');
    expect(await lines('sao-luu.dd', images['mbr2.img']!)).toEqual(payload('sao-luu.dd → 1.fat'));
    const table = Buffer.alloc(4096);
    table[510] = 0x55;
    table[511] = 0xaa;
    table.writeUInt32LE(0xdeadbeef, 446); // an entry with a boot flag that is neither 00 nor 80
    expect(diskImageType(undefined, table)).toBeUndefined();
    // a partition past the end of the file is no disk of this file
    const past = Buffer.from(table);
    past.fill(0, 446, 510);
    past[446 + 4] = 0x0c;
    past.writeUInt32LE(2048, 446 + 8);
    past.writeUInt32LE(2048, 446 + 12);
    expect(diskImageType(undefined, past)).toBeUndefined();
    expect(diskImageType(undefined, past, 2 * MiB)?.ext).toBe('img');
  });

  it('keeps to the depth limit: depth 1 stops at the partitions, depth 0 at the disk', async () => {
    expect(await lines('hoa-don.img', images['mbr2.img']!, { limits: { archiveMaxDepth: 1 } })).toEqual([
      'attachment.archive-limit hoa-don.img → 0.fat depth',
      'attachment.archive-limit hoa-don.img → 1.fat depth',
      'attachment.dangerous-type hoa-don.img img',
    ]);
    expect(await lines('hoa-don.img', images['gpt2.img']!, { limits: { archiveMaxDepth: 0 } })).toEqual([
      'attachment.archive-limit hoa-don.img depth',
      'attachment.dangerous-type hoa-don.img img',
    ]);
  });

  it('keeps many partitions to the entry and byte limits: each partition is an entry and costs its size', async () => {
    const all = await lines('hoa-don.img', images['gpt6.img']!);
    expect(all.filter((l) => l.endsWith(` ${DEFAULT_LNK_TAGS}`))).toHaveLength(6);
    const entries = await lines('hoa-don.img', images['gpt6.img']!, { limits: { archiveMaxEntries: 4 } });
    // 0.fat, its two files, 1.fat: four entries, the fifth is where the walk stops
    expect(entries.filter((l) => l.includes('archive-limit'))).toEqual(['attachment.archive-limit hoa-don.img → 1.fat → Hoa-Don.lnk entries']);
    // 2 MiB: the first partition (1 MiB) and its files, not the second
    const bytes = await lines('hoa-don.img', images['gpt6.img']!, { limits: { archiveMaxTotalBytes: 2 * MiB } });
    expect(bytes.filter((l) => l.endsWith(` ${DEFAULT_LNK_TAGS}`))).toEqual([`attachment.dangerous-type hoa-don.img → 0.fat → Hoa-Don.lnk ${DEFAULT_LNK_TAGS}`]);
    expect(bytes.filter((l) => l.includes('archive-limit') || l.includes('uninspectable'))).toEqual([
      'attachment.archive-limit hoa-don.img → 1.fat total-bytes',
      'attachment.uninspectable hoa-don.img img,over-limits',
    ]);
  });

  it('does not extract a partition past the limits: a 2 GiB partition in an 8 MiB VHD', async () => {
    const found = await lines('hoa-don.vhd', images['big.vhd']!);
    expect(found.some((l) => l.includes('Hoa-Don.lnk'))).toBe(false);
    expect(found.filter((l) => l.includes('archive-limit') || l.includes('uninspectable'))).toEqual([
      'attachment.archive-limit hoa-don.vhd → 1.fat ratio',
      'attachment.uninspectable hoa-don.vhd vhd,not-extracted,over-limits',
    ]);
  });
});

describe('Apple disk images (DMG, UDIF): 7-Zip opens them', () => {
  it.each([
    ['zlib (UDZO)', 'zlib'],
    ['raw (UDRO)', 'raw'],
  ] as const)('%s around a FAT file system: its files are walked (7-Zip opens its one partition through)', async (_, compression) => {
    const dmg = buildUdif(images['payload.fat']!, { compression });
    expect(await lines('hoa-don.dmg', dmg)).toEqual(['attachment.dangerous-type hoa-don.dmg dmg', ...payload('hoa-don.dmg')].sort());
  });

  it('a DMG of a partitioned disk: the partition named in the path, within the ratio limit', async () => {
    const dmg = buildUdif(images['mbr2.img']!, { partitionName: 'whole disk' });
    // (its 8 MiB disk, mostly empty, compresses past 100:1: the partitions are held to the ratio)
    const limited = await lines('hoa-don.dmg', dmg);
    expect(limited.filter((l) => l.includes('1.fat'))).toEqual(['attachment.archive-limit hoa-don.dmg → 1.fat ratio']);
    expect(await lines('hoa-don.dmg', dmg, { limits: { archiveMaxRatio: 10_000 } })).toEqual(['attachment.dangerous-type hoa-don.dmg dmg', ...payload('hoa-don.dmg → 1.fat')].sort());
  });

  it('is found by its trailer under another name: dangerous by its content, and a type mismatch', async () => {
    const dmg = buildUdif(images['payload.fat']!);
    expect(await lines('hoa-don.pdf', dmg)).toEqual([
      'attachment.dangerous-type hoa-don.pdf dmg,disguised',
      'attachment.type-mismatch hoa-don.pdf dmg',
      ...payload('hoa-don.pdf'),
    ].sort());
    expect((await diskImageOf({ size: dmg.length, bytes: async () => dmg }, undefined, dmg.subarray(0, 4100)))?.ext).toBe('dmg');
    // read in place when the file can be
    const readAt = async (at: number, into: Buffer) => dmg.copy(into, 0, at, at + into.length);
    const unread = async () => { throw new Error('not loaded'); };
    expect((await diskImageOf({ size: dmg.length, bytes: unread, readAt }, undefined, dmg.subarray(0, 4100)))?.ext).toBe('dmg');
    // file-type's 'dmg' (78 01, any zlib stream) without the trailer is not opened
    const zlib = Buffer.concat([Buffer.from([0x78, 0x01]), Buffer.alloc(2048, 7)]);
    expect(await diskImageOf({ size: zlib.length, bytes: async () => zlib }, { ext: 'dmg', mime: 'application/x-apple-diskimage' }, zlib)).toBeUndefined();
  });

  it('a damaged DMG (its chunks cut off) is uninspectable, the image still dangerous', async () => {
    const dmg = buildUdif(images['payload.fat']!);
    const cut = Buffer.concat([Buffer.alloc(64), dmg.subarray(64)]);
    const found = await lines('hoa-don.dmg', cut);
    expect(found).toContain('attachment.dangerous-type hoa-don.dmg dmg');
    // (7-Zip checks each chunk table's CRC-32: the file system is not opened, the partition is held to the ratio)
    expect(found.filter((l) => l.startsWith('attachment.uninspectable'))).toEqual(['attachment.uninspectable hoa-don.dmg dmg,damaged,over-limits']);
    expect(found.some((l) => l.includes('Hoa-Don.lnk'))).toBe(false);
  });
});
