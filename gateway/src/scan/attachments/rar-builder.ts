/**
 * Small RAR archives for tests, written byte by byte from the published format descriptions (no
 * `rar` here to make real ones): stored (method 0) files only, no compression.
 *  - RAR 5.0 (rarlab "RAR 5.0 archive format" technote): signature 52 61 72 21 1A 07 01 00, then
 *    headers of CRC32 (uint32) + size (vint) + type (vint) + flags (vint) + fields, vint = 7 bits
 *    per byte, low first, high bit = more.
 *  - RAR 1.5–4.x (technote.txt of RAR 3.x): marker 52 61 72 21 1A 07 00, blocks with a 16-bit CRC
 *    (low half of CRC32), type, flags and size.
 * Only for tests; nothing on the mail path imports this file.
 */
import { crc32 } from 'node:zlib';

export interface RarEntry {
  name: string;
  data?: Buffer | string;
  directory?: boolean;
  /** Marked as encrypted (the data is left as is: listing never decrypts). */
  encrypted?: boolean;
}

export interface RarOptions {
  /** RAR5: an archive encryption header, so every later header (the names) is hidden. RAR4: the MHD_PASSWORD flag. */
  encryptedHeaders?: boolean;
}

const RAR5_SIGNATURE = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]);
const RAR4_MARKER = Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]);
/** 2024-01-02 03:04:05 UTC: fixed, so the fixtures are deterministic. */
const MTIME = 1704164645;

export function vint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** One RAR5 header: CRC32 of (size + body), size, body (type, flags, fields, extra). */
function rar5Header(body: Buffer): Buffer {
  const size = vint(body.length);
  const crc = crc32(Buffer.concat([size, body]));
  return Buffer.concat([u32(crc), size, body]);
}

/** An extra-area record: size (of type + data), type, data. */
function rar5Record(type: number, data: Buffer): Buffer {
  const t = vint(type);
  return Buffer.concat([vint(t.length + data.length), t, data]);
}

export function makeRar5(entries: RarEntry[], opts: RarOptions = {}): Buffer {
  const parts: Buffer[] = [RAR5_SIGNATURE];
  if (opts.encryptedHeaders) {
    // archive encryption header (type 4): AES-256, password check present, KDF 2^15, salt, check value
    parts.push(rar5Header(Buffer.concat([vint(4), vint(0), vint(0), vint(0x0001), Buffer.from([15]), Buffer.alloc(16, 0x5a), Buffer.alloc(12, 0xa5)])));
    // what follows is encrypted (16-byte IV, then the AES data): random-looking bytes here
    const hidden = Buffer.alloc(96);
    for (let i = 0; i < hidden.length; i++) hidden[i] = (i * 151 + 17) & 0xff;
    parts.push(hidden);
    return Buffer.concat(parts);
  }
  // main archive header (type 1): no flags, archive flags 0
  parts.push(rar5Header(Buffer.concat([vint(1), vint(0), vint(0)])));
  for (const e of entries) {
    const data = e.directory ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
    const name = Buffer.from(e.name, 'utf8');
    const extra = e.encrypted
      ? // file encryption record (type 1): version 0 (AES-256), flags 1 (check value), KDF count, salt, IV, check value
        rar5Record(1, Buffer.concat([vint(0), vint(0x0001), Buffer.from([15]), Buffer.alloc(16, 0x11), Buffer.alloc(16, 0x22), Buffer.alloc(12, 0x33)]))
      : Buffer.alloc(0);
    const fileFlags = (e.directory ? 0x0001 : 0) | 0x0002 | (e.directory ? 0 : 0x0004);
    const headerFlags = 0x0002 | (extra.length > 0 ? 0x0001 : 0);
    const fields = [
      vint(2), // type: file header
      vint(headerFlags),
      ...(extra.length > 0 ? [vint(extra.length)] : []),
      vint(data.length), // data size
      vint(fileFlags),
      vint(data.length), // unpacked size
      vint(e.directory ? 0x10 : 0x20), // Windows attributes
      u32(MTIME),
      ...(e.directory ? [] : [u32(crc32(data))]),
      vint(e.directory ? 0 : 0), // compression info: version 0, method 0 (store)
      vint(0), // host OS: Windows
      vint(name.length),
      name,
      extra,
    ];
    parts.push(rar5Header(Buffer.concat(fields)), data);
  }
  // end of archive (type 5)
  parts.push(rar5Header(Buffer.concat([vint(5), vint(0), vint(0)])));
  return Buffer.concat(parts);
}

/** One RAR4 block: HEAD_CRC (low 16 bits of CRC32 from HEAD_TYPE on), HEAD_TYPE, HEAD_FLAGS, HEAD_SIZE, rest. */
function rar4Block(type: number, flags: number, rest: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(type, 0);
  head.writeUInt16LE(flags, 1);
  head.writeUInt16LE(7 + rest.length, 3);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc32(Buffer.concat([head, rest])) & 0xffff);
  return Buffer.concat([crc, head, rest]);
}

/** MS-DOS date and time of MTIME. */
function dosTime(): number {
  const d = new Date(MTIME * 1000);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  return ((date << 16) | time) >>> 0;
}

export function makeRar4(entries: RarEntry[], opts: RarOptions = {}): Buffer {
  // archive header (0x73): MHD_PASSWORD (0x0080) when the block headers are encrypted
  const parts: Buffer[] = [RAR4_MARKER, rar4Block(0x73, opts.encryptedHeaders ? 0x0080 : 0, Buffer.alloc(6))];
  if (opts.encryptedHeaders) {
    // an 8-byte salt, then encrypted blocks: random-looking bytes here
    const hidden = Buffer.alloc(64);
    for (let i = 0; i < hidden.length; i++) hidden[i] = (i * 97 + 5) & 0xff;
    parts.push(hidden);
    return Buffer.concat(parts);
  }
  for (const e of entries) {
    const data = e.directory ? Buffer.alloc(0) : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data ?? '', 'utf8');
    const ascii = /^[\x20-\x7e]*$/.test(e.name);
    // non-ASCII names: LHD_UNICODE with the UTF-8 name alone (no 0 byte, no encoded part), as RAR writes when both agree
    const name = Buffer.from(e.name, ascii ? 'latin1' : 'utf8');
    const flags = 0x8000 | (e.encrypted ? 0x0004 : 0) | (e.directory ? 0x00e0 : 0) | (ascii ? 0 : 0x0200);
    const fields = Buffer.alloc(25);
    fields.writeUInt32LE(data.length, 0); // PACK_SIZE
    fields.writeUInt32LE(data.length, 4); // UNP_SIZE
    fields.writeUInt8(2, 8); // HOST_OS: Windows
    fields.writeUInt32LE(crc32(data), 9); // FILE_CRC
    fields.writeUInt32LE(dosTime(), 13); // FTIME
    fields.writeUInt8(29, 17); // UNP_VER 2.9
    fields.writeUInt8(0x30, 18); // METHOD: store
    fields.writeUInt16LE(name.length, 19); // NAME_SIZE
    fields.writeUInt32LE(e.directory ? 0x10 : 0x20, 21); // ATTR
    parts.push(rar4Block(0x74, flags, Buffer.concat([fields, name])), data);
  }
  parts.push(rar4Block(0x7b, 0x4000, Buffer.alloc(0)));
  return Buffer.concat(parts);
}
