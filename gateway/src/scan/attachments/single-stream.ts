import type { TrueType } from '../../parse/types.js';
import { STREAM_FORMATS } from './archive-listing.js';

/**
 * Single compressed streams: bzip2, xz, LZMA-alone, zstd, compress (.Z), lzip and LZ4. Each holds
 * one file with neither a name nor (but for xz) a size of its own. 7-Zip decompresses them, Debian's
 * lzip and lz4 the last two (archive-listing.ts decompressStream, tool-streams.ts) and the walk goes through the one member, as for a gzip
 * (walk-streams.ts): named after the attachment, cut off at the ratio and byte limits.
 */

/** The short names of a tar in each format (.tbz2, .txz …): what they hold is a .tar. */
const TAR_SUFFIXES: Record<string, string[]> = {
  bz2: ['tbz2', 'tbz', 'tb2'],
  xz: ['txz'],
  lzma: ['tlz'],
  zst: ['tzst'],
  Z: ['taz', 'tz'],
  // (.tlz is lzip's short name for .tar.lz, and older tools' for .tar.lzma)
  lz: ['tlz'],
  lz4: ['tlz4'],
};
/** Names an LZMA-alone stream is looked for under (`lzma -k` writes .lzma). */
const LZMA_NAMES: ReadonlySet<string> = new Set(['lzma', 'tlz']);

/**
 * Which single-stream format (one of STREAM_FORMATS) a file is: by true type, or, for an
 * LZMA-alone stream (it has no magic number), by its name and header. Undefined for anything else.
 */
export function streamFormat(trueType: TrueType | undefined, nameExt: string, head: Buffer): string | undefined {
  if (trueType) return STREAM_FORMATS.has(trueType.ext) ? trueType.ext : undefined;
  return LZMA_NAMES.has(nameExt) && looksLikeLzmaAlone(head) ? 'lzma' : undefined;
}

/**
 * The 13-byte header xz-utils' `lzma` (and the LZMA SDK) write: the properties byte
 * (lc + lp·9 + pb·45, at most 224), the dictionary size, then the unpacked size, all ones when
 * unknown, else under 256 GiB (what liblzma accepts).
 */
export function looksLikeLzmaAlone(head: Buffer): boolean {
  if (head.length < 13 || head[0]! > 224) return false;
  const size = head.readBigUInt64LE(5);
  return size === 0xffffffffffffffffn || size < 1n << 38n;
}

/**
 * The name of what a single stream holds: the attachment's name without the format's extension
 * (`.tbz2`, `.txz` … → `.tar`), else without its last extension, as gzipMemberName.
 */
export function streamMemberName(outerName: string, format: string): string {
  const base = outerName.split(/[\\/]/).pop()?.trim() ?? '';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : '';
  const ext = base.slice(dot + 1).toLowerCase();
  if (stem && TAR_SUFFIXES[format]?.includes(ext)) return `${stem}.tar`;
  return stem || base || `${format}-content`;
}
