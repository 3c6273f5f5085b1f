/**
 * A tar reader over bytes already in memory: ustar, pax (path / linkpath / size records, global and
 * per file) and GNU (LongLink names, base-256 sizes). Member data is a view into the buffer — no
 * copy, nothing written anywhere. Entries come one at a time from a generator, so the caller stops
 * reading at its own limits; a corrupt or truncated archive throws TarFormatError where it breaks,
 * after the entries before that point.
 *
 * Our own rather than tar-stream: the archive is already a Buffer (attachment or inflated gzip), and
 * a streaming parser would copy every member through chunks and need tearing down at a limit.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface TarEntry {
  /** The member's path as an extractor would see it (pax path / GNU long name / ustar prefix + name). */
  name: string;
  type: TarEntryType;
  /** The raw typeflag character ('0', '5', 'S', ...). */
  typeflag: string;
  /** Target of a symbolic or hard link. */
  linkName: string;
  /** Member data (empty for links, directories and devices). */
  data: Buffer;
}

export class TarFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'TarFormatError';
  }
}

const BLOCK = 512;
/** pax and GNU long-name records larger than this are not real names: refuse them. */
const MAX_META_BYTES = 1024 * 1024;

/** Does this 512-byte block look like a tar header (ustar magic at 257 and a matching checksum)? */
export function looksLikeTar(b: Buffer): boolean {
  return b.length >= BLOCK && b.toString('latin1', 257, 262) === 'ustar' && checksumMatches(b.subarray(0, BLOCK));
}

/** The entries of a tar archive, in order; throws TarFormatError at the first broken header. */
export function* tarEntries(tar: Buffer): Generator<TarEntry> {
  let off = 0;
  let global: Record<string, string> = {};
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;

  while (off + BLOCK <= tar.length) {
    const header = tar.subarray(off, off + BLOCK);
    if (isZeroBlock(header)) return; // end-of-archive marker (one zero block is enough for us)
    if (!checksumMatches(header)) throw new TarFormatError('invalid tar header checksum', off);
    const typeflag = header[156] === 0 ? '0' : String.fromCharCode(header[156]!);
    const isMeta = typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K';
    const meta = { ...global, ...pax };
    // A pax size record is for the file that follows, not for another extended header.
    const size = !isMeta && meta.size !== undefined ? paxSize(meta.size, off) : headerSize(header, off);
    const dataStart = off + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new TarFormatError(`tar entry of ${size} bytes runs past the end of the archive`, off);
    const data = tar.subarray(dataStart, dataEnd);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    switch (typeflag) {
      case 'x':
        pax = parsePax(data, dataStart);
        continue;
      case 'g':
        global = { ...global, ...parsePax(data, dataStart) };
        continue;
      case 'L':
        longName = metaString(data, dataStart);
        continue;
      case 'K':
        longLink = metaString(data, dataStart);
        continue;
    }

    // Only POSIX ustar ("ustar\0") has a name prefix; GNU ("ustar  \0") keeps other fields there.
    const prefix = header.toString('latin1', 257, 263) === 'ustar\0' ? cString(header, 345, 155) : '';
    const short = cString(header, 0, 100);
    const name = meta.path ?? longName ?? (prefix ? `${prefix}/${short}` : short);
    const linkName = meta.linkpath ?? longLink ?? cString(header, 157, 100);
    pax = {};
    longName = undefined;
    longLink = undefined;
    // Old (v7) archives mark a directory only by a trailing slash on a regular entry.
    const type = typeflag === '0' && name.endsWith('/') && size === 0 ? 'directory' : typeOf(typeflag);
    yield { name, type, typeflag, linkName, data: type === 'file' ? data : data.subarray(0, 0) };
  }
  // Running out of bytes between entries is a missing end marker, which tar itself tolerates;
  // running out inside a header is a truncated archive.
  if (off < tar.length && !isZeroBlock(tar.subarray(off))) throw new TarFormatError('truncated tar header', off);
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '7': // contiguous file
      return 'file';
    case '5':
    case 'D': // GNU dump directory
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    case '3':
    case '4':
      return 'device';
    case '6':
      return 'fifo';
    default:
      // POSIX: an unknown typeflag is read as a regular file — that is what an extractor will do.
      return /^[A-Z]$/.test(flag) ? 'other' : 'file';
  }
}

function checksumMatches(h: Buffer): boolean {
  const stored = parseOctal(h, 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < Math.min(b.length, BLOCK); i += 1) if (b[i] !== 0) return false;
  return true;
}

/** Octal ASCII, padded with spaces or NULs; undefined when it is not a number. */
function parseOctal(b: Buffer, off: number, len: number): number | undefined {
  const text = b.toString('latin1', off, off + len).replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  return parseInt(text, 8);
}

function headerSize(h: Buffer, at: number): number {
  if (h[124]! & 0x80) {
    // GNU base-256: a big-endian number in the remaining bits (negative sizes make no sense).
    if (h[124]! & 0x40) throw new TarFormatError('negative tar entry size', at);
    let n = h[124]! & 0x3f;
    for (let i = 125; i < 136; i += 1) {
      n = n * 256 + h[i]!;
      if (n > Number.MAX_SAFE_INTEGER) throw new TarFormatError('tar entry size out of range', at);
    }
    return n;
  }
  const n = parseOctal(h, 124, 12);
  if (n === undefined) throw new TarFormatError('tar entry size is not a number', at);
  return n;
}

function paxSize(value: string, at: number): number {
  if (!/^\d{1,15}$/.test(value)) throw new TarFormatError(`pax size "${value.slice(0, 20)}" is not a number`, at);
  return Number(value);
}

/** pax extended header records: "<length> <key>=<value>\n", UTF-8. */
function parsePax(data: Buffer, at: number): Record<string, string> {
  if (data.length > MAX_META_BYTES) throw new TarFormatError('pax header too large', at);
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // NUL padding after the last record
    const space = data.indexOf(0x20, pos);
    const len = space > pos ? Number(data.toString('latin1', pos, space)) : NaN;
    if (!Number.isInteger(len) || len <= space - pos + 1 || pos + len > data.length || data[pos + len - 1] !== 0x0a) {
      throw new TarFormatError('malformed pax record', at + pos);
    }
    const record = data.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

function metaString(data: Buffer, at: number): string {
  if (data.length > MAX_META_BYTES) throw new TarFormatError('GNU long name too large', at);
  return decodeName(data.subarray(0, data.indexOf(0) >= 0 ? data.indexOf(0) : data.length));
}

function cString(b: Buffer, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const nul = field.indexOf(0);
  return decodeName(nul >= 0 ? field.subarray(0, nul) : field);
}

/** Names are bytes: UTF-8 when they decode as UTF-8, else Latin-1 (old archives). */
function decodeName(raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}
