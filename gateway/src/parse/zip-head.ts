/**
 * What file-type makes of a zip head, told without its zip walk when that walk would be costly.
 *
 * For bytes that start with a local file header, file-type (fileTypeFromBuffer) walks the zip's
 * entries with @tokenizer/inflate to tell a jar, apk, xpi, OOXML or OpenDocument file from a plain
 * zip. The walk costs outside the JavaScript heap: a 256 KiB buffer of its own every time, and for an
 * entry named 'mimetype' or '[Content_Types].xml' a buffer of the size its header declares (up to
 * 4 GiB) before it finds that the head holds fewer bytes. A fuzzed message of 130 truncated docx
 * heads declaring 0xFFFFFFFF bytes took 15 s, nearly all in the full garbage collections V8 starts
 * for that "external memory pressure".
 *
 * plainZipHead follows the walk's steps over the headers (sizes, signatures and entry names, no
 * entry data) and answers for file-type where it can: 'zip' (no entry tells another type), or
 * 'gives-up' (file-type throws: the walk runs into the end of a truncated head, into bytes that are
 * not a zip header, or into an entry whose data the head does not hold). It leaves to file-type
 * (undefined) only what is not a zip head and the heads where an entry tells the type and its data,
 * if any is needed, is in the bytes: then the walk reads no more than the bytes hold.
 *
 * zip-head.test.ts holds this to file-type's own answer over real and damaged zip heads.
 */

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const DATA_DESCRIPTOR = 0x08074b50;
const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const DATA_DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
/** The walk searches for a data descriptor in 256 KiB steps; longer bytes are left to file-type itself. */
const MAX_BYTES = 256 * 1024;
/** How far from the end the walk looks for the end of central directory record. */
const EOCD_SEARCH = 16 * 1024;
/** How the walk decodes entry names (token-types' StringType 'utf-8'). */
const NAME_DECODER = new TextDecoder('utf-8');

type Answer = 'zip' | 'gives-up' | undefined;

/**
 * What file-type's walk does at an entry of this name: 'stop' (the name tells the type), 'read' (the
 * type is in the entry's data, read whole), undefined (next entry).
 */
function entryRole(name: string): 'stop' | 'read' | undefined {
  if (name === 'META-INF/mozilla.rsa' || name === 'META-INF/MANIFEST.MF' || /classes\d*\.dex/.test(name)) return 'stop';
  if (name === 'mimetype' || name === '[Content_Types].xml') return 'read';
  return undefined;
}

/**
 * 'zip' when file-type would answer application/zip for these bytes, 'gives-up' when it would throw,
 * undefined when file-type is to be asked (not a zip head, or an entry tells the type from bytes the
 * head holds).
 */
export function plainZipHead(b: Buffer): Answer {
  if (b.length < 4 || b.length > MAX_BYTES || b.readUInt32LE(0) !== LOCAL_HEADER) return undefined;
  return walk(b);
}

/** @tokenizer/inflate's ZipHandler.unzip over these bytes, with file-type's entry callback. */
function walk(b: Buffer): Answer {
  const L = b.length;
  const fits = (pos: number, len: number) => pos + len <= L;
  const skip = (pos: number, len: number) => pos + Math.min(len, Math.max(0, L - pos));
  const name = (pos: number, len: number) => NAME_DECODER.decode(b.subarray(pos, pos + len));

  // the central directory, when an end record is in the last 16 KiB (found from the end)
  const eocd = b.lastIndexOf(END_OF_CENTRAL_DIRECTORY, L - 4);
  if (eocd > 0 && eocd >= L - Math.min(EOCD_SEARCH, L)) {
    if (!fits(eocd, 22)) return 'gives-up';
    const count = b.readUInt16LE(eocd + 10);
    const entries: { name: string; compressedSize: number; localHeader: number }[] = [];
    let pos = b.readUInt32LE(eocd + 16);
    for (let n = 0; n < count; n++) {
      if (!fits(pos, 46) || b.readUInt32LE(pos) !== CENTRAL_HEADER) return 'gives-up';
      const compressedSize = b.readUInt32LE(pos + 20);
      const nameLength = b.readUInt16LE(pos + 28);
      const extraLength = b.readUInt16LE(pos + 30);
      const commentLength = b.readUInt16LE(pos + 32);
      const localHeader = b.readUInt32LE(pos + 42);
      pos += 46;
      if (!fits(pos, nameLength)) return 'gives-up';
      entries.push({ name: name(pos, nameLength), compressedSize, localHeader });
      pos = skip(skip(pos + nameLength, extraLength), commentLength);
    }
    for (const entry of entries) {
      const role = entryRole(entry.name);
      if (role === 'stop') return undefined;
      if (role !== 'read') continue;
      // the entry's data, at its local header, `compressedSize` as the central directory says
      let at = entry.localHeader;
      if (!fits(at, 4)) return 'gives-up';
      const signature = b.readUInt32LE(at);
      if (signature === CENTRAL_HEADER) return 'zip'; // no local header there: nothing read, the walk stops
      if (signature !== LOCAL_HEADER || !fits(at, 30)) return 'gives-up';
      const nameLength = b.readUInt16LE(at + 26);
      const extraLength = b.readUInt16LE(at + 28);
      at += 30;
      if (!fits(at, nameLength)) return 'gives-up';
      at = skip(at + nameLength, extraLength);
      return fits(at, entry.compressedSize) ? undefined : 'gives-up';
    }
    return 'zip';
  }

  // else the local file headers, one after the other, until a central directory header
  let pos = 0;
  for (;;) {
    if (!fits(pos, 4)) return 'gives-up';
    const signature = b.readUInt32LE(pos);
    if (signature === CENTRAL_HEADER) return 'zip';
    if (signature !== LOCAL_HEADER || !fits(pos, 30)) return 'gives-up';
    const dataDescriptor = (b.readUInt16LE(pos + 6) & 0x0008) !== 0;
    const compressedSize = b.readUInt32LE(pos + 18);
    const nameLength = b.readUInt16LE(pos + 26);
    const extraLength = b.readUInt16LE(pos + 28);
    pos += 30;
    if (!fits(pos, nameLength)) return 'gives-up';
    const role = entryRole(name(pos, nameLength));
    if (role === 'stop') return undefined;
    pos = skip(pos + nameLength, extraLength);
    if (dataDescriptor && compressedSize === 0) {
      // size unknown: the data runs to the next data descriptor signature (or the end), read only
      // for a 'read' entry, and then no more than the bytes hold
      if (role === 'read') return undefined;
      const next = b.indexOf(DATA_DESCRIPTOR_BYTES, pos);
      pos = next >= 0 ? next : L;
    } else if (role === 'read') {
      // the walk makes a buffer of compressedSize bytes, then reads them: the head must hold them
      return fits(pos, compressedSize) ? undefined : 'gives-up';
    } else {
      pos = skip(pos, compressedSize);
    }
    if (dataDescriptor) {
      if (!fits(pos, 16) || b.readUInt32LE(pos) !== DATA_DESCRIPTOR) return 'gives-up';
      pos += 16;
    }
  }
}
