import { createHash } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import type { ScanLimits } from '../../config/types.js';
import { makePolicy } from '../test-helpers.js';
import { createClamdClient } from './clamd.js';
import { compoundFile, encryptPresentation, encryptWordStreams, wordDocumentStream } from './doc-crypto-builder.js';
import { biff, exOleObjStg, record } from './lure-fixtures.js';
import { candidatesFromText } from './passwords.js';
import { fakeClamd, findingLines, walkFile } from './test-helpers.js';
import { encryptWorkbookStream, xlsFile } from './xls-crypto-builder.js';

/**
 * The files OLE Package objects carry inside RC4-encrypted .doc, .xls and .ppt files (walk-office.ts walkOle,
 * macros.ts openLockedOle): once a password opens the file, they are walked from its decrypted
 * copy, as "cong-van.doc → decrypted → ObjectPool/_1712345678 → hoa-don.exe", with the checks and
 * the limits of a clear file's packaged files; a file no password opens still has its clear
 * storages' packaged files walked (Word and Excel never encrypt ObjectPool and MBD storages).
 */

const POOL = '/ObjectPool/_1712345678';
/** A .doc's ObjectPool storage holding a Package object that carries `name`. */
const packagedIn = (storage: string, name: string, data: Buffer = o.FAKE_PROGRAM): Record<string, Buffer> => ({
  [`${storage}/\u0001Ole10Native`]: o.ole10NativeStream(name, data),
  [`${storage}/\u0001CompObj`]: o.compObj('OLE Package', 'Package'),
});

const wordText = () => Buffer.concat([Buffer.from('Kính gửi anh chị công văn số 12', 'latin1'), Buffer.alloc(900, 0x61)]);
const TABLE = () => Buffer.alloc(1500, 0x33);
const DATA = () => Buffer.alloc(800, 0x44);

function clearDoc(name: string, data?: Buffer): Buffer {
  return compoundFile({ WordDocument: wordDocumentStream(wordText()), '1Table': TABLE(), Data: DATA() }, packagedIn(POOL, name, data));
}

function encryptedDoc(password: string, name: string, data?: Buffer): Buffer {
  const sealed = encryptWordStreams(wordDocumentStream(wordText()), TABLE(), DATA(), password);
  return compoundFile(sealed.streams, packagedIn(POOL, name, data));
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function walk(name: string, file: Buffer, text: string, opts: { limits?: Partial<ScanLimits>; listed?: Buffer } = {}) {
  const policy = opts.listed ? makePolicy({ lists: { bad: { type: 'hash', entries: [sha(opts.listed)] } } }) : undefined;
  return walkFile(name, file, { limits: opts.limits, policy, clamd: fakeClamd({ needles: { 'Fake.EICAR': p.EICAR } }), passwords: () => candidatesFromText(text) });
}
const lines = async (...args: Parameters<typeof walk>) => findingLines(await walk(...args));
/** The lines about members, "→ decrypted" dropped: what a clear file's walk says of the same members. */
const asClear = (ls: string[]) => ls.filter((l) => l.includes('→')).map((l) => l.replace(' → decrypted', ''));

describe('an encrypted .doc packaging a program', () => {
  it('opened with the password in the message: the packaged program is found on "… → decrypted → …", as in the clear file', async () => {
    const clear = await lines('cong-van.doc', clearDoc('hoa-don.exe'), 'Gửi anh.', { listed: o.FAKE_PROGRAM });
    expect(clear).toEqual([
      `attachment.dangerous-type cong-van.doc → ${POOL.slice(1)} → hoa-don.exe exe`,
      'attachment.embedded-object cong-van.doc package,exe,executable,ole',
      `attachment.listed cong-van.doc → ${POOL.slice(1)} → hoa-don.exe`,
    ]);
    const opened = await lines('cong-van.doc', encryptedDoc('Kt@2024', 'hoa-don.exe'), 'Mật khẩu: Kt@2024', { listed: o.FAKE_PROGRAM });
    expect(opened).toEqual([
      `attachment.dangerous-type cong-van.doc → decrypted → ${POOL.slice(1)} → hoa-don.exe exe`,
      'attachment.embedded-object cong-van.doc package,exe,executable,ole',
      'attachment.encrypted cong-van.doc office,opened,password-in-message,doc',
      `attachment.listed cong-van.doc → decrypted → ${POOL.slice(1)} → hoa-don.exe`,
    ]);
    expect(asClear(opened)).toEqual(clear.filter((l) => l.includes('→')));
  });

  it('opened with a common password: a packaged script is found the same way', async () => {
    const found = await lines('huong-dan.doc', encryptedDoc('123456', 'huong-dan.js'), 'Gửi anh.');
    expect(found).toEqual([
      `attachment.dangerous-type huong-dan.doc → decrypted → ${POOL.slice(1)} → huong-dan.js js`,
      'attachment.embedded-object huong-dan.doc package,js,executable,ole',
      'attachment.encrypted huong-dan.doc office,opened,common-password,doc',
    ]);
  });

  it('sends the decrypted copy and the packaged file to ClamAV: EICAR is found on the member', async () => {
    const findings = await walk('cong-van.doc', encryptedDoc('Kt@2024', 'eicar.com', p.EICAR), 'Mật khẩu: Kt@2024');
    const viruses = findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject);
    expect(viruses).toEqual(expect.arrayContaining(['cong-van.doc → decrypted', `cong-van.doc → decrypted → ${POOL.slice(1)} → eicar.com`]));
  });

  it('not opened: the packaged file in its clear ObjectPool is still walked, named as in a clear file', async () => {
    const found = await lines('cong-van.doc', encryptedDoc('khong-co-trong-thu', 'hoa-don.exe'), 'Mật khẩu: 998877');
    expect(found).toEqual([
      `attachment.dangerous-type cong-van.doc → ${POOL.slice(1)} → hoa-don.exe exe`,
      'attachment.embedded-object cong-van.doc package,exe,executable,ole',
      'attachment.encrypted cong-van.doc office,not-opened,password-in-message,doc',
    ]);
  });

  it('keeps to the depth and entry limits: the copy is one level, its packaged file one more', async () => {
    const file = encryptedDoc('Kt@2024', 'hoa-don.exe');
    const text = 'Mật khẩu: Kt@2024';
    const members = (ls: string[]) => ls.filter((l) => !l.startsWith('attachment.encrypted') && !l.startsWith('attachment.embedded-object'));
    // depth 0: nothing is opened below the attachment (not even the copy for ClamAV)
    expect(members(await lines('cong-van.doc', file, text, { limits: { archiveMaxDepth: 0 } }))).toEqual(['attachment.archive-limit cong-van.doc depth']);
    // depth 1: ClamAV gets the copy, but what it packages is a level deeper: said on the copy
    expect(members(await lines('cong-van.doc', file, text, { limits: { archiveMaxDepth: 1 } }))).toEqual(['attachment.archive-limit cong-van.doc → decrypted depth']);
    // entries: the copy is the one entry allowed
    expect(members(await lines('cong-van.doc', file, text, { limits: { archiveMaxEntries: 1 } }))).toEqual([
      `attachment.archive-limit cong-van.doc → decrypted → ${POOL.slice(1)} → hoa-don.exe entries`,
    ]);
    // a zip holding it: zip → .doc → decrypted → program, each a level
    const zip = await p.makeZip({ 'cong-van.doc': file });
    expect(members(await lines('ho-so.zip', zip, text, { limits: { archiveMaxDepth: 2 } }))).toEqual(['attachment.archive-limit ho-so.zip → cong-van.doc → decrypted depth']);
    expect(members(await lines('ho-so.zip', zip, text, { limits: { archiveMaxDepth: 3 } }))).toEqual([
      `attachment.dangerous-type ho-so.zip → cong-van.doc → decrypted → ${POOL.slice(1)} → hoa-don.exe exe`,
    ]);
  });
});

describe('an encrypted .xls and .ppt packaging a program', () => {
  const u16 = (...vs: number[]) => Buffer.concat(vs.map((v) => Buffer.from([v & 0xff, (v >> 8) & 0xff])));
  const workbook = () => Buffer.concat([biff(0x0809, u16(0x0600, 0x0005, 0x0dbb, 0x07cc, 0, 0, 0, 0)), biff(0x00e1, u16(1200)), biff(0x0042, u16(1200)), biff(0x00fc, Buffer.alloc(1500, 0x41)), biff(0x000a)]);
  const MBD = '/MBD00A1B2C3';

  it('an .xls opened with Excel\'s default password: its MBD storage\'s packaged shortcut is walked from the copy', async () => {
    const sealed = encryptWorkbookStream(workbook(), 'VelvetSweatshop');
    const found = await lines('bang-ke.xls', xlsFile(sealed.stream, packagedIn(MBD, 'Bang-ke.pdf.lnk')), 'Gửi anh.');
    expect(found).toEqual([
      `attachment.dangerous-type bang-ke.xls → decrypted → ${MBD.slice(1)} → Bang-ke.pdf.lnk lnk`,
      `attachment.double-extension bang-ke.xls → decrypted → ${MBD.slice(1)} → Bang-ke.pdf.lnk pdf,lnk`,
      'attachment.embedded-object bang-ke.xls package,lnk,executable,ole,xls',
      'attachment.encrypted bang-ke.xls office,default-password,opened,xls',
    ]);
  });

  it('a .ppt opened with a password from the message: the program its encrypted ExOleObjStg packages is walked; a wrong password walks nothing', async () => {
    const records = [
      record(0xf, 0, 0x03e8, Buffer.concat([record(1, 0, 0x03e9, Buffer.alloc(40)), record(0, 0, 0x0fa0, Buffer.alloc(600, 0x41))])),
      record(0xf, 0, 0x03ee, record(1, 0, 0x03ef, Buffer.alloc(24))),
      exOleObjStg(o.packageBin('cap-nhat.scr', o.FAKE_PROGRAM)),
    ];
    const ppt = compoundFile(encryptPresentation(records, 'Kt@2024').streams);
    const opened = await lines('bao-cao.ppt', ppt, 'Mật khẩu: Kt@2024');
    expect(opened).toEqual([
      'attachment.dangerous-type bao-cao.ppt → decrypted → cap-nhat.scr scr',
      'attachment.embedded-object bao-cao.ppt package,scr,executable,ole,ppt',
      'attachment.encrypted bao-cao.ppt office,opened,password-in-message,ppt',
    ]);
    const locked = await lines('bao-cao.ppt', compoundFile(encryptPresentation(records, 'khong-dung').streams), 'Mật khẩu: Kt@2024');
    expect(locked).toEqual(['attachment.encrypted bao-cao.ppt office,not-opened,password-in-message,ppt']);
  });
});

const clamdUrl = inject('clamdUrl');
describe.skipIf(!clamdUrl)('EICAR packaged in an encrypted .doc and the real clamd — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const clamd = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => clamd.close());

  it('finds it on the packaged file walked from the decrypted copy', async () => {
    const file = encryptedDoc('Kt@2024', 'eicar.com', p.EICAR);
    const findings = await walkFile('cong-van.doc', file, { clamd, passwords: () => candidatesFromText('Mật khẩu: Kt@2024') });
    expect(findings.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject)).toContain(`cong-van.doc → decrypted → ${POOL.slice(1)} → eicar.com`);
  });
});
