/**
 * Seed messages for the readers added after format-seeds.ts (which includes these): XOR-obfuscated
 * .xls and .doc, partitioned disk images (MBR, GPT) and Apple DMGs (UDIF), forwarded messages sent
 * base64 or quoted-printable (act/encoded-forward.ts), many identical attachments (duplicates.ts),
 * pictures OCR looks at (BMP, WebP: scan/ocr/pictures.ts), and packaged files inside an encrypted
 * .docx and in a non-OLE `embeddings/*.bin` (ooxml-packages.ts).
 *
 * Built with the tests' own builders and Debian's tools (sfdisk, mkfs.fat --invariant, mtools with
 * fixed file times), all deterministic: the same seed index gives the same bytes in every run (the
 * one random source, the Office encryption salt, is drawn from a fixed sequence while it is built).
 * Each is small (a few KB to ~250 KB): the disks are 64 KiB file systems at sector 34 or 63.
 */
import { spawnSync } from 'node:child_process';
import * as nodeCrypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import CFB from 'cfb';
import * as o from '../../../test-fixtures/attachments/office-payloads.mjs';
import * as p from '../../../test-fixtures/attachments/payloads.mjs';
import { makeLnk } from '../../src/scan/attachments/chain-fixtures.js';
import { compoundFile, wordDocumentStream } from '../../src/scan/attachments/doc-crypto-builder.js';
import { encryptOoxml } from '../../src/scan/attachments/office-crypto-builder.js';
import { xorObfuscateWordStreams, xorObfuscateWorkbookStream } from '../../src/scan/attachments/office-xor-builder.js';
import { buildUdif } from '../../src/scan/attachments/udif-builder.js';
import { xlsFile } from '../../src/scan/attachments/xls-crypto-builder.js';

export const PASSWORD = 'Mk@2024';
const b64 = (data: Buffer) => data.toString('base64').replace(/.{1,76}/g, '$&\r\n');

export interface SeedFile {
  name: string;
  type: string;
  data: Buffer;
  /** 'inline' for a picture shown in the body */
  disposition?: string;
}

/** A multipart/mixed message: a text part (none when `text` is undefined), then each file base64-encoded. */
export function seedMail(subject: string, text: string | undefined, files: SeedFile[]): Buffer {
  const b = '----=_lachan_fuzz2';
  const parts = files.map(
    (f) =>
      `--${b}\r\nContent-Type: ${f.type}; name="${f.name}"\r\nContent-Disposition: ${f.disposition ?? 'attachment'}; filename="${f.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(f.data)}`,
  );
  const textPart = text === undefined ? '' : `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;
  return Buffer.from(
    `From: Phong Ke toan <ke.toan@sender.example>\r\nTo: nhan.vien@lachan.test\r\nSubject: ${subject}\r\nDate: Mon, 4 Nov 2024 08:00:00 +0700\r\n` +
      `Message-ID: <fuzz2-${subject.replace(/\W+/g, '-')}@sender.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n` +
      `${textPart}${parts.join('')}--${b}--\r\n`,
    'utf8',
  );
}

/** Runs `build` with crypto.randomBytes answering a fixed byte sequence (the builders' salts and IVs). */
function withFixedRandom<T>(build: () => T): T {
  const real = nodeCrypto.randomBytes;
  let counter = 0;
  const fixed = ((n: number) => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = (counter++ * 131 + 17) & 0xff;
    return out;
  }) as typeof nodeCrypto.randomBytes;
  const cjs = (nodeCrypto as unknown as { default: typeof nodeCrypto }).default;
  cjs.randomBytes = fixed;
  syncBuiltinESMExports();
  try {
    return build();
  } finally {
    cjs.randomBytes = real;
    syncBuiltinESMExports();
  }
}

// ---- XOR-obfuscated .xls and .doc --------------------------------------------------------------

function workbookOf(file: Buffer): Buffer {
  const entry = CFB.find(CFB.read(file, { type: 'buffer' }), 'Workbook');
  if (!entry?.content) throw new Error('no Workbook stream');
  return Buffer.from(entry.content as Uint8Array);
}

export function xorXls(password: string): Buffer {
  return xlsFile(xorObfuscateWorkbookStream(workbookOf(p.makeXls({ macroSheet: 'very-hidden' })), password).stream);
}

export function xorDoc(password: string): Buffer {
  const text = Buffer.concat([Buffer.from('Kính gửi \x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/c calc" \x14 x\x15', 'latin1'), Buffer.alloc(300, 0x61), p.EICAR, Buffer.alloc(200)]);
  const table = Buffer.alloc(600, 0x33);
  const data = Buffer.alloc(400, 0x44);
  return compoundFile(xorObfuscateWordStreams(wordDocumentStream(text), table, data, password).streams);
}

// ---- disk images -------------------------------------------------------------------------------

const GPT_BASIC = 'type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7';

/** Raw MBR and GPT disks holding a 64 KiB FAT12 with a shortcut and a program, and DMGs of that FAT. */
export function diskImages(): Record<'mbr' | 'gpt2' | 'fat' | 'dmgZlib' | 'dmgRaw', Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lachan-fuzz-disks-'));
  const run = (cmd: string, args: string[], input?: string) => {
    const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 30_000, ...(input === undefined ? {} : { input }) });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error}`);
  };
  const disk = (file: string, sectors: number, script: string) => {
    run('truncate', ['-s', String(sectors * 512), file]);
    run('sfdisk', ['-q', '--no-reread', '--no-tell-kernel', file], script);
  };
  const place = (fs: string, file: string, start: number) => run('dd', [`if=${fs}`, `of=${file}`, 'bs=512', `seek=${start}`, 'conv=notrunc', 'status=none']);
  try {
    const when = new Date('2024-11-04T01:00:00Z');
    for (const [name, data] of [['Hoa-Don.lnk', makeLnk()], ['tai-lieu.exe', p.makePe()], ['doc-truoc.txt', Buffer.from('Xin chao\r\n')]] as const) {
      writeFileSync(path.join(dir, name), data);
      utimesSync(path.join(dir, name), when, when);
    }
    run('mkfs.fat', ['--invariant', '-C', 'payload.fat', '64']);
    run('mcopy', ['-m', '-i', 'payload.fat', 'Hoa-Don.lnk', 'tai-lieu.exe', '::/']);
    run('mkfs.fat', ['--invariant', '-C', 'decoy.fat', '64']);
    run('mcopy', ['-m', '-i', 'decoy.fat', 'doc-truoc.txt', '::/']);
    // MBR: one FAT partition at sector 63
    disk('mbr.img', 63 + 128, 'label: dos\nlabel-id: 0x1a2b3c4d\nstart=63, size=128, type=1\n');
    place('payload.fat', 'mbr.img', 63);
    // GPT: the decoy, then the payload (fixed disk and partition GUIDs)
    const uuid = (n: number) => `uuid=11111111-2222-3333-4444-55555555555${n}`;
    disk(
      'gpt2.img',
      34 + 256 + 33,
      `label: gpt\nlabel-id: 0B5B7E3C-3E0B-4C47-9E4A-1D2C3B4A5968\nfirst-lba: 34\nstart=34, size=128, ${GPT_BASIC}, ${uuid(1)}, name="TRONG"\nstart=162, size=128, ${GPT_BASIC}, ${uuid(2)}, name="HOADON"\n`,
    );
    place('decoy.fat', 'gpt2.img', 34);
    place('payload.fat', 'gpt2.img', 162);
    const fat = readFileSync(path.join(dir, 'payload.fat'));
    return {
      mbr: readFileSync(path.join(dir, 'mbr.img')),
      gpt2: readFileSync(path.join(dir, 'gpt2.img')),
      fat,
      dmgZlib: buildUdif(fat, { compression: 'zlib', chunkSectors: 32 }),
      dmgRaw: buildUdif(fat, { compression: 'raw', chunkSectors: 64, partitionName: 'disk image (Apple_HFS : 1)' }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- forwarded messages sent base64 or quoted-printable ----------------------------------------

/** A forwarded message holding a text part, a PDF and a program (the strip target). */
export function forwardedInner(): Buffer {
  return Buffer.from(
    [
      'From: b@example.org',
      'Subject: =?UTF-8?B?' + Buffer.from('Báo cáo').toString('base64') + '?=',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Nội dung thư chuyển tiếp: xem báo cáo đính kèm.',
      '-- ',
      'Chữ ký, a line starting with dashes',
      '--in',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(p.makePdf('bao cao chuyen tiep')).trimEnd(),
      '--in',
      'Content-Type: application/octet-stream; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(p.makePe()).trimEnd(),
      '--in--',
      '',
    ].join('\r\n'),
    'utf8',
  );
}

/** Quoted-printable as a mail client writes it (lines of at most 76, '=' and 8-bit escaped). */
function qp(data: Buffer): string {
  return data
    .toString('latin1')
    .split('\r\n')
    .map((line) => {
      const esc = line.replace(/[=\x80-\xff\x00-\x08]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).replace(/[ \t]$/, (c) => (c === ' ' ? '=20' : '=09'));
      const out: string[] = [];
      let rest = esc;
      while (rest.length > 76) {
        let cut = 75;
        if (rest[cut - 1] === '=') cut -= 1;
        else if (rest[cut - 2] === '=') cut -= 2;
        out.push(`${rest.slice(0, cut)}=`);
        rest = rest.slice(cut);
      }
      out.push(rest);
      return out.join('\r\n');
    })
    .join('\r\n');
}

export function encodedForward(encoding: 'base64' | 'quoted-printable'): Buffer {
  const inner = forwardedInner();
  const body = encoding === 'base64' ? b64(inner) : `${qp(inner)}\r\n`;
  return Buffer.from(
    'From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: Fwd: Bao cao\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="out"\r\n\r\n' +
      '--out\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nChuyển tiếp thư bên dưới.\r\n' +
      `--out\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd.eml"\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}` +
      '--out--\r\n',
    'utf8',
  );
}

// ---- pictures OCR looks at ---------------------------------------------------------------------

/** A bottom-up 24-bit BMP (BITMAPINFOHEADER, or the 12-byte OS/2 BITMAPCOREHEADER) with dark bars on white. */
export function bmpPicture(width: number, height: number, core = false): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const header = core ? 12 : 40;
  const out = Buffer.alloc(14 + header + row * height, 0xff);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(0, 6);
  out.writeUInt32LE(14 + header, 10);
  out.writeUInt32LE(header, 14);
  if (core) {
    out.writeUInt16LE(width, 18);
    out.writeUInt16LE(height, 20);
    out.writeUInt16LE(1, 22);
    out.writeUInt16LE(24, 24);
  } else {
    out.fill(0, 18, 54);
    out.writeInt32LE(width, 18);
    out.writeInt32LE(height, 22);
    out.writeUInt16LE(1, 26);
    out.writeUInt16LE(24, 28);
    out.writeUInt32LE(row * height, 34);
  }
  const start = 14 + header;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if (y % 8 < 3 && x % 12 < 8) out.fill(0x10, start + y * row + x * 3, start + y * row + x * 3 + 3);
  }
  return out;
}

/** LSB-first bits, as VP8L reads them. */
class BitWriter {
  bytes: number[] = [];
  #bit = 0;
  put(value: number, bits: number): this {
    for (let i = 0; i < bits; i++) {
      if (this.#bit % 8 === 0) this.bytes.push(0);
      if ((value >>> i) & 1) this.bytes[this.bytes.length - 1]! |= 1 << this.#bit % 8;
      this.#bit++;
    }
    return this;
  }
}

function riff(chunks: Array<[string, Buffer]>): Buffer {
  const body = Buffer.concat(
    chunks.map(([id, data]) => {
      const head = Buffer.alloc(8);
      head.write(id, 0, 'latin1');
      head.writeUInt32LE(data.length, 4);
      return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
    }),
  );
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/**
 * A lossless WebP (VP8L) of one colour: no transform, no colour cache, no meta codes, and five
 * "simple" prefix codes of one symbol each (green, red, blue, alpha, distance), so each pixel
 * takes no bits. `extended`: inside a VP8X container.
 */
export function webpLossless(width: number, height: number, extended = false): Buffer {
  const w = new BitWriter().put(0x2f, 8).put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3);
  w.put(0, 1).put(0, 1).put(0, 1); // no transform, no colour cache, no meta prefix codes
  for (const symbol of [0xf0, 0xf0, 0xf0, 0xff, 0]) w.put(1, 1).put(0, 1).put(1, 1).put(symbol, 8);
  const vp8l = Buffer.from(w.bytes);
  if (!extended) return riff([['VP8L', vp8l]]);
  const x = Buffer.alloc(10);
  x.writeUIntLE(width - 1, 4, 3);
  x.writeUIntLE(height - 1, 7, 3);
  return riff([['VP8X', x], ['VP8L', vp8l]]);
}

/** A lossy WebP (VP8) key frame header of the given size, then bytes no decoder reads as a picture. */
export function webpLossyHeader(width: number, height: number): Buffer {
  const frame = Buffer.alloc(64, 0x5a);
  frame.writeUIntLE(0x000010 | (frame.length << 5), 0, 3); // key frame, version 0, shown
  frame[3] = 0x9d;
  frame[4] = 0x01;
  frame[5] = 0x2a;
  frame.writeUInt16LE(width, 6);
  frame.writeUInt16LE(height, 8);
  return riff([['VP8 ', frame]]);
}

/** A message of pictures only (no text part): what OCR reads. */
function pictureMail(subject: string, pictures: Array<[string, string, Buffer]>): Buffer {
  return seedMail(subject, undefined, pictures.map(([name, type, data]) => ({ name, type, data, disposition: 'inline' })));
}

// ---- the seeds ---------------------------------------------------------------------------------

export async function newerFormatSeeds(): Promise<Array<[string, Buffer]>> {
  const withPassword = `Gửi anh hồ sơ tháng 3.\r\nMật khẩu: ${PASSWORD}\r\n`;
  const disks = diskImages();
  const js = Buffer.from('WScript.Echo("hoa don");\r\n');
  const innerZip = await p.makeZip({ 'hoa-don.js': js.toString('latin1') });
  const nearly = Buffer.from(js);
  nearly[nearly.length - 3] = nearly[nearly.length - 3]! ^ 1;
  const docxWithPackage = await o.makeDocx({ files: { 'word/embeddings/oleObject1.bin': o.packageBin('setup.exe', o.FAKE_PROGRAM) } });
  const encryptedDocx = withFixedRandom(() => encryptOoxml(docxWithPackage, PASSWORD, { scheme: 'agile', spinCount: 1000 }));
  const XLS = 'application/vnd.ms-excel';
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  return [
    ['xls-xor-velvet', seedMail('Bang ke XOR', 'Gửi anh bảng kê.', [{ name: 'bang-ke.xls', type: XLS, data: xorXls('VelvetSweatshop') }])],
    ['xls-xor-password', seedMail('Bang ke XOR mat khau', withPassword, [{ name: 'bang-ke.xls', type: XLS, data: xorXls(PASSWORD) }])],
    ['doc-xor-password', seedMail('Cong van XOR', withPassword, [{ name: 'cong-van.doc', type: 'application/msword', data: xorDoc(PASSWORD) }])],
    ['disk-mbr', seedMail('Dia MBR', 'Gửi anh.', [{ name: 'ho-so.img', type: 'application/octet-stream', data: disks.mbr }])],
    ['disk-gpt-two', seedMail('Dia GPT', 'Gửi anh.', [{ name: 'ho-so.img', type: 'application/octet-stream', data: disks.gpt2 }])],
    ['dmg-zlib', seedMail('Dia DMG', 'Gửi anh.', [{ name: 'cai-dat.dmg', type: 'application/x-apple-diskimage', data: disks.dmgZlib }])],
    ['dmg-raw', seedMail('Dia DMG raw', 'Gửi anh.', [{ name: 'cai-dat.dmg', type: 'application/octet-stream', data: disks.dmgRaw }])],
    ['forward-base64', encodedForward('base64')],
    ['forward-quoted-printable', encodedForward('quoted-printable')],
    [
      'duplicates-one-byte-apart',
      seedMail('Nhieu tep giong nhau', 'Gửi anh.', [
        ...Array.from({ length: 12 }, (_, i) => ({ name: i % 3 ? `hoa-don-${i}.js` : 'hoa-don.js', type: 'application/javascript', data: js })),
        { name: 'hoa-don-13.js', type: 'application/javascript', data: nearly },
        ...Array.from({ length: 4 }, () => ({ name: 'ho-so.zip', type: 'application/zip', data: innerZip })),
      ]),
    ],
    ['duplicate-members', seedMail('Zip giong nhau', 'Gửi anh.', [{ name: 'tong-hop.zip', type: 'application/zip', data: await p.makeZip(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`ho-so-${i}.zip`, innerZip]))) }])],
    ['pictures-bmp-webp', pictureMail('Anh', [['thong-bao.bmp', 'image/bmp', bmpPicture(96, 40)], ['ma.webp', 'image/webp', webpLossless(64, 32)]])],
    ['pictures-webp-kinds', pictureMail('Anh webp', [['a.webp', 'image/webp', webpLossless(40, 24, true)], ['b.webp', 'image/webp', webpLossyHeader(48, 32)], ['c.bmp', 'image/bmp', bmpPicture(32, 24, true)]])],
    ['docx-encrypted-package', seedMail('Docx co mat khau', withPassword, [{ name: 'ke-hoach.docx', type: DOCX, data: encryptedDocx }])],
    ['docx-bin-not-ole', seedMail('Docx bin', 'Gửi anh.', [{ name: 'bao-cao.docx', type: DOCX, data: await o.makeDocx({ files: { 'word/embeddings/oleObject1.bin': innerZip, 'word/embeddings/oleObject2.bin': p.makePe() } }) }])],
  ];
}
