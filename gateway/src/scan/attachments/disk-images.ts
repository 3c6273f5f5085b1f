import type { TrueType } from '../../parse/types.js';

/**
 * Disk images walked like archives (walk.ts listed, through 7-Zip: archive-listing.ts): ISO 9660
 * and UDF images (true type 'iso'), VHD and VHDX virtual disks, and raw floppy or disk images
 * (.img) holding a FAT or NTFS file system. Windows mounts them with a double click and shows their
 * files in Explorer, which is why malspam sends a shortcut and a DLL inside one; 7-Zip reads through
 * a VHD or VHDX to the partition and file system in it. Each file inside is walked as a member
 * ("disc.iso → invoice.lnk": name, true type, macros, ClamAV) within the archive limits. The image
 * itself stays `attachment.dangerous-type` by its type (checks.ts); walking it only adds what is inside.
 */

/** True types (file-type's ext, or true-type.ts's own) of the disk images 7-Zip opens. */
export const DISK_IMAGES: ReadonlySet<string> = new Set(['iso', 'vhd', 'vhdx', 'img']);

/** A raw image's type, named like what it holds: the 'img' that DISK_IMAGES lists. */
const RAW_IMAGE: TrueType = { ext: 'img', mime: 'application/x-raw-disk-image' };

/**
 * The disk image these bytes are, or undefined. 'iso', 'vhd' and 'vhdx' come from sniffType; a raw
 * image is recognised here by its boot sector: the x86 jump, a FAT12/16/32 or NTFS file-system
 * name where the boot sector keeps it, and the 55 AA signature at 510. (Not a bare partition table:
 * any file may end its first sector in 55 AA.)
 */
export function diskImageType(trueType: TrueType | undefined, head: Buffer): TrueType | undefined {
  if (trueType) return DISK_IMAGES.has(trueType.ext) ? trueType : undefined;
  if (head.length < 512 || head[510] !== 0x55 || head[511] !== 0xaa) return undefined;
  if (head[0] !== 0xeb && head[0] !== 0xe9) return undefined;
  const at = (off: number, s: string) => head.toString('latin1', off, off + s.length) === s;
  return at(0x36, 'FAT1') || at(0x36, 'FAT ') || at(0x52, 'FAT32') || at(3, 'NTFS    ') ? RAW_IMAGE : undefined;
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
