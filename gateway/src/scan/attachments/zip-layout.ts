import yauzl from 'yauzl';
import { trimEndWhile } from '../../trim.js';

/**
 * Where a zip's bytes go, read from its records rather than through one reader's eyes (zip.ts reads
 * what yauzl reads: the central directory the last End-Of-Central-Directory record points to).
 * Archive readers disagree on a file that holds more than that, and attackers use it:
 *  - two (or more) zips glued together ("ZIP concatenation"): yauzl and 7-Zip read one central
 *    directory, WinRAR or Windows Explorer may show the other;
 *  - local file headers no central directory lists (a tool that reads the local headers in order,
 *    or repairs the archive, extracts them);
 *  - a central-directory name that differs from its local header's name (some tools extract by
 *    the local name);
 *  - an End-Of-Central-Directory record that belongs to no readable archive.
 * Bytes inside a listed entry (a stored zip member holds signatures of its own), a prepended stub
 * without zip records, and the archive comment are not held against the file.
 */

export interface ZipReading {
  /** Where the archive starts: its offsets count from here (0 for a plain zip, the stub's size for one written after a stub without adjusting them). */
  start: number;
  /** Just past its EOCD record and comment. */
  end: number;
  /** Position of its EOCD record. */
  eocd: number;
  /** Entries listed by its central directory (at most MAX_ENTRIES). */
  entries: number;
}

/** A local file header that no central directory lists: its entry as that header describes it. */
export interface OrphanEntry {
  offset: number;
  name: string;
  flags: number;
  method: number;
  encrypted: boolean;
  /** Where its stored bytes start, and how many there are (undefined: the sizes are in a data descriptor after them). */
  dataStart: number;
  compressedSize: number | undefined;
  uncompressedSize: number | undefined;
}

export interface NameMismatch {
  central: string;
  local: string;
}

export interface ZipLayout {
  /** Every archive found, in file order. */
  readings: ZipReading[];
  /** The one read by yauzl (zip.ts): the last whose comment reaches the end of the file; undefined when none does. */
  main: ZipReading | undefined;
  orphans: OrphanEntry[];
  mismatches: NameMismatch[];
  /** EOCD signatures outside every archive and entry that start no readable archive. */
  strayEocds: number;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = 0x06054b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const DESCRIPTOR = 0x08074b50;
const SIG = { local: Buffer.from([0x50, 0x4b, 3, 4]), eocd: Buffer.from([0x50, 0x4b, 5, 6]) };
/** Central-directory entries looked at per archive at most (the walk's own entry limit is lower). */
const MAX_ENTRIES = 100_000;
/** Archives in one file looked at at most (each one past the first is already a finding). */
const MAX_READINGS = 64;
/** Hidden local headers and EOCD candidates looked at per file at most. */
const MAX_CANDIDATES = 1_000;
/** Compression methods a local header can honestly name (stored, deflate, deflate64, bzip2, lzma, zstd, xz, ppmd, AES). */
const METHODS = new Set([0, 8, 9, 12, 14, 93, 95, 98, 99]);

/** Byte ranges claimed by an archive's records and entries: merged and searched by halves (a zip of 100,000 entries is looked at in milliseconds). */
class Claims {
  private ranges: [number, number][] = [];
  private merged: [number, number][] | undefined;
  add(from: number, to: number): void {
    if (to <= from) return;
    this.ranges.push([from, to]);
    this.merged = undefined;
  }
  /** The end of the claimed range holding `pos`, or undefined. */
  covering(pos: number): number | undefined {
    const merged = (this.merged ??= merge(this.ranges));
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = merged[mid]!;
      if (pos < a) hi = mid - 1;
      else if (pos >= b) lo = mid + 1;
      else return b;
    }
    return undefined;
  }
}

function merge(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function zipLayout(buf: Buffer): ZipLayout {
  const candidates = signatures(buf, SIG.eocd).map((at) => readArchive(buf, at));
  const valid = candidates.filter((r): r is ParsedArchive => r !== undefined);
  const main = [...valid].reverse().find((r) => r.reading.end === buf.length);
  const claims = new Claims();
  const mismatches: NameMismatch[] = [];
  const readings: ZipReading[] = [];
  const claim = (r: ParsedArchive) => {
    readings.push(r.reading);
    for (const [a, b] of r.spans) claims.add(a, b);
    mismatches.push(...r.mismatches);
  };
  if (main) claim(main);
  // last first: an archive's own EOCD comes after the entries that may hold other (stored) zips
  for (const r of [...valid].reverse()) {
    if (readings.length >= MAX_READINGS) break;
    if (r === main || claims.covering(r.reading.eocd) !== undefined) continue;
    claim(r);
  }
  readings.sort((a, b) => a.start - b.start || a.eocd - b.eocd);
  const closing = new Set(readings.map((r) => r.eocd));
  const strayEocds = signatures(buf, SIG.eocd).filter((at) => claims.covering(at) === undefined && !closing.has(at)).length;
  const orphans: OrphanEntry[] = [];
  for (let at = buf.indexOf(SIG.local); at !== -1 && orphans.length < MAX_CANDIDATES; at = buf.indexOf(SIG.local, at + 1)) {
    const end = claims.covering(at);
    if (end !== undefined) {
      at = end - 1;
      continue;
    }
    const orphan = localHeader(buf, at);
    if (!orphan) continue;
    orphans.push(orphan);
    if (orphan.compressedSize !== undefined) at = Math.max(at, orphan.dataStart + orphan.compressedSize - 1);
  }
  return { readings, main: main?.reading, orphans, mismatches, strayEocds };
}

/** Positions of a 4-byte signature, at most MAX_CANDIDATES. */
function signatures(buf: Buffer, sig: Buffer): number[] {
  const out: number[] = [];
  for (let at = buf.indexOf(sig); at !== -1 && out.length < MAX_CANDIDATES; at = buf.indexOf(sig, at + 1)) out.push(at);
  return out;
}

interface ParsedArchive {
  reading: ZipReading;
  /** Its records and its entries' local headers and data, as byte ranges. */
  spans: [number, number][];
  mismatches: NameMismatch[];
}

/** The archive an EOCD record at `at` closes, when its central directory is where it says. */
function readArchive(buf: Buffer, at: number): ParsedArchive | undefined {
  if (at + 22 > buf.length) return undefined;
  const commentLength = buf.readUInt16LE(at + 20);
  const end = at + 22 + commentLength;
  if (end > buf.length) return undefined;
  let cdSize = buf.readUInt32LE(at + 12);
  let cdOffset = buf.readUInt32LE(at + 16);
  let cdEnd = at;
  const spans: [number, number][] = [[at, at + 22]];
  const located = at >= 20 && buf.readUInt32LE(at - 20) === ZIP64_LOCATOR;
  if (located || cdSize === 0xffffffff || cdOffset === 0xffffffff || buf.readUInt16LE(at + 10) === 0xffff) {
    // zip64 (some writers add its records below the limits too): the locator just before the EOCD,
    // the zip64 EOCD record just before it (no extensible data)
    const locator = at - 20;
    const record = locator - 56;
    if (record < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR || buf.readUInt32LE(record) !== ZIP64_EOCD) return undefined;
    cdSize = Number(buf.readBigUInt64LE(record + 40));
    cdOffset = Number(buf.readBigUInt64LE(record + 48));
    cdEnd = record;
    spans.push([record, at]);
  }
  const cdStart = cdEnd - cdSize;
  const start = cdStart - cdOffset;
  if (cdStart < 0 || start < 0) return undefined;
  if (cdSize > 0 && buf.readUInt32LE(cdStart) !== CENTRAL) return undefined;
  spans.push([cdStart, cdEnd]);
  const mismatches: NameMismatch[] = [];
  let entries = 0;
  for (let pos = cdStart; pos + 46 <= cdEnd && entries < MAX_ENTRIES; entries++) {
    if (buf.readUInt32LE(pos) !== CENTRAL) break;
    const flags = buf.readUInt16LE(pos + 8);
    const nameLength = buf.readUInt16LE(pos + 28);
    const extraLength = buf.readUInt16LE(pos + 30);
    const commentLen = buf.readUInt16LE(pos + 32);
    const name = buf.subarray(pos + 46, pos + 46 + nameLength);
    const extra = buf.subarray(pos + 46 + nameLength, pos + 46 + nameLength + extraLength);
    let compressed = buf.readUInt32LE(pos + 20);
    let offset = buf.readUInt32LE(pos + 42);
    const wide = zip64Fields(extra, buf.readUInt32LE(pos + 24) === 0xffffffff, compressed === 0xffffffff, offset === 0xffffffff);
    compressed = wide.compressed ?? compressed;
    offset = wide.offset ?? offset;
    pos += 46 + nameLength + extraLength + commentLen;
    const local = start + offset;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) continue;
    const localNameLength = buf.readUInt16LE(local + 26);
    const dataStart = local + 30 + localNameLength + buf.readUInt16LE(local + 28);
    const localName = buf.subarray(local + 30, local + 30 + localNameLength);
    if (!sameName(name, localName)) mismatches.push({ central: decodeName(flags, name), local: decodeName(buf.readUInt16LE(local + 6), localName) });
    let dataEnd = dataStart + compressed;
    if (flags & 8) dataEnd += descriptorLength(buf, dataEnd, wide.compressed !== undefined);
    spans.push([local, Math.min(dataEnd, buf.length)]);
  }
  return { reading: { start, end, eocd: at, entries }, spans, mismatches };
}

/** The zip64 extended-information field's values for the fields the fixed header left at their maximum. */
function zip64Fields(extra: Buffer, uncompressed: boolean, compressed: boolean, offset: boolean): { compressed?: number; offset?: number } {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const size = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      const out: { compressed?: number; offset?: number } = {};
      let p = i + 4;
      const next = () => (p + 8 <= i + 4 + size && p + 8 <= extra.length ? Number(extra.readBigUInt64LE((p += 8) - 8)) : undefined);
      if (uncompressed) next();
      if (compressed) out.compressed = next();
      if (offset) out.offset = next();
      return out;
    }
    i += 4 + size;
  }
  return {};
}

/** A data descriptor's length: with or without its signature, 32- or 64-bit sizes. */
function descriptorLength(buf: Buffer, at: number, zip64: boolean): number {
  const signed = at + 4 <= buf.length && buf.readUInt32LE(at) === DESCRIPTOR;
  return (signed ? 4 : 0) + (zip64 ? 20 : 12);
}

/** A plausible local file header at `at` (not one of random bytes), as an orphan entry. */
function localHeader(buf: Buffer, at: number): OrphanEntry | undefined {
  if (at + 30 > buf.length) return undefined;
  const version = buf.readUInt16LE(at + 4);
  const flags = buf.readUInt16LE(at + 6);
  const method = buf.readUInt16LE(at + 8);
  const nameLength = buf.readUInt16LE(at + 26);
  const extraLength = buf.readUInt16LE(at + 28);
  if ((version & 0xff) > 100 || !METHODS.has(method) || nameLength === 0 || nameLength > 4096) return undefined;
  const dataStart = at + 30 + nameLength + extraLength;
  if (dataStart > buf.length) return undefined;
  const rawName = buf.subarray(at + 30, at + 30 + nameLength);
  if (rawName.some((b) => b < 0x20)) return undefined;
  const sized = !(flags & 8) || buf.readUInt32LE(at + 18) !== 0;
  const compressedSize = sized ? buf.readUInt32LE(at + 18) : undefined;
  if (compressedSize !== undefined && dataStart + compressedSize > buf.length) return undefined;
  return {
    offset: at,
    name: decodeName(flags, rawName),
    flags,
    method,
    encrypted: (flags & 1) !== 0,
    dataStart,
    compressedSize,
    uncompressedSize: sized ? buf.readUInt32LE(at + 22) : undefined,
  };
}

function sameName(a: Buffer, b: Buffer): boolean {
  return a.equals(b) || a.toString('latin1').replaceAll('\\', '/') === b.toString('latin1').replaceAll('\\', '/');
}

function decodeName(flags: number, raw: Buffer): string {
  return yauzl.getFileNameLowLevel(flags, raw, [], false);
}

/** The tags of what a layout shows: concatenated, hidden-entries, name-mismatch, multiple-eocd. */
export function layoutTags(layout: ZipLayout): string[] {
  const tags: string[] = [];
  if (layout.readings.length > 1) tags.push('concatenated');
  if (layout.orphans.length > 0) tags.push('hidden-entries');
  if (layout.mismatches.length > 0) tags.push('name-mismatch');
  if (layout.strayEocds > 0) tags.push('multiple-eocd');
  return tags;
}

/** What a layout shows, in words for the finding's detail; '' for a plain zip. */
export function layoutDetail(layout: ZipLayout): string {
  const parts: string[] = [];
  if (layout.readings.length > 1) parts.push(`${layout.readings.length} zip archives in one file (${layout.readings.map((r) => `${r.entries} entries at byte ${r.start}`).join(', ')}): readers disagree on which they show`);
  if (layout.orphans.length > 0) parts.push(`${layout.orphans.length} local file header(s) no central directory lists (${layout.orphans.slice(0, 3).map((o) => `"${o.name}"`).join(', ')})`);
  if (layout.mismatches.length > 0) {
    const m = layout.mismatches[0]!;
    parts.push(`${layout.mismatches.length} entr${layout.mismatches.length === 1 ? 'y' : 'ies'} named differently in the central directory and the local header ("${m.central}" / "${m.local}")`);
  }
  if (layout.strayEocds > 0) parts.push(`${layout.strayEocds} extra end-of-central-directory record(s) that close no readable archive`);
  return parts.join('; ');
}

/**
 * The name of a reading other than the main one in a member path: "(first archive)", "(second
 * archive)", ... by its place in the file.
 */
export function readingLabel(layout: ZipLayout, reading: ZipReading): string {
  const index = layout.readings.indexOf(reading);
  const ordinal = ['first', 'second', 'third', 'fourth', 'fifth'][index];
  return ordinal ? `(${ordinal} archive)` : `(archive ${index + 1})`;
}

/** The member path segment under which orphan entries are walked. */
export const HIDDEN_ENTRY = '(hidden entry)';

/**
 * WinRAR before 6.23 (CVE-2023-38831): a file "hoa-don.pdf " and a folder "hoa-don.pdf /" holding
 * "hoa-don.pdf .cmd"; double-clicking the PDF in WinRAR runs the script. Signs, in any archive's
 * names: a file and a folder (listed, or implied by a path) whose names are equal once the spaces
 * ending them are trimmed, or a name whose last extension follows another one and a space
 * ("x.pdf .cmd"). Returns what was seen, or undefined.
 */
export function winrarSpoof(entries: readonly { name: string; directory: boolean }[]): string | undefined {
  const folders = new Map<string, string>();
  const files: string[] = [];
  for (const e of entries) {
    const parts = e.name.replaceAll('\\', '/').split('/').filter((p) => p !== '');
    if (parts.length === 0) continue;
    if (e.directory || /[\\/]$/.test(e.name)) folders.set(parts.map(trimSpaces).join('/'), parts.join('/'));
    else files.push(parts.join('/'));
    // the folders a path implies
    for (let i = 1; i < parts.length; i++) folders.set(parts.slice(0, i).map(trimSpaces).join('/'), parts.slice(0, i).join('/'));
  }
  for (const file of files) {
    // (no file system holds a file and a folder of one name: only an archive can)
    const folder = folders.get(file.split('/').map(trimSpaces).join('/'));
    if (folder !== undefined) return `a file "${file}" and a folder "${folder}/" of the same name but for spaces`;
  }
  const spaced = files.find((f) => /\.[a-z][a-z0-9]{1,4} +\.[a-z0-9]{1,5}$/i.test(f));
  return spaced ? `"${spaced}": a space between two extensions` : undefined;
}

function trimSpaces(s: string): string {
  return trimEndWhile(s, (c) => c === 0x20);
}

/** The member path segment under which a local header's name is checked when the central directory names its entry otherwise. */
export const LOCAL_HEADER = '(local header)';
