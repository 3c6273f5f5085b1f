/**
 * Seed messages for the fuzzer built here rather than committed: each carries one of the formats
 * the newer readers handle (embedded files in a clear PDF, OLE Package objects, RC4-encrypted .doc
 * and .ppt opened with the password in the text, download / file: / UNC links, header-only and
 * signed header blocks, forwarded messages holding an attachment to strip), so that the mutators
 * start from inputs that reach those readers instead of hoping random bytes find them.
 *
 * Plus the malformed messages test-fixtures/malformed/generate.mjs builds (not committed), the
 * smaller ones only: a seed of a megabyte makes every run of it slow without reaching more code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as o from '../../../test-fixtures/attachments/office-payloads.mjs';
import * as p from '../../../test-fixtures/attachments/payloads.mjs';
import { compoundFile, encryptPresentation, encryptWordStreams, wordDocumentStream } from '../../src/scan/attachments/doc-crypto-builder.js';
import { exOleObjStg, record } from '../../src/scan/attachments/lure-fixtures.js';
import { newerFormatSeeds } from './newer-format-seeds.js';

export interface Seed {
  name: string;
  bytes: Buffer;
}

/** Generated malformed fixtures larger than this are left out of the seeds. */
const MAX_GENERATED_SEED = 256 * 1024;
const PASSWORD = 'Mk@2024';

const b64 = (data: Buffer) => data.toString('base64').replace(/.{1,76}/g, '$&\r\n');

/** A multipart/mixed message: a text part, then each attachment base64-encoded. */
function mail(subject: string, text: string, files: Array<{ name: string; type: string; data: Buffer }>, extraHead = ''): Buffer {
  const b = '----=_lachan_fuzz';
  const parts = files.map(
    (f) =>
      `--${b}\r\nContent-Type: ${f.type}; name="${f.name}"\r\nContent-Disposition: attachment; filename="${f.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(f.data)}`,
  );
  return Buffer.from(
    `From: Phong Ke toan <ke.toan@sender.example>\r\nTo: nhan.vien@lachan.test\r\nSubject: ${subject}\r\nDate: Mon, 4 Nov 2024 08:00:00 +0700\r\n` +
      `Message-ID: <fuzz-${subject.replace(/\W+/g, '-')}@sender.example>\r\n${extraHead}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n` +
      `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n${parts.join('')}--${b}--\r\n`,
    'utf8',
  );
}


const pdfWith = p.pdfWithEmbedded;
const packageBin = o.packageBin;

function encryptedDoc(opts: Parameters<typeof encryptWordStreams>[4]): Buffer {
  const text = Buffer.concat([Buffer.from('Kính gửi \x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/c calc" \x14 x\x15', 'latin1'), Buffer.alloc(700, 0x61), p.EICAR]);
  const sealed = encryptWordStreams(wordDocumentStream(text), Buffer.alloc(1500, 0x33), Buffer.alloc(800, 0x44), PASSWORD, opts);
  return compoundFile(sealed.streams);
}

function encryptedPpt(): Buffer {
  const records = [
    record(0xf, 0, 0x03e8, Buffer.concat([record(1, 0, 0x03e9, Buffer.alloc(40)), record(0, 0, 0x0fa0, Buffer.alloc(600, 0x41))])),
    record(0xf, 0, 0x03ee, record(1, 0, 0x03ef, Buffer.alloc(24))),
    exOleObjStg(packageBin('huong-dan.js', o.FAKE_PROGRAM)),
  ];
  return compoundFile(encryptPresentation(records, PASSWORD).streams);
}


/** A forwarded message (message/rfc822) `depth` levels deep, the innermost holding a PDF and a script. */
function forwardedChain(depth: number): Buffer {
  let inner =
    'From: b@bad.example\r\nSubject: fwd inner\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="in"\r\n\r\n' +
    `--in\r\nContent-Type: text/plain\r\n\r\nbên trong\r\n--in\r\nContent-Type: application/pdf; name="bao-cao.pdf"\r\nContent-Disposition: attachment; filename="bao-cao.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(pdfWith([{ name: 'run.exe', data: p.makePe() }]))}` +
    `--in\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="hoa-don.vbs"\r\n\r\nWScript.Echo "x"\r\n--in--\r\n`;
  for (let i = 0; i < depth; i++) {
    inner =
      `From: m${i}@bad.example\r\nSubject: fwd ${i}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="f${i}"\r\n\r\n` +
      `--f${i}\r\nContent-Type: text/plain\r\n\r\nchuyển tiếp ${i}\r\n--f${i}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd${i}.eml"\r\n\r\n${inner}\r\n--f${i}--\r\n`;
  }
  return Buffer.from(inner.replace(/^From: m\d+@bad\.example/, 'From: m@bad.example\r\nTo: staff@lachan.test'), 'utf8');
}

const LINKS_HTML = [
  '<p>Tải hồ sơ: <a href="https://firebasestorage.googleapis.com/v0/b/x/o/docs%2FHoaDon.zip?alt=media">HoaDon.zip</a></p>',
  '<p><a href="https://transfer.sh/abc/bien-ban.iso">bien-ban.iso</a> <a href="https://cdn.discordapp.com/attachments/1/2/setup.msi">setup</a></p>',
  '<p><a href="file://203.0.113.7/share/hoa-don.lnk">\\\\203.0.113.7\\share</a> <a href="\\\\evil.example@SSL\\DavWWWRoot\\x.url">mạng</a></p>',
  '<p><a href="search-ms:query=hoa-don&crumb=location:\\\\203.0.113.7\\s">tìm</a> <a href="ms-msdt:/id PCWDiagnostic">x</a></p>',
  '<p>Cảnh giác lừa đảo: không cung cấp mã OTP, không nhấp đường link lạ, cơ quan công an không gọi điện yêu cầu chuyển tiền.</p>',
].join('\r\n');

/** The seeds built in code (see the top of this file). */
export async function formatSeeds(): Promise<Seed[]> {
  const withPassword = `Gửi anh hồ sơ tháng 3.\r\nMật khẩu: ${PASSWORD}\r\n`;
  const list: Array<[string, Buffer]> = [
    ['pdf-embedded-exe', mail('PDF kem file', 'Gửi anh.', [{ name: 'hoa-don.pdf', type: 'application/pdf', data: pdfWith([{ name: 'hoa-don.exe', data: p.makePe() }, { name: 'ghi-chu.txt', data: Buffer.from('x'), raw: true }]) }])],
    ['pdf-embedded-untyped-zip', mail('PDF kem zip', 'Gửi anh.', [{ name: 'ho-so.pdf', type: 'application/pdf', data: pdfWith([{ name: 'a.zip', data: await p.makeZip({ 'x.js': 'WScript.Echo(1)' }), typed: false }]) }])],
    ['doc-rc4-cryptoapi', mail('Word co mat khau', withPassword, [{ name: 'cong-van.doc', type: 'application/msword', data: encryptedDoc({ scheme: 'cryptoapi' }) }])],
    ['doc-rc4-md5', mail('Word RC4', withPassword, [{ name: 'to-trinh.doc', type: 'application/msword', data: encryptedDoc({ scheme: 'rc4' }) }])],
    ['ppt-rc4-package', mail('PowerPoint co mat khau', withPassword, [{ name: 'bai-giang.ppt', type: 'application/vnd.ms-powerpoint', data: encryptedPpt() }])],
    ['docx-ole-package', mail('Docx package', 'Gửi anh.', [{ name: 'ke-hoach.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: await o.makeDocx({ files: { 'word/embeddings/oleObject1.bin': packageBin('setup.exe', o.FAKE_PROGRAM) } }) }])],
    ['rtf-ole-package', mail('RTF package', 'Gửi anh.', [{ name: 'thong-bao.rtf', type: 'application/rtf', data: o.makeRtf({ objects: [{ objclass: 'Package', data: o.ole1Object('Package', o.packageNative('run.bat', o.FAKE_PROGRAM)) }] }) }])],
    ['links-delivery', Buffer.from(`From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: Tai ho so\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>${LINKS_HTML}</body></html>\r\n`, 'utf8')],
    ['headers-only', Buffer.from('From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: chi co tieu de\r\nX-Long: a\r\n b\r\n', 'latin1')],
    ['headers-dkim', Buffer.from('DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=s1; h=from:to; bh=AAAA; b=BBBB\r\nFrom: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: ky\r\n\r\nthân\r\n', 'latin1')],
    ['forwarded-chain-4', forwardedChain(4)],
    // the compound file that made cfb abort the process (cfb-guard.ts): directory entries each other's siblings
    ['doc-directory-loop', mail('Cong van', 'Gửi anh.', [{ name: 'cong-van.doc', type: 'application/msword', data: o.makeLoopedDirectoryDoc() }])],
    // XOR Office, disk images, encoded forwards, duplicates, pictures, packaged files (newer-format-seeds.ts)
    ...(await newerFormatSeeds()),
  ];
  return list.map(([name, bytes]) => ({ name: `format/${name}`, bytes }));
}

/** test-fixtures/ham-vi/*.eml: ordinary Vietnamese mail (awareness notices, reports, links). */
export function hamSeeds(fixtures: string): Seed[] {
  const dir = path.join(fixtures, 'ham-vi');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => ({ name: `ham-vi/${f}`, bytes: readFileSync(path.join(dir, f)) }));
}

/** The generated malformed fixtures of at most MAX_GENERATED_SEED bytes. */
export async function generatedSeeds(fixtures: string): Promise<Seed[]> {
  const generator = (await import(pathToFileURL(path.join(fixtures, 'malformed', 'generate.mjs')).href)) as {
    generatedFixtures(): Seed[];
  };
  return generator
    .generatedFixtures()
    .filter((s) => s.bytes.length <= MAX_GENERATED_SEED)
    .map((s) => ({ name: `generated/${s.name}`, bytes: s.bytes }));
}
