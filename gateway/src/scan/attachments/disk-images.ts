import type { TrueType } from '../../parse/types.js';
import { LIST_MAX_BYTES } from './archive-listing.js';

/**
 * Disk images walked like archives (walk-listed.ts, through 7-Zip: archive-listing.ts): ISO 9660
 * and UDF images (true type 'iso'), VHD and VHDX virtual disks, raw floppy or disk images (.img)
 * holding a FAT or NTFS file system or a partition table (MBR, GPT), and Apple disk images (.dmg,
 * UDIF). Windows mounts them with a double click and shows their
 * files in Explorer, which is why malspam sends a shortcut and a DLL inside one; 7-Zip reads through
 * a VHD or VHDX to the partition and file system in it. Each file inside is walked as a member
 * ("disc.iso → invoice.lnk": name, true type, macros, ClamAV) within the archive limits. The image
 * itself stays `attachment.dangerous-type` by its type (checks.ts); walking it only adds what is inside.
 *
 * Partitions: 7-Zip reads through a partition table (MBR, GPT; in a raw image, a VHD, a VHDX or a
 * DMG). With one partition it opens the file system in it and lists its files, as for a VHD: the
 * path skips the partition ("disk.img → invoice.lnk"). With more it lists the partitions, named
 * by 7-Zip ("0.fat", "1.HOADON.fat" with a GPT name, "0.DOS_FAT_12" in a DMG): each is extracted
 * and walked as a member, a raw image of its own one level deeper ("disk.img → 1.fat →
 * invoice.lnk"), within the depth, entry, byte and ratio limits (overlapping partitions cost
 * their bytes each time).
 */

/** True types (file-type's ext, or true-type.ts's own) of the disk images 7-Zip opens. */
export const DISK_IMAGES: ReadonlySet<string> = new Set(['iso', 'vhd', 'vhdx', 'img', 'dmg']);

/** A raw image's type, named like what it holds: the 'img' that DISK_IMAGES lists. */
const RAW_IMAGE: TrueType = { ext: 'img', mime: 'application/x-raw-disk-image' };
/** An Apple disk image (UDIF), recognised by its trailer (file-type's 'dmg' is any zlib stream with 78 01). */
const DMG: TrueType = { ext: 'dmg', mime: 'application/x-apple-diskimage' };
/** A UDIF's trailer: the last 512 bytes. */
const KOLY_BYTES = 512;

/**
 * The disk image these bytes are, or undefined. 'iso', 'vhd' and 'vhdx' come from sniffType; a raw
 * image is recognised here by its boot sector: the x86 jump, a FAT12/16/32 or NTFS file-system
 * name where the boot sector keeps it, and the 55 AA signature at 510. (Not a bare partition table:
 * any file may end its first sector in 55 AA.)
 */
export function diskImageType(trueType: TrueType | undefined, head: Buffer, size = head.length): TrueType | undefined {
  // ('dmg' from file-type is only two bytes: a DMG is told by its trailer, diskImageOf)
  if (trueType) return DISK_IMAGES.has(trueType.ext) && trueType.ext !== 'dmg' ? trueType : undefined;
  if (looksLikeGpt(head)) return RAW_IMAGE;
  if (head.length < 512 || head[510] !== 0x55 || head[511] !== 0xaa) return undefined;
  const at = (off: number, s: string) => head.toString('latin1', off, off + s.length) === s;
  if ((head[0] === 0xeb || head[0] === 0xe9) && (at(0x36, 'FAT1') || at(0x36, 'FAT ') || at(0x52, 'FAT32') || at(3, 'NTFS    '))) return RAW_IMAGE;
  return looksLikeMbr(head, size) ? RAW_IMAGE : undefined;
}

/**
 * A GPT disk: the header's "EFI PART" and revision 1.0 in the second sector (512-byte sectors, or
 * 4096-byte ones), behind the protective MBR's 55 AA.
 */
function looksLikeGpt(head: Buffer): boolean {
  if (head.length < 512 || head[510] !== 0x55 || head[511] !== 0xaa) return false;
  return [512, 4096].some((off) => head.length >= off + 12 && head.toString('latin1', off, off + 8) === 'EFI PART' && head.readUInt32LE(off + 8) === 0x00010000);
}

/**
 * A classic partition table (MBR): each of the four entries empty (all zeros) or a partition — the
 * boot flag 00 or 80, a type, a first sector past the MBR and a length — and at least one that
 * starts inside the file. 55 AA alone ends many a file's first sector; 64 bytes that all read as
 * partitions do not happen by chance.
 */
function looksLikeMbr(head: Buffer, size: number): boolean {
  let inside = 0;
  for (let i = 0; i < 4; i++) {
    const e = head.subarray(446 + 16 * i, 462 + 16 * i);
    if (e.every((b) => b === 0)) continue;
    const start = e.readUInt32LE(8);
    if ((e[0] !== 0x00 && e[0] !== 0x80) || e[4] === 0 || start === 0 || e.readUInt32LE(12) === 0) return false;
    if (start * 512 < size) inside += 1;
  }
  return inside > 0;
}

/** The parts of a file diskImageOf reads: its size, and its bytes in place or whole. */
export interface DiskImageSource {
  size: number;
  bytes(): Promise<Buffer>;
  readAt?(position: number, into: Buffer): Promise<number>;
}

/**
 * diskImageType, and a DMG (UDIF) by the "koly" trailer in its last 512 bytes (version 4, its
 * 512-byte length, the property list it points at inside the file). The trailer is read in place
 * when the file can be; a file not in memory that cannot be read in place is looked at only up to
 * LIST_MAX_BYTES (past that listed() would not open it anyway). Never throws for bad input.
 */
export async function diskImageOf(item: DiskImageSource, trueType: TrueType | undefined, head: Buffer): Promise<TrueType | undefined> {
  const found = diskImageType(trueType, head, item.size);
  if (found || (trueType && trueType.ext !== 'dmg') || item.size < 2 * KOLY_BYTES) return found;
  let tail: Buffer;
  try {
    if (item.readAt) {
      tail = Buffer.alloc(KOLY_BYTES);
      if ((await item.readAt(item.size - KOLY_BYTES, tail)) !== KOLY_BYTES) return undefined;
    } else if (item.size <= LIST_MAX_BYTES) {
      tail = (await item.bytes()).subarray(item.size - KOLY_BYTES);
    } else return undefined;
  } catch {
    return undefined;
  }
  return looksLikeKoly(tail, item.size) ? DMG : undefined;
}

function looksLikeKoly(tail: Buffer, size: number): boolean {
  if (tail.length !== KOLY_BYTES || tail.toString('latin1', 0, 4) !== 'koly') return false;
  if (tail.readUInt32BE(4) !== 4 || tail.readUInt32BE(8) !== KOLY_BYTES) return false;
  const xmlOffset = Number(tail.readBigUInt64BE(216));
  const xmlLength = Number(tail.readBigUInt64BE(224));
  return xmlLength > 0 && xmlOffset + xmlLength <= size - KOLY_BYTES;
}

/**
 * What 7-Zip says is wrong with a disk image, without "There are data after the end of archive":
 * a VHD ends in its footer after the file system, a disk in space no partition uses — that is how
 * images are, not damage. Anything else it says is kept.
 */
export function imageDamage(damage: string | undefined): string | undefined {
  const rest = (damage ?? '').split('; ').filter((d) => d !== '' && d !== 'There are data after the end of archive');
  return rest.length > 0 ? rest.join('; ') : undefined;
}
