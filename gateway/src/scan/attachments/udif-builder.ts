import { deflateSync } from 'node:zlib';

/**
 * Builds Apple disk images (UDIF, the ".dmg" hdiutil writes) for tests: there is no hdiutil on
 * Linux. A UDIF is the disk's sectors as a run of chunks (the data fork), an XML property list
 * whose "blkx" array holds one "mish" table per partition (each chunk's type, sectors and place in
 * the data fork), and the 512-byte "koly" trailer that points at both. Everything is big-endian.
 * The builder writes what hdiutil's UDRO (raw, chunk type 1) and UDZO (zlib, 0x80000005) images
 * hold, one partition over the whole disk, without the protective MBR and GPT entries macOS adds;
 * the tests check that 7-Zip's reader lists and extracts the files of the FAT payload in it.
 */

/** Chunk types of a mish table (Apple's BLKXChunkEntry). */
export const UDIF_CHUNK = { zero: 0x00000000, raw: 0x00000001, zlib: 0x80000005, end: 0xffffffff } as const;

export interface UdifOptions {
  /** How the sectors are stored: 'raw' (UDRO) or 'zlib' (UDZO). Default 'zlib'. */
  compression?: 'raw' | 'zlib';
  /** Sectors per chunk (hdiutil writes 2048, 1 MiB). */
  chunkSectors?: number;
  /** The partition's name in the property list, as hdiutil writes it: "disk image (Apple_HFS : 1)". */
  partitionName?: string;
}

const SECTOR = 512;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** zlib's CRC-32 (UDIF's checksum type 2), bitwise: test data only. */
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A UDIFChecksum: type 2 (CRC-32), 32 bits, the value in the first of 32 words. */
function checksum(crc: number): Buffer {
  const b = Buffer.alloc(136);
  b.writeUInt32BE(2, 0);
  b.writeUInt32BE(32, 4);
  b.writeUInt32BE(crc >>> 0, 8);
  return b;
}

/** Wraps `disk` (a raw disk or file-system image, padded to whole sectors) in a UDIF. */
export function buildUdif(disk: Buffer, opts: UdifOptions = {}): Buffer {
  const compression = opts.compression ?? 'zlib';
  const chunkSectors = opts.chunkSectors ?? 2048;
  const padded = Buffer.concat([disk, Buffer.alloc((SECTOR - (disk.length % SECTOR)) % SECTOR)]);
  const sectors = padded.length / SECTOR;

  const fork: Buffer[] = [];
  let forkLength = 0;
  const chunks: Buffer[] = [];
  for (let first = 0; first < sectors; first += chunkSectors) {
    const count = Math.min(chunkSectors, sectors - first);
    const plain = padded.subarray(first * SECTOR, (first + count) * SECTOR);
    const zero = plain.every((b) => b === 0);
    const stored = zero ? Buffer.alloc(0) : compression === 'zlib' ? deflateSync(plain) : plain;
    const type = zero ? UDIF_CHUNK.zero : compression === 'zlib' ? UDIF_CHUNK.zlib : UDIF_CHUNK.raw;
    chunks.push(Buffer.concat([u32(type), u32(0), u64(first), u64(count), u64(forkLength), u64(stored.length)]));
    fork.push(stored);
    forkLength += stored.length;
  }
  chunks.push(Buffer.concat([u32(UDIF_CHUNK.end), u32(0), u64(sectors), u64(0), u64(forkLength), u64(0)]));

  const mish = Buffer.concat([
    Buffer.from('mish', 'latin1'),
    u32(1), // version
    u64(0), // first sector
    u64(sectors),
    u64(0), // data offset
    u32(0x208), // buffers needed
    u32(0), // block descriptor
    Buffer.alloc(24), // reserved
    checksum(crc32(padded)),
    u32(chunks.length),
    ...chunks,
  ]);

  const name = opts.partitionName ?? 'disk image (DOS_FAT_12 : 0)';
  const plist = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '\t<key>resource-fork</key>',
    '\t<dict>',
    '\t\t<key>blkx</key>',
    '\t\t<array>',
    '\t\t\t<dict>',
    '\t\t\t\t<key>Attributes</key>',
    '\t\t\t\t<string>0x0050</string>',
    '\t\t\t\t<key>CFName</key>',
    `\t\t\t\t<string>${name}</string>`,
    '\t\t\t\t<key>Data</key>',
    `\t\t\t\t<data>${mish.toString('base64')}</data>`,
    '\t\t\t\t<key>ID</key>',
    '\t\t\t\t<string>0</string>',
    '\t\t\t\t<key>Name</key>',
    `\t\t\t\t<string>${name}</string>`,
    '\t\t\t</dict>',
    '\t\t</array>',
    '\t</dict>',
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
  const xml = Buffer.from(plist, 'utf8');

  const data = Buffer.concat(fork);
  const koly = Buffer.alloc(512);
  koly.write('koly', 0, 'latin1');
  koly.writeUInt32BE(4, 4); // version
  koly.writeUInt32BE(512, 8); // header size
  koly.writeUInt32BE(1, 12); // flags: flattened
  koly.writeBigUInt64BE(0n, 16); // running data fork offset
  koly.writeBigUInt64BE(0n, 24); // data fork offset
  koly.writeBigUInt64BE(BigInt(data.length), 32); // data fork length
  // (no resource fork: 40, 48) segment 1 of 1
  koly.writeUInt32BE(1, 56);
  koly.writeUInt32BE(1, 60);
  checksum(crc32(data)).copy(koly, 80); // data fork checksum
  koly.writeBigUInt64BE(BigInt(data.length), 216); // XML offset
  koly.writeBigUInt64BE(BigInt(xml.length), 224); // XML length
  koly.writeUInt32BE(1, 488); // image variant: device image
  koly.writeBigUInt64BE(BigInt(sectors), 492); // sector count
  return Buffer.concat([data, xml, koly]);
}
