import { beforeAll, describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import type { Finding } from '../types.js';
import { flagLockedPayloads, flagSideLoading } from './bundle-signs.js';
import { makeLnk } from './chain-fixtures.js';
import { sniffType } from './true-type.js';
import { fakeClamd, packWithTool, walkFile, walkWithPasswords } from './test-helpers.js';

/**
 * What an archive holds together (bundle-signs.ts): a locked archive the message's password opens
 * holding a program (tag dangerous-inside, rule encrypted-archive-dangerous-inside), DLL
 * side-loading bundles (tag side-loading, rule dll-side-loading), and macOS apps in tar, 7z and disk
 * images, Mach-O by magic (walk-base.ts noteAppBundle, true-type.ts), on archives made by the real tools.
 */

beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'zip', file: '/usr/bin/zip' },
    { pkg: 'p7zip-full', file: '/usr/bin/7z' },
    { pkg: 'genisoimage', file: '/usr/bin/genisoimage' },
  ]);
});

const PE = p.makePe();
const LNK = makeLnk();
const PDF = p.makePdf('Hóa đơn tháng 10');
const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });
const encrypted = (findings: Finding[]) => findings.filter((f) => f.kind === 'attachment.encrypted');

describe('a locked archive whose password the message gives', () => {
  const TEXT = 'Gửi anh hóa đơn. Mật khẩu giải nén: 8412';

  it.each([
    ['zip -P (ZipCrypto) holding a shortcut', () => packWithTool({ 'hoa-don.lnk': LNK }, 'zip', ['-q', '-P', '8412', 'out.bin', 'hoa-don.lnk']), 'hoa-don.zip'],
    ['7z with hidden names holding a program', () => packWithTool({ 'hoa-don.exe': PE }, '7z', ['a', '-t7z', '-bd', '-p8412', '-mhe=on', 'out.bin', 'hoa-don.exe']), 'hoa-don.7z'],
  ])('%s: opened, tagged dangerous-inside, the message held', async (_, make, name) => {
    const data = make();
    const [lock] = encrypted(flagLockedPayloads(await walkWithPasswords(data, TEXT, name)));
    expect(lock?.tags).toEqual(expect.arrayContaining(['opened', 'password-in-message', 'dangerous-inside']));
    const v = await verdict(attachmentMail(name, 'application/octet-stream', data, { text: TEXT }));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('encrypted-archive-dangerous-inside');
  });

  it('a locked zip of a PDF is only warned, as before', async () => {
    const data = packWithTool({ 'hoa-don.pdf': PDF }, 'zip', ['-q', '-P', '8412', 'out.bin', 'hoa-don.pdf']);
    expect(encrypted(flagLockedPayloads(await walkWithPasswords(data, TEXT, 'hoa-don.zip')))[0]?.tags).not.toContain('dangerous-inside');
    const v = await verdict(attachmentMail('hoa-don.zip', 'application/zip', data, { text: TEXT }));
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(true);
  });

  it('a program beside the locked entry, not in it, does not tag the lock', () => {
    const lock: Finding = { scanner: 'attachments', kind: 'attachment.encrypted', detail: 'x', subject: 'a.zip → a.pdf', attachment: 'a1', tags: ['zip', 'opened', 'password-in-message'] };
    const exe: Finding = { scanner: 'attachments', kind: 'attachment.dangerous-type', detail: 'x', subject: 'a.zip → a.pdf.exe', attachment: 'a1', tags: ['exe'] };
    expect(flagLockedPayloads([lock, exe])[0]!.tags).not.toContain('dangerous-inside');
    expect(flagLockedPayloads([lock, { ...exe, subject: 'a.zip → a.pdf' }])[0]!.tags).toContain('dangerous-inside');
    // opened with a common password, no password in the message: not this sign
    expect(flagLockedPayloads([{ ...lock, tags: ['zip', 'opened', 'common-password'] }, { ...exe, subject: 'a.zip → a.pdf' }])[0]!.tags).not.toContain('dangerous-inside');
  });
});

describe('DLL side-loading bundles', () => {
  const sideLoaded = async (name: string, data: Buffer) => flagSideLoading(await walkFile(name, data)).filter((f) => f.tags?.includes('side-loading')).map((f) => f.subject);
  const zipOf = (files: Record<string, Buffer>) => packWithTool(files, 'zip', ['-qr', 'out.bin', '.']);

  it('a renamed program at the top and its DLL in a "_" folder: the program is tagged', async () => {
    expect(await sideLoaded('tai-lieu.zip', zipOf({ 'Tai lieu hop.exe': PE, '_/version.dll': PE }))).toEqual(['tai-lieu.zip → Tai lieu hop.exe']);
  });
  it('the DLL in __MACOSX, or a PE named .dat in a dot folder', async () => {
    expect(await sideLoaded('a.zip', zipOf({ 'Bien ban.exe': PE, '__MACOSX/libcurl.dll': PE }))).toEqual(['a.zip → Bien ban.exe']);
    expect(await sideLoaded('b.zip', zipOf({ 'Bien ban.exe': PE, 'x.dll': PE, '.data/payload.dat': PE }))).toEqual(['b.zip → Bien ban.exe']);
  });
  it('a program and a DLL in an ISO made by genisoimage', async () => {
    const iso = packWithTool({ 'HOSO.EXE': PE, 'VERSION.DLL': PE }, 'genisoimage', ['-quiet', '-o', 'out.bin', 'HOSO.EXE', 'VERSION.DLL']);
    expect(await sideLoaded('ho-so.iso', iso)).toEqual(['ho-so.iso → HOSO.EXE']);
  });
  it('a vendor\u2019s software zip (a program and its DLLs in ordinary folders), two programs, or a lone DLL: no tag', async () => {
    expect(await sideLoaded('phan-mem.zip', zipOf({ 'KySo/KySo.exe': PE, 'KySo/lib/crypto.dll': PE, 'KySo/readme.txt': Buffer.from('doc') }))).toEqual([]);
    expect(await sideLoaded('c.zip', zipOf({ 'a.exe': PE, 'b.exe': PE, '_/c.dll': PE }))).toEqual([]);
    expect(await sideLoaded('d.zip', zipOf({ '_/c.dll': PE, 'doc.pdf': PDF }))).toEqual([]);
  });
  it('from outside the message is held, whatever its text; a vendor zip is only stripped', async () => {
    const bundle = attachmentMail('tai-lieu.zip', 'application/zip', zipOf({ 'Tai lieu hop.exe': PE, '_/version.dll': PE }), { text: 'Kính gửi anh chị.' });
    expect((await verdict(bundle)).rules).toContain('dll-side-loading');
    const vendor = await verdict(attachmentMail('phan-mem.zip', 'application/zip', zipOf({ 'KySo/KySo.exe': PE, 'KySo/lib/crypto.dll': PE }), { text: 'Gửi anh bộ cài.' }));
    expect(vendor.rules).not.toContain('dll-side-loading');
    expect(vendor.action).toBe('deliver');
    expect(vendor.strip.length).toBe(1);
  });
});

describe('macOS apps', () => {
  const APP = {
    'Hoa-don.app/Contents/Info.plist': '<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleExecutable</key><string>Hoa-don</string></dict></plist>\n',
    'Hoa-don.app/Contents/MacOS/Hoa-don': '#!/bin/sh\necho inert test script\n',
  };
  const apps = async (name: string, data: Buffer) => (await walkFile(name, data)).filter((f) => f.kind === 'attachment.dangerous-type' && f.tags?.includes('app')).map((f) => f.subject);

  it.each([
    ['hoa-don.tar', () => packWithTool(APP, 'tar', ['-cf', 'out.bin', 'Hoa-don.app'])],
    ['hoa-don.7z', () => packWithTool(APP, '7z', ['a', '-t7z', '-bd', 'out.bin', 'Hoa-don.app'])],
    ['hoa-don.iso', () => packWithTool(APP, 'genisoimage', ['-quiet', '-R', '-o', 'out.bin', '-graft-points', 'Hoa-don.app/=Hoa-don.app'])],
  ])('an app bundle in %s is a dangerous type', async (name, make) => {
    expect(await apps(name, make())).toEqual([`${name} → Hoa-don.app`]);
  });
  it('a bundle laid out under another folder name (Contents/Info.plist beside Contents/MacOS)', async () => {
    const files = { 'Hoa-don/Contents/Info.plist': APP['Hoa-don.app/Contents/Info.plist'], 'Hoa-don/Contents/MacOS/run': APP['Hoa-don.app/Contents/MacOS/Hoa-don'] };
    expect(await apps('hoa-don.tar', packWithTool(files, 'tar', ['-cf', 'out.bin', 'Hoa-don']))).toEqual(['hoa-don.tar → Hoa-don']);
  });
  it('a folder of documents named Contents is not an app', async () => {
    expect(await apps('tai-lieu.tar', packWithTool({ 'Bao cao/Contents/muc-luc.txt': 'a', 'Bao cao/Info.plist': 'b' }, 'tar', ['-cf', 'out.bin', 'Bao cao']))).toEqual([]);
  });

  const machO = (magic: number, tail = Buffer.alloc(64)) => {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(magic, 0);
    return Buffer.concat([b, tail]);
  };
  it.each([
    ['32-bit big-endian', machO(0xfeedface)],
    ['64-bit big-endian', machO(0xfeedfacf)],
    ['32-bit little-endian', machO(0xcefaedfe)],
    ['universal (fat, two architectures)', Buffer.concat([Buffer.from('cafebabe00000002', 'hex'), Buffer.alloc(64)])],
  ])('Mach-O %s is macho by its magic', async (_, bytes) => {
    expect((await sniffType(bytes))?.ext).toBe('macho');
  });
  it('a Java class file (cafebabe, then its version 52) stays a class', async () => {
    expect((await sniffType(Buffer.concat([Buffer.from('cafebabe00000034', 'hex'), Buffer.alloc(64)])))?.ext).toBe('class');
  });
  it('a Mach-O renamed "bao-cao.pdf" in a zip is a dangerous program', async () => {
    const zip = packWithTool({ 'bao-cao.pdf': machO(0xcefaedfe) }, 'zip', ['-q', 'out.bin', 'bao-cao.pdf']);
    const f = (await walkFile('bao-cao.zip', zip)).find((x) => x.kind === 'attachment.dangerous-type');
    expect(f?.tags).toEqual(['macho', 'disguised']);
  });
});
