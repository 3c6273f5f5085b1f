/**
 * Mutations aimed at the readers of newer-format-seeds.ts (format-mutators.ts registers them):
 *  - disk images: a DMG's koly trailer fields and its mish chunk tables (counts, offsets, types);
 *    an MBR's entries (huge LBA counts, overlapping partitions, extended partitions that loop); a
 *    GPT's header (entry count and size, table place) and entries, CRCs made right again or not;
 *  - XOR Office: the FILEPASS record of an .xls (type, key, verifier, size);
 *  - forwarded messages sent base64 or quoted-printable: padding, line lengths and breaks, lines
 *    that start with '--', bad escapes, the encoding switched;
 *  - pictures: BMP and WebP headers with huge, zero or negative sizes, cut short;
 *  - duplicates: an attachment repeated many times, one copy one byte apart.
 *
 * Pure functions of (message, rng) on latin1 strings, like format-mutators.ts.
 */
import { crc32 } from 'node:zlib';
import type { Rng } from './mutators.js';

type FormatMutator = (msg: string, rng: Rng, seeds: readonly string[]) => string;

interface EncodedFile {
  start: number;
  end: number;
  data: Buffer;
  eol: string;
}

const replaceAt = (msg: string, at: number, len: number, text: string) => msg.slice(0, at) + text + msg.slice(at + len);

/** Base64 bodies (runs of base64 lines, at most 40) whose decoded bytes satisfy `is`. */
function base64Files(msg: string, is: (data: Buffer) => boolean): EncodedFile[] {
  const out: EncodedFile[] = [];
  let seen = 0;
  for (const m of msg.matchAll(/(?:^[A-Za-z0-9+/]{16,}={0,2}\r?\n)+/gm)) {
    if (++seen > 40) break;
    const data = Buffer.from(m[0].replace(/\s+/g, ''), 'base64');
    if (is(data)) out.push({ start: m.index!, end: m.index! + m[0].length, data, eol: m[0].includes('\r\n') ? '\r\n' : '\n' });
  }
  return out;
}

const withFile = (msg: string, f: EncodedFile, data: Buffer) => replaceAt(msg, f.start, f.end - f.start, data.toString('base64').replace(/.{1,76}/g, (l) => l + f.eol));

const NASTY_U32 = [0, 1, 2, 0x7f, 0xff, 0x200, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const NASTY_U64 = [0n, 1n, 0x1ffn, 0x200n, 0x7fffffffn, 0xffffffffn, 0x100000000n, 1n << 53n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];

function u32(rng: Rng, near: number): number {
  return rng.chance(0.3) ? Math.max(0, near + rng.int(9) - 4) >>> 0 : rng.pick(NASTY_U32);
}
function u64(rng: Rng, near: number): bigint {
  return rng.chance(0.3) ? BigInt(Math.max(0, near + rng.int(2049) - 1024)) : rng.pick(NASTY_U64);
}
const put32 = (b: Buffer, at: number, v: number, be = false) => at >= 0 && at + 4 <= b.length && (be ? b.writeUInt32BE(v >>> 0, at) : b.writeUInt32LE(v >>> 0, at));
const put64 = (b: Buffer, at: number, v: bigint, be = false) => at >= 0 && at + 8 <= b.length && (be ? b.writeBigUInt64BE(v, at) : b.writeBigUInt64LE(v, at));

// ---- DMG (UDIF) ----------------------------------------------------------------------------------

const hasKoly = (d: Buffer) => d.length >= 1024 && d.toString('latin1', d.length - 512, d.length - 508) === 'koly';
/** koly fields read as offsets and lengths: (offset in the trailer, width). */
const KOLY_FIELDS: Array<[number, 4 | 8]> = [[4, 4], [8, 4], [12, 4], [16, 8], [24, 8], [32, 8], [40, 8], [48, 8], [56, 4], [60, 4], [216, 8], [224, 8], [488, 4], [492, 8]];
/** mish: the chunk count, then 40-byte entries (type, comment, first sector, sectors, offset, length). */
const MISH_COUNT = 200;

function mutateMish(mish: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(mish);
  const count = out.length >= MISH_COUNT + 4 ? out.readUInt32BE(MISH_COUNT) : 0;
  switch (rng.int(5)) {
    case 0:
      put32(out, MISH_COUNT, u32(rng, count), true);
      return out;
    case 1: {
      // one chunk entry's sectors, offset or length
      const at = MISH_COUNT + 4 + 40 * rng.int(Math.max(1, count)) + rng.pick([8, 16, 24, 32]);
      put64(out, at, u64(rng, mish.length), true);
      return out;
    }
    case 2: {
      // a chunk type: zlib, raw, zero, ignored, comment, end, ADC/bzip2/lzfse/lzma, unknown
      put32(out, MISH_COUNT + 4 + 40 * rng.int(Math.max(1, count)), rng.pick([0, 1, 2, 0x80000004, 0x80000005, 0x80000006, 0x80000007, 0x80000008, 0x7ffffffe, 0xffffffff, 0x12345678]), true);
      return out;
    }
    case 3: // the header's first sector / sector count / data offset
      put64(out, rng.pick([8, 16, 24]), u64(rng, count), true);
      return out;
    default: // entries repeated (overlapping chunks), the count following or not
      if (out.length < MISH_COUNT + 44) return out;
      {
        const entry = out.subarray(MISH_COUNT + 4, MISH_COUNT + 44);
        const times = rng.pick([2, 100, 5000]);
        const grown = Buffer.concat([out.subarray(0, MISH_COUNT + 4), ...Array.from({ length: times }, () => entry), out.subarray(MISH_COUNT + 4)]);
        if (rng.chance(0.7)) grown.writeUInt32BE((count + times) >>> 0, MISH_COUNT);
        return grown;
      }
  }
}

export function mutateDmg(dmg: Buffer, rng: Rng): Buffer {
  const tailAt = dmg.length - 512;
  if (rng.chance(0.45)) {
    const out = Buffer.from(dmg);
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const [off, width] = rng.pick(KOLY_FIELDS);
      if (width === 4) put32(out, tailAt + off, u32(rng, 512), true);
      else put64(out, tailAt + off, u64(rng, dmg.length), true);
    }
    return out;
  }
  const text = dmg.toString('latin1');
  const datas = [...text.matchAll(/<data>([A-Za-z0-9+/=\s]*)<\/data>/g)];
  if (rng.chance(0.8) && datas.length) {
    // a mish table changed; the trailer's XML length follows the new plist (or not)
    const m = rng.pick(datas);
    const mish = mutateMish(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'), rng);
    const xmlAt = m.index!;
    const next = Buffer.concat([dmg.subarray(0, xmlAt), Buffer.from(`<data>${mish.toString('base64')}</data>`, 'latin1'), dmg.subarray(xmlAt + m[0].length)]);
    const delta = next.length - dmg.length;
    if (rng.chance(0.8)) put64(next, next.length - 512 + 224, BigInt(Math.max(0, Number(dmg.readBigUInt64BE(tailAt + 224)) + delta)), true);
    return next;
  }
  switch (rng.int(3)) {
    case 0: // the blkx dictionary repeated (many partitions)
      // (at most ~2 MB of copies: mutate() cuts a message at 1.5 MB)
      return Buffer.from(text.replace(/(<array>\s*)(<dict>[\s\S]*?<\/dict>)/, (_, a: string, d: string) => a + d.repeat(Math.max(2, Math.min(rng.pick([2, 50, 2000]), Math.floor(2e6 / d.length))))), 'latin1');
    case 1: // the plist cut or made nonsense
      return Buffer.from(text.replace(/<plist[\s\S]*?<\/plist>/, (p) => rng.pick([p.slice(0, rng.int(p.length)), '<plist><dict><key>resource-fork</key><dict><key>blkx</key><array><dict><key>Data</key><data>bWlzaA==</data></dict></array></dict></dict></plist>', p.replace(/<\/dict>/g, '')])), 'latin1');
    default: // the data fork cut (the trailer kept)
      return Buffer.concat([dmg.subarray(0, rng.int(tailAt)), dmg.subarray(tailAt)]);
  }
}

// ---- MBR and GPT --------------------------------------------------------------------------------

const hasMbr = (d: Buffer) => d.length >= 1024 && d[510] === 0x55 && d[511] === 0xaa;
const hasGpt = (d: Buffer) => hasMbr(d) && d.toString('latin1', 512, 520) === 'EFI PART';

function fixGptCrcs(disk: Buffer): void {
  const h = 512;
  const headerSize = disk.readUInt32LE(h + 12);
  const entries = Number(disk.readBigUInt64LE(h + 72)) * 512;
  const bytes = disk.readUInt32LE(h + 80) * disk.readUInt32LE(h + 84);
  if (entries + bytes <= disk.length && bytes > 0) disk.writeUInt32LE(crc32(disk.subarray(entries, entries + bytes)), h + 88);
  if (headerSize >= 92 && h + headerSize <= disk.length) {
    disk.writeUInt32LE(0, h + 16);
    disk.writeUInt32LE(crc32(disk.subarray(h, h + headerSize)), h + 16);
  }
}

export function mutateMbr(disk: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(disk);
  const sectors = Math.floor(disk.length / 512);
  const entry = (i: number) => 446 + 16 * i;
  switch (rng.int(5)) {
    case 0: // huge or zero LBA counts and starts
      put32(out, entry(rng.int(4)) + rng.pick([8, 12]), u32(rng, sectors));
      break;
    case 1: {
      // all four entries one partition (overlapping), or each starting inside the previous
      const first = out.subarray(entry(0), entry(0) + 16);
      for (let i = 1; i < 4; i++) {
        first.copy(out, entry(i));
        if (rng.chance(0.5)) put32(out, entry(i) + 8, first.readUInt32LE(8) + i * rng.pick([1, 8, 64]));
      }
      break;
    }
    case 2: {
      // an extended partition (05, 0F, 85) whose EBR chain points at itself, at the MBR, or in a cycle
      const at = entry(rng.int(4));
      out[at] = 0;
      out[at + 4] = rng.pick([0x05, 0x0f, 0x85]);
      const ebr = rng.pick([0, 1, 2, Math.max(1, sectors - 1)]);
      put32(out, at + 8, ebr);
      put32(out, at + 12, Math.max(1, sectors - ebr));
      if (ebr > 0 && ebr * 512 + 512 <= out.length) {
        out[ebr * 512 + 510] = 0x55;
        out[ebr * 512 + 511] = 0xaa;
        const link = ebr * 512 + 446 + 16;
        out[link + 4] = 0x05;
        put32(out, link + 8, rng.pick([0, 1, ebr, ebr - 1]));
        put32(out, link + 12, rng.pick([1, 0xffffffff, sectors]));
      }
      break;
    }
    case 3: // types and boot flags
      out[entry(rng.int(4)) + rng.pick([0, 4])] = rng.pick([0x00, 0x80, 0x7f, 0xff, 0xee, 0x05, 0x0c, 0x07, 0x83, 0xaf]);
      break;
    default: // a protective MBR (EE) over a disk that has no GPT
      out[entry(0) + 4] = 0xee;
      put32(out, entry(0) + 8, 1);
      put32(out, entry(0) + 12, rng.pick([sectors - 1, 0xffffffff]));
  }
  return out;
}

export function mutateGpt(disk: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(disk);
  const h = 512;
  const sectors = Math.floor(disk.length / 512);
  const table = Number(out.readBigUInt64LE(h + 72)) * 512;
  const count = out.readUInt32LE(h + 80);
  switch (rng.int(5)) {
    case 0: // entry count and size
      put32(out, h + rng.pick([80, 84]), rng.chance(0.5) ? rng.pick([0, 1, 4, 127, 129, 1 << 20, 0xffffffff]) : rng.pick([0, 8, 127, 128, 129, 256, 4096, 0xffffffff]));
      break;
    case 1: // the table's place, first and last usable LBA, the backup header
      put64(out, h + rng.pick([24, 32, 40, 48, 72]), u64(rng, sectors));
      break;
    case 2: {
      // an entry's first/last LBA: huge, reversed, overlapping the header or another entry
      const e = table + 128 * rng.int(Math.max(1, Math.min(count, 8)));
      const first = out.length >= e + 48 ? out.readBigUInt64LE(e + 32) : 0n;
      put64(out, e + 32, rng.pick([0n, 1n, 2n, first, u64(rng, sectors)]));
      put64(out, e + 40, rng.pick([0n, first, first + 1n, BigInt(sectors), u64(rng, sectors)]));
      break;
    }
    case 3: {
      // entries copied over each other (the same partition many times)
      const e0 = out.subarray(table, table + 128);
      for (let i = 1; i < Math.min(count, 64); i++) if (table + 128 * i + 128 <= out.length) e0.copy(out, table + 128 * i);
      break;
    }
    default: // header size
      put32(out, h + 12, rng.pick([0, 91, 92, 93, 512, 513, 0xffffffff]));
  }
  if (rng.chance(0.7)) fixGptCrcs(out);
  return out;
}

const diskCorrupt: FormatMutator = (msg, rng) => {
  const files = base64Files(msg, (d) => hasKoly(d) || hasMbr(d));
  if (!files.length) return msg;
  const f = rng.pick(files);
  let data = f.data;
  for (let k = 1 + rng.int(2); k > 0; k--) {
    if (hasKoly(data)) data = mutateDmg(data, rng);
    else if (hasGpt(data) && rng.chance(0.7)) data = mutateGpt(data, rng);
    else if (hasMbr(data)) data = mutateMbr(data, rng);
  }
  return withFile(msg, f, data);
};

// ---- XOR .xls: FILEPASS ---------------------------------------------------------------------------

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const FILEPASS = Buffer.from([0x2f, 0x00]);

const filePassCorrupt: FormatMutator = (msg, rng) => {
  const files = base64Files(msg, (d) => d.subarray(0, 8).equals(CFB_MAGIC));
  if (!files.length) return msg;
  const f = rng.pick(files);
  const out = Buffer.from(f.data);
  // FILEPASS: 2F 00, its size, wEncryptionType (0 XOR, 1 RC4), then key and verifier (XOR)
  const hits: number[] = [];
  for (let i = out.indexOf(FILEPASS); i >= 0 && hits.length < 50; i = out.indexOf(FILEPASS, i + 1)) if (i + 6 <= out.length && out.readUInt16LE(i + 4) <= 1) hits.push(i);
  if (!hits.length) return msg;
  const at = rng.pick(hits);
  switch (rng.int(4)) {
    case 0:
      out.writeUInt16LE(rng.pick([0, 1, 2, 4, 5, 6, 7, 0x36, 0xffff]), at + 2); // its size
      break;
    case 1:
      out.writeUInt16LE(rng.pick([0, 1, 2, 0xffff]), at + 4); // the type
      break;
    case 2: // key or verifier: random, zero, swapped
      if (at + 10 <= out.length) {
        if (rng.chance(0.3)) {
          const key = out.readUInt16LE(at + 6);
          out.writeUInt16LE(out.readUInt16LE(at + 8), at + 6);
          out.writeUInt16LE(key, at + 8);
        } else out.writeUInt16LE(rng.pick([0, 0xffff, rng.int(0x10000)]), at + rng.pick([6, 8]));
      }
      break;
    default: // a later record's size (the XOR index of every record after it moves)
      {
        const next = at + 4 + out.readUInt16LE(at + 2);
        if (next + 4 <= out.length) out.writeUInt16LE(rng.pick([0, 1, 15, 16, 17, 0x2020, 0xffff]), next + 2);
      }
  }
  return withFile(msg, f, out);
};

// ---- forwarded messages sent base64 or quoted-printable ------------------------------------------

/** Bodies of message/rfc822 parts whose transfer encoding is base64 or quoted-printable. */
function encodedForwards(msg: string): Array<{ start: number; end: number; encoding: string; cteAt: number; cteLen: number }> {
  const out: Array<{ start: number; end: number; encoding: string; cteAt: number; cteLen: number }> = [];
  for (const m of msg.matchAll(/^content-type:\s*message\/rfc822[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*?(content-transfer-encoding:\s*(base64|quoted-printable)[^\r\n]*)\r?\n(?:[^\r\n]+\r?\n)*\r?\n/gim)) {
    if (out.length >= 10) break;
    const start = m.index! + m[0].length;
    const next = msg.indexOf('\n--', start);
    out.push({ start, end: next < 0 ? msg.length : next + 1, encoding: m[2]!.toLowerCase(), cteAt: m.index! + m[0].indexOf(m[1]!), cteLen: m[1]!.length });
  }
  return out;
}

function mutateBase64Body(body: string, rng: Rng): string {
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const flat = body.replace(/\s+/g, '');
  const lines = body.split(/\r?\n/);
  const li = rng.int(lines.length);
  switch (rng.int(8)) {
    case 0: // padding: removed, doubled, in the middle of a line
      return flat.endsWith('=') && rng.chance(0.5) ? body.replace(/=+(\s*)$/, '$1') : replaceAt(body, rng.int(body.length), 0, rng.pick(['=', '==', '===', 'A=', '=\r\n=']));
    case 1: // wrapped otherwise: 4, 60, 77 or 1000 a line, or not at all
      return flat.replace(new RegExp(`.{1,${rng.pick([4, 60, 77, 1000])}}`, 'g'), `$&${eol}`) + (rng.chance(0.3) ? '' : '');
    case 2:
      return flat + eol;
    case 3: // a line that reads as a delimiter of the multipart around it, or of the inner one
      lines.splice(li, 0, rng.pick(['--out', '--out--', '--in', '--', '-' + 'A'.repeat(60)]));
      return lines.join(eol);
    case 4: // characters outside the alphabet, spaces, a bare CR
      return replaceAt(body, rng.int(body.length), 0, rng.pick(['!', ' ', '\t', '\r', '-', '_', '\0', '\xe1', '.']));
    case 5: // cut inside a quad
      return body.slice(0, rng.int(body.length));
    case 6: // a trailing blank line or none
      return body.replace(/\s+$/, '') + rng.pick(['', eol, eol + eol, eol + ' ' + eol]);
    default: // the data of another message (valid base64, other bytes: the digest check)
      return Buffer.from(Buffer.from(flat, 'base64').toString('latin1').replace(/setup\.exe/g, 'setup.pdf'), 'latin1').toString('base64').replace(/.{1,76}/g, `$&${eol}`);
  }
}

function mutateQpBody(body: string, rng: Rng): string {
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body.split(/\r?\n/);
  const li = rng.int(lines.length);
  switch (rng.int(6)) {
    case 0: // an '=' not followed by two hex digits
      return replaceAt(body, rng.int(body.length), 0, rng.pick(['=', '=G1', '=4', '= ', '=\r', '=z9']));
    case 1: // a space or tab ending a line
      lines[li] += rng.pick([' ', '\t', ' \t ']);
      return lines.join(eol);
    case 2: // lines starting with '--' (raw or as soft-broken text)
      lines.splice(li, 0, rng.pick(['--out', '--out--', '--in', '--', '=2D-out', '--=', '-=\r\n-out']));
      return lines.join(eol);
    case 3: // soft breaks everywhere, or very long lines
      return rng.chance(0.5) ? body.replace(/(.{10})/g, `$1=${eol}`) : body.replace(/=\r?\n/g, '');
    case 4: // bare LF or CR line ends
      return body.replace(/\r\n/g, rng.pick(['\n', '\r', '\r\r\n']));
    default:
      return body.slice(0, rng.int(body.length)) + rng.pick(['', '=', '=\r\n', '=0']);
  }
}

const encodedForwardCorrupt: FormatMutator = (msg, rng) => {
  const parts = encodedForwards(msg);
  if (!parts.length) return msg;
  const p = rng.pick(parts);
  const body = msg.slice(p.start, p.end);
  if (rng.chance(0.1)) {
    // the encoding switched (the body stays)
    return replaceAt(msg, p.cteAt, p.cteLen, `Content-Transfer-Encoding: ${p.encoding === 'base64' ? 'quoted-printable' : 'base64'}`);
  }
  return replaceAt(msg, p.start, p.end - p.start, p.encoding === 'base64' ? mutateBase64Body(body, rng) : mutateQpBody(body, rng));
};

// ---- pictures -------------------------------------------------------------------------------------

const isPicture = (d: Buffer) => d.toString('latin1', 0, 2) === 'BM' || (d.toString('latin1', 0, 4) === 'RIFF' && d.toString('latin1', 8, 12) === 'WEBP');

export function mutatePicture(pic: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(pic);
  if (rng.chance(0.15)) return out.subarray(0, rng.pick([2, 12, 16, 25, 26, 29, 30, 31, rng.int(out.length + 1)]));
  if (out.toString('latin1', 0, 2) === 'BM') {
    switch (rng.int(3)) {
      case 0: // header size: OS/2 core, v3, v5, nonsense
        put32(out, 14, rng.pick([0, 12, 39, 40, 108, 124, 0xffffffff]));
        break;
      case 1: // width and height: huge, zero, negative (top-down), the most negative
        if (out.length >= 18 && out.readUInt32LE(14) === 12) {
          if (out.length >= 22) out.writeUInt16LE(rng.pick([0, 1, 19, 20, 4000, 4001, 0xffff]), rng.pick([18, 20]));
        } else put32(out, rng.pick([18, 22]), rng.pick([0, 1, 20, 4000, 4001, 0x7fffffff, 0x80000000, 0xffffffff, 0xffffff00]));
        break;
      default: // the pixel offset and bit count
        if (rng.chance(0.5)) put32(out, 10, rng.pick([0, 14, 0xffffffff, out.length]));
        else if (out.length >= 30) out.writeUInt16LE(rng.pick([0, 1, 4, 8, 16, 32, 0xffff]), 28);
    }
    return out;
  }
  const chunk = out.toString('latin1', 12, 16);
  switch (rng.int(3)) {
    case 0: // sizes at their widest or zero: VP8 (14 bits + scale), VP8L (14+14 bits), VP8X (24+24 bits)
      if (chunk === 'VP8 ' && out.length >= 30) out.writeUInt16LE(rng.pick([0, 0x3fff, 0xffff, 4000, 4001]), rng.pick([26, 28]));
      else if (chunk === 'VP8L' && out.length >= 25) out.writeUInt32LE(rng.pick([0, 0xffffffff, 0x0fffffff, (3999 << 14) | 3999, (19 << 14) | 19]), 21);
      else if (out.length >= 30) out.writeUIntLE(rng.pick([0, 0xffffff, 3999, 4000]), rng.pick([24, 27]), 3);
      break;
    case 1: // the chunk's name and size, the RIFF size
      if (rng.chance(0.5)) out.length >= 16 && out.write(rng.pick(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'vp8l']), 12, 'latin1');
      else put32(out, rng.pick([4, 16]), rng.pick([0, 1, 0xffffffff, 0x7fffffff, out.length]));
      break;
    default: // the VP8 key frame tag / VP8L signature
      out[rng.pick([20, 23, 24, 25])] = rng.pick([0, 0x2f, 0x9d, 0x01, 0x2a, 0xff]);
  }
  return out;
}

const pictureCorrupt: FormatMutator = (msg, rng) => {
  const files = base64Files(msg, isPicture);
  if (!files.length) return msg;
  const f = rng.pick(files);
  return withFile(msg, f, mutatePicture(f.data, rng));
};

// ---- duplicates -----------------------------------------------------------------------------------

/** An attachment part repeated many times (names kept or numbered), one copy with one byte changed. */
const duplicateOneByte: FormatMutator = (msg, rng) => {
  // header blocks of at most 60 lines: unbounded, a message of 10,000 tiny parts took this search ~10 s
  const parts = [...msg.matchAll(/^--([^\r\n]{1,200})\r?\n((?:[^\r\n]+\r?\n){0,60}?content-transfer-encoding:\s*base64[^\r\n]*\r?\n(?:[^\r\n]+\r?\n){0,60}\r?\n)((?:[A-Za-z0-9+/=]+\r?\n)+)/gim)];
  if (!parts.length) return msg;
  const m = rng.pick(parts);
  const head = m[2]!;
  const data = Buffer.from(m[3]!.replace(/\s+/g, ''), 'base64');
  const eol = m[3]!.includes('\r\n') ? '\r\n' : '\n';
  // at most ~1.2 MB of copies (mutate() cuts a message at 1.5 MB)
  const times = Math.max(2, Math.min(rng.pick([3, 40, 300]), Math.floor(1_200_000 / (m[0].length + 1))));
  const odd = rng.int(times);
  const copies: string[] = [];
  for (let i = 0; i < times; i++) {
    let bytes = data;
    if (i === odd && bytes.length) {
      bytes = Buffer.from(data);
      const at = rng.int(bytes.length);
      bytes[at] = bytes[at]! ^ (1 << rng.int(8));
    }
    const h = rng.chance(0.5) ? head : head.replace(/(name\*?=\s*"?)([^";\r\n]*)/gi, (_, k: string, n: string) => `${k}${i}-${n}`);
    copies.push(`--${m[1]}${eol}${h}${bytes.toString('base64').replace(/.{1,76}/g, `$&${eol}`)}`);
  }
  return replaceAt(msg, m.index!, m[0].length, copies.join(''));
};

export const NEWER_FORMAT_MUTATORS: Record<string, FormatMutator> = { diskCorrupt, filePassCorrupt, encodedForwardCorrupt, pictureCorrupt, duplicateOneByte };
