import { fileTypeFromBuffer } from 'file-type';
import type { TrueType } from '../../parse/types.js';
import { plainZipHead } from '../../parse/zip-head.js';
import { looksLikeTar } from './tar.js';
import { looksLikeTnef } from './tnef.js';

/**
 * The true type of some bytes, from magic numbers (file-type), plus the few formats file-type does
 * not know and attackers like: ISO/UDF disk images and VHD/VHDX.
 */

/** Bytes needed to see an ISO 9660 / UDF volume descriptor (at 32 KiB + a little). */
export const SNIFF_BYTES = 0x9006;

export async function sniffType(bytes: Buffer): Promise<TrueType | undefined> {
  const own = ownMagic(bytes);
  if (own) return own;
  // a zip head file-type's walk would call a plain zip or give up on (then a zip, below): said
  // without the walk, which can cost a buffer of the size a damaged header declares (zip-head.ts)
  if (plainZipHead(bytes)) return { ext: 'zip', mime: 'application/zip' };
  try {
    const found = await fileTypeFromBuffer(bytes);
    if (found) return { ext: found.ext, mime: found.mime };
  } catch {
    // file-type may give up on a truncated head; fall through to the plain magic checks.
  }
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return { ext: 'zip', mime: 'application/zip' };
  if (bytes.length >= 2 && bytes[0] === 0x4d && bytes[1] === 0x5a) return { ext: 'exe', mime: 'application/x-msdownload' };
  return undefined;
}

function ownMagic(b: Buffer): TrueType | undefined {
  const ascii = (off: number, s: string) => b.length >= off + s.length && b.toString('latin1', off, off + s.length) === s;
  if (ascii(0, 'vhdxfile')) return { ext: 'vhdx', mime: 'application/x-vhdx' };
  if (ascii(0, 'conectix')) return { ext: 'vhd', mime: 'application/x-vhd' };
  // xar: macOS installer packages (.pkg, .mpkg), Safari extensions; its header is 28 bytes, version 1
  if (ascii(0, 'xar!') && b.length >= 8 && b.readUInt16BE(4) === 28 && b.readUInt16BE(6) === 1) return { ext: 'xar', mime: 'application/x-xar' };
  // tar before file-type: a tar starts with its first member's name, which can be made to look like
  // another format's magic ("%PDF-1.7.pdf.exe" would pass for a PDF).
  if (looksLikeTar(b)) return { ext: 'tar', mime: 'application/x-tar' };
  // TNEF (winmail.dat): Outlook's wrapper of a message's attachments; file-type does not know it
  if (looksLikeTnef(b)) return { ext: 'tnef', mime: 'application/vnd.ms-tnef' };
  if (looksLikeMachO(b)) return MACHO;
  for (const off of [0x8001, 0x8801, 0x9001]) {
    if (ascii(off, 'CD001')) return { ext: 'iso', mime: 'application/x-iso9660-image' };
    if (ascii(off, 'BEA01') || ascii(off, 'NSR02') || ascii(off, 'NSR03')) return { ext: 'iso', mime: 'application/x-udf-image' };
  }
  return undefined;
}

const MACHO: TrueType = { ext: 'macho', mime: 'application/x-mach-binary' };
/** Mach-O magic numbers file-type does not know (it knows 64-bit little-endian, cffaedfe): 32-bit and big-endian. */
const MACHO_MAGICS: ReadonlySet<number> = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe]);

/**
 * A macOS program: a Mach-O file of any word size and byte order, or a universal ("fat") binary —
 * cafebabe as Java class files start, told apart as Apple's and GNU file do: a fat header counts
 * its architectures (a few), where a class file has its version (45 and up).
 */
function looksLikeMachO(b: Buffer): boolean {
  if (b.length < 8) return false;
  const magic = b.readUInt32BE(0);
  if (MACHO_MAGICS.has(magic)) return true;
  if (magic !== 0xcafebabe && magic !== 0xcafebabf) return false;
  const archs = b.readUInt32BE(4);
  return archs > 0 && archs < 45 && b.length >= 8 + 20 * archs;
}

/** True types that are programs, shortcuts or disk images whatever the name says. */
export const DANGEROUS_TRUE_TYPES: ReadonlySet<string> = new Set([
  'exe', 'elf', 'macho', 'lnk', 'chm', 'jar', 'class', 'apk', 'swf', 'iso', 'vhd', 'vhdx', 'dmg', 'crx', 'xpi',
  // told by content (content-types.ts): Apple configuration profiles, App Installer files, macOS installers
  'mobileconfig', 'appinstaller', 'xar',
]);

export type Family =
  | 'executable' | 'zip' | 'ole' | 'pdf' | 'rtf' | 'image' | 'media' | 'archive' | 'text'
  | 'shortcut' | 'help' | 'disk-image' | 'flash' | 'java-class';

const FAMILY_EXTS: Record<Family, string[]> = {
  executable: ['exe', 'dll', 'scr', 'com', 'pif', 'cpl', 'sys', 'drv', 'ocx', 'xll', 'wll', 'efi', 'elf', 'macho'],
  zip: ['zip', 'docx', 'docm', 'dotx', 'dotm', 'xlsx', 'xlsm', 'xltx', 'xltm', 'xlsb', 'xlam', 'pptx', 'pptm',
    'potx', 'potm', 'ppsx', 'ppsm', 'ppam', 'odt', 'ods', 'odp', 'odg', 'ott', 'ots', 'otp', 'otg', 'epub', 'jar',
    'apk', 'xpi', 'vsdx', '3mf', 'kmz', 'war', 'ear', 'aar', 'nupkg', 'whl', 'xps', 'oxps'],
  ole: ['cfb', 'doc', 'dot', 'xls', 'xlt', 'xla', 'ppt', 'pps', 'pot', 'msg', 'msi', 'msp', 'mst', 'vsd', 'pub', 'mpp', 'wps'],
  pdf: ['pdf', 'ai'],
  rtf: ['rtf'],
  image: ['jpg', 'jpeg', 'jpe', 'jfif', 'png', 'apng', 'gif', 'webp', 'bmp', 'dib', 'tif', 'tiff', 'ico', 'cur',
    'heic', 'heif', 'avif', 'jxl', 'jxr', 'psd', 'xcf', 'jp2', 'j2c', 'jpx', 'icns', 'bpg', 'flif'],
  media: ['mp3', 'mp4', 'm4a', 'm4v', 'm4b', 'mov', 'avi', 'mkv', 'webm', 'wav', 'ogg', 'oga', 'ogv', 'opus',
    'flac', 'wma', 'wmv', 'asf', '3gp', '3g2', 'mpg', 'mpeg', 'mp2', 'amr', 'aac', 'mid', 'midi', 'aif', 'aiff',
    'flv', 'f4v', 'mts', 'm2ts', 'ac3'],
  archive: ['rar', '7z', 'tnef', 'gz', 'tgz', 'bz2', 'tbz2', 'xz', 'txz', 'tar', 'cab', 'arj', 'ace', 'lzh', 'lha', 'zst',
    'lz', 'lz4', 'cpio', 'z', 'ar', 'deb', 'rpm'],
  text: ['txt', 'csv', 'log', 'md', 'ini', 'cfg', 'json', 'htm', 'html', 'eml', 'ics', 'vcf', 'xml'],
  shortcut: ['lnk'],
  help: ['chm'],
  'disk-image': ['iso', 'img', 'vhd', 'vhdx', 'udf', 'dmg'],
  flash: ['swf'],
  'java-class': ['class'],
};

const EXT_FAMILY = new Map<string, Family>();
for (const [family, exts] of Object.entries(FAMILY_EXTS) as [Family, string[]][]) {
  for (const e of exts) if (!EXT_FAMILY.has(e)) EXT_FAMILY.set(e, family);
}

/** Family of a file-type extension or a file-name extension; undefined when we do not classify it. */
export function familyOfExt(ext: string): Family | undefined {
  return EXT_FAMILY.get(ext.toLowerCase());
}

/** Families a true type may have under a name of family `named` without being a deception. */
function compatible(named: Family, actual: Family): boolean {
  if (named === actual) return true;
  // Word opens RTF and OOXML saved as .doc, and old-format files saved as .docx; common and harmless.
  if (named === 'ole' && (actual === 'rtf' || actual === 'zip')) return true;
  if (named === 'zip' && actual === 'ole') return true;
  if (named === 'rtf' && actual === 'ole') return true;
  return false;
}

/**
 * Does a name extension disagree with the true type? Only when both are classified, or when the
 * true type is dangerous (an exe named .dat is still a deception). Differences inside one family
 * (a PNG named .jpg, an xlsx named .zip) are not reported.
 */
export function extensionMismatch(nameExt: string, trueExt: string): boolean {
  if (!nameExt || nameExt === trueExt) return false;
  const actual = familyOfExt(trueExt);
  const named = familyOfExt(nameExt);
  if (actual && named) return !compatible(named, actual);
  return DANGEROUS_TRUE_TYPES.has(trueExt) && named !== actual;
}

/** Families a declared MIME type allows; undefined for generic or unknown types (no opinion). */
export function familiesOfMime(mime: string): Family[] | undefined {
  const m = mime.toLowerCase().trim();
  if (!m || m === 'application/octet-stream' || m === 'binary/octet-stream' || m === 'application/unknown') return undefined;
  if (m === 'application/pdf' || m === 'application/x-pdf') return ['pdf'];
  if (m === 'image/svg+xml') return undefined;
  if (m.startsWith('image/')) return ['image'];
  if (m.startsWith('audio/') || m.startsWith('video/')) return ['media'];
  if (/^application\/(x-)?zip(-compressed)?$/.test(m)) return ['zip'];
  if (m.startsWith('application/vnd.openxmlformats-officedocument.') || m.includes('macroenabled')) return ['zip', 'ole'];
  if (m.startsWith('application/vnd.oasis.opendocument.')) return ['zip'];
  if (m === 'application/msword') return ['ole', 'rtf', 'zip'];
  if (m === 'application/vnd.ms-excel' || m === 'application/vnd.ms-powerpoint' || m === 'application/vnd.ms-outlook') return ['ole', 'zip'];
  if (m === 'application/rtf' || m === 'text/rtf') return ['rtf', 'ole'];
  if (/^application\/(x-rar(-compressed)?|vnd\.rar|x-7z-compressed|gzip|x-gzip|x-tar|x-bzip2|x-xz|vnd\.ms-cab-compressed|zstd|x-zstd|x-lzip|x-lz4)$/.test(m)) return ['archive'];
  if (m.startsWith('text/')) return ['text'];
  return undefined;
}

/** Does the declared Content-Type disagree with the true type? */
export function mimeMismatch(declared: string, trueExt: string): boolean {
  const allowed = familiesOfMime(declared);
  if (!allowed) return false;
  const actual = familyOfExt(trueExt);
  if (!actual) return DANGEROUS_TRUE_TYPES.has(trueExt);
  return !allowed.includes(actual);
}

const ZIP_TRUE_TYPES = new Set(FAMILY_EXTS.zip);
export function isZipFamily(t: TrueType | undefined): boolean {
  return !!t && ZIP_TRUE_TYPES.has(t.ext);
}

/**
 * Archive formats walk.ts does not open itself (zip, gzip, tar and TNEF it does). Of these, rar, 7z,
 * cab, arj, lzh, cpio, ar and the single compressed streams (bz2, xz, lzma, zst, Z) are opened
 * through 7-Zip (archive-listing.ts, single-stream.ts), lzip (lz) and LZ4 (lz4) streams through
 * Debian's tools (tool-streams.ts); the rest (ace: no free decoder) stay uninspectable (clamd may
 * still unpack some).
 */
export const UNINSPECTABLE_ARCHIVES: ReadonlySet<string> = new Set([
  'rar', '7z', 'bz2', 'xz', 'cab', 'arj', 'ace', 'lzh', 'lha', 'zst', 'lz', 'lz4', 'cpio', 'Z', 'ar',
  'tbz2', 'txz', 'z',
]);
