import { crc32 } from 'node:zlib';
import type { TrueType } from '../../parse/types.js';
import { familyOfExt } from './true-type.js';
import { zipLayout } from './zip-layout.js';

/**
 * Archives that type detection does not see because something comes before them, found the way
 * archive programs find them (walk-hidden.ts walks what is found like any archive):
 *  - a zip by its End-Of-Central-Directory record at the end of the file (zip readers, Windows
 *    Explorer and 7-Zip read a zip from its end, so any bytes may come first);
 *  - a RAR 4 (`Rar!\x1a\x07\x00`), RAR 5 (`Rar!\x1a\x07\x01\x00`) or 7z (`7z\xbc\xaf\x27\x1c`)
 *    signature within the first SEARCH_BYTES, as WinRAR and 7-Zip look for one past an SFX module.
 * A signature counts only with the header after it intact (its CRC32, a central directory where
 * its end record says): the same bytes met by chance in a picture, a PDF or a program's code are
 * not an archive. Two cases (hiddenArchiveRole): a program carrying an archive is a self-extracting
 * program (WinRAR, 7-Zip and Info-ZIP SFX); any other file is an archive behind a stub (padding, a
 * JPEG, a PDF header made to fool type checks), itself a sign of evasion.
 */

export type HiddenFormat = 'zip' | 'rar' | '7z';

export interface HiddenArchive {
  format: HiddenFormat;
  /** Where the archive's own bytes begin: the stub's length (a zip's first local header; its offsets may count from here or from byte 0, as `zip -A` and zip SFX write them). */
  start: number;
}

/** RAR and 7z signatures are looked for this far into a file (WinRAR's SFX search goes a few MB; 7-Zip's as far). */
export const SEARCH_BYTES = 8 * 1024 * 1024;
/** Files larger than this are not searched (no message is: LACHAN_MAX_MESSAGE_SIZE is 25 MB by default). */
export const HIDDEN_MAX_BYTES = 32 * 1024 * 1024;
/** Signature hits checked per format at most (each check is a CRC over a few bytes). */
const MAX_CANDIDATES = 256;

const RAR4 = Buffer.from('Rar!\x1a\x07\x00', 'latin1');
const RAR5 = Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1');
const SEVEN_ZIP = Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
const EOCD = Buffer.from([0x50, 0x4b, 5, 6]);
const LOCAL = 0x04034b50;
const LOCAL_SIG = Buffer.from([0x50, 0x4b, 3, 4]);
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
/** What a split (spanned) zip starts with, before its first local header. */
const SPLIT_MARKERS: ReadonlySet<number> = new Set([0x08074b50, 0x30304b50]);
/** An EOCD record (22 bytes) and the longest comment it can carry. */
const EOCD_REACH = 22 + 0xffff;

export const TRUE_TYPES: Record<HiddenFormat, TrueType> = {
  zip: { ext: 'zip', mime: 'application/zip' },
  rar: { ext: 'rar', mime: 'application/vnd.rar' },
  '7z': { ext: '7z', mime: 'application/x-7z-compressed' },
};

/**
 * Whether a file is looked at for a hidden archive, and as what: 'self-extracting' for a program
 * (true type exe), 'behind-stub' for a file that is no archive by its bytes while its name is an
 * archive's, or no known kind of file (.dat, .bin, no extension). A file named as a picture, a
 * document or text opens in its viewer, never as an archive: not searched (a JPEG with a zip after
 * it, named .jpg, is an ordinary picture to Windows). `archive`: the walk already opened it as one.
 */
export function hiddenArchiveRole(nameExt: string, trueType: TrueType | undefined, archive: boolean): 'self-extracting' | 'behind-stub' | undefined {
  if (archive) return undefined;
  if (trueType?.ext === 'exe') return 'self-extracting';
  const named = familyOfExt(nameExt);
  if (named === undefined || named === 'archive' || named === 'zip') return 'behind-stub';
  return undefined;
}

/** The archive hidden in `bytes` (not at byte 0), or undefined. */
export function findHiddenArchive(bytes: Buffer): HiddenArchive | undefined {
  if (bytes.length > HIDDEN_MAX_BYTES) return undefined;
  return endZip(bytes) ?? signedArchive(bytes);
}

/** A zip read from its end: an EOCD whose comment reaches the end of the file, its central directory and first entry where it says. */
function endZip(bytes: Buffer): HiddenArchive | undefined {
  // cheap first: no EOCD signature in the last 64 KB, no zip
  if (bytes.indexOf(EOCD, Math.max(0, bytes.length - EOCD_REACH)) === -1) return undefined;
  const main = zipLayout(bytes).main;
  if (!main || main.entries === 0) return undefined;
  // the last part of a split zip (disk numbers set) is not a whole archive: nothing opens it alone
  if (bytes.readUInt16LE(main.eocd + 4) !== 0 || bytes.readUInt16LE(main.eocd + 6) !== 0) return undefined;
  const first = firstLocalHeader(bytes, main.start, main.eocd);
  // (a zip written to be split that fits in one part starts with a 4-byte marker, PK\x07\x08 or PK00: no stub)
  if (first === undefined || first === 0 || (first === 4 && SPLIT_MARKERS.has(bytes.readUInt32LE(0)))) return undefined;
  return { format: 'zip', start: first };
}

/**
 * The position of the local header the first central-directory entry points to, when one is there
 * (zip64, whose directory zipLayout found through its own records: the first local header from the
 * archive's start on).
 */
function firstLocalHeader(bytes: Buffer, start: number, eocd: number): number | undefined {
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  const zip64 = eocd >= 20 && bytes.readUInt32LE(eocd - 20) === ZIP64_LOCATOR;
  if (zip64 || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const at = bytes.indexOf(LOCAL_SIG, start);
    return at === -1 ? undefined : at;
  }
  const cd = eocd - cdSize;
  if (cd < 0 || cd + 46 > bytes.length || bytes.readUInt32LE(cd) !== CENTRAL) return undefined;
  const local = start + bytes.readUInt32LE(cd + 42);
  if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) return undefined;
  return local;
}

/** The first RAR or 7z signature in the first SEARCH_BYTES followed by an intact header. */
function signedArchive(bytes: Buffer): HiddenArchive | undefined {
  const window = bytes.subarray(0, Math.min(bytes.length, SEARCH_BYTES));
  const found: HiddenArchive[] = [];
  const rar5 = first(window, RAR5, (at) => rar5Header(bytes, at + RAR5.length));
  const rar4 = first(window, RAR4, (at) => rar4Header(bytes, at + RAR4.length));
  const sevenZip = first(window, SEVEN_ZIP, (at) => sevenZipHeader(bytes, at));
  for (const at of [rar5, rar4]) if (at !== undefined) found.push({ format: 'rar', start: at });
  if (sevenZip !== undefined) found.push({ format: '7z', start: sevenZip });
  return found.sort((a, b) => a.start - b.start)[0];
}

/** The first valid hit past byte 0 (an archive at byte 0 is no hidden one: the type check sees it). */
function first(window: Buffer, sig: Buffer, valid: (at: number) => boolean): number | undefined {
  let tried = 0;
  for (let at = window.indexOf(sig, 1); at !== -1 && tried < MAX_CANDIDATES; at = window.indexOf(sig, at + 1), tried++) {
    if (valid(at)) return at;
  }
  return undefined;
}

/** RAR 5: CRC32, then the header size (vint) and the header, whose CRC32 it is; a main archive (1) or archive encryption (4) header. */
function rar5Header(bytes: Buffer, at: number): boolean {
  let size = 0;
  let p = at + 4;
  for (let shift = 0; ; shift += 7) {
    if (p >= bytes.length || shift > 21) return false;
    const b = bytes[p++]!;
    size += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
  }
  if (size < 3 || size > 64 * 1024 || p + size > bytes.length) return false;
  const type = bytes[p]!;
  if (type !== 1 && type !== 4) return false;
  return crc32(bytes.subarray(at + 4, p + size)) === bytes.readUInt32LE(at);
}

/** RAR 1.5–4: a main archive block (0x73) whose 16-bit CRC (the low half of CRC32 from its type on) holds. */
function rar4Header(bytes: Buffer, at: number): boolean {
  if (at + 7 > bytes.length || bytes[at + 2] !== 0x73) return false;
  const size = bytes.readUInt16LE(at + 5);
  if (size < 13 || at + size > bytes.length) return false;
  return (crc32(bytes.subarray(at + 2, at + size)) & 0xffff) === bytes.readUInt16LE(at);
}

/** 7z: version 0.x, the start header's CRC32 holds, and the header it points to lies inside the file. */
function sevenZipHeader(bytes: Buffer, at: number): boolean {
  if (at + 32 > bytes.length || bytes[at + 6] !== 0) return false;
  if (crc32(bytes.subarray(at + 12, at + 32)) !== bytes.readUInt32LE(at + 8)) return false;
  const offset = Number(bytes.readBigUInt64LE(at + 12));
  const size = Number(bytes.readBigUInt64LE(at + 20));
  return size > 0 && at + 32 + offset + size <= bytes.length;
}
