/**
 * A TNEF reader (winmail.dat, application/ms-tnef: Outlook's "rich text" wrapper, [MS-OXTNEF]) over
 * bytes already in memory. Outlook and Exchange put a message's attachments inside it when they send
 * "rich text" mail, so an attachment that arrives as winmail.dat is as dangerous as the files it
 * holds, and mail clients other than Outlook (and most gateways) show only "winmail.dat".
 *
 * The stream is a signature, then attributes: level (message or attachment), id, length, data and a
 * 16-bit checksum. An attachment starts at attAttachRendData; its bytes are attAttachData, its
 * 8.3 name attAttachTitle, and its MAPI properties (attAttachment) hold the long file name and,
 * for embedded messages and OLE objects, the data itself (PidTagAttachDataObject: an interface id,
 * then a nested TNEF stream or a compound file). Member data is a view into the buffer, no copy.
 *
 * Our own: the npm TNEF readers are small, unmaintained and decode into strings. Checksums are not
 * enforced (a wrong one is noted): Outlook shows what it can read, and so do we.
 */

export interface TnefAttachment {
  /** The long file name when the properties give one, else the 8.3 title, else `attachment-N`. */
  name: string;
  data: Buffer;
  /** An embedded Outlook message (its data is a TNEF stream of its own) or an OLE object. */
  embedded?: 'message' | 'ole';
}

export interface TnefContents {
  attachments: TnefAttachment[];
  /** Attributes whose checksum did not match their data. */
  badChecksums: number;
  /** Where reading stopped early (a cut or broken stream): the attachments before it are listed. */
  damage?: string;
}

export const TNEF_SIGNATURE = 0x223e9f78;

/** Attribute ids (type in the high word, id in the low word), [MS-OXTNEF] 2.1.3.2. */
const ATT = {
  attachRendData: 0x00069002,
  attachTitle: 0x00018010,
  attachData: 0x0006800f,
  attachment: 0x00069005,
  attachTransportFilename: 0x00019001,
} as const;

/** MAPI property ids read from attAttachment. */
const PROP = { longFilename: 0x3707, filename: 0x3704, dataObject: 0x3701, method: 0x3705 } as const;
/** PidTagAttachMethod values. */
const METHOD_EMBEDDED = 5;
const METHOD_OLE = 6;

/** Property value sizes of the fixed-length MAPI types ([MS-OXCDATA] 2.11.1), padded to 4. */
const FIXED_SIZE: Record<number, number> = {
  0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4,
  0x0014: 8, 0x0040: 8, 0x0048: 16,
};
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;

/** Attachments read from one stream, at most (a mail has a handful). */
const MAX_ATTACHMENTS = 1000;
/** Properties in one attAttachment block, at most. */
const MAX_PROPS = 10_000;

export class TnefFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'TnefFormatError';
  }
}

export function looksLikeTnef(b: Buffer): boolean {
  return b.length >= 6 && b.readUInt32LE(0) === TNEF_SIGNATURE;
}

interface Building {
  title?: string;
  longName?: string;
  shortName?: string;
  data?: Buffer;
  objectData?: Buffer;
  method?: number;
}

/** Reads the attachments of a TNEF stream. Never throws: damage ends the reading and is reported. */
export function readTnef(b: Buffer): TnefContents {
  const out: TnefContents = { attachments: [], badChecksums: 0 };
  if (!looksLikeTnef(b)) return { ...out, damage: 'no TNEF signature' };
  let current: Building | undefined;
  const finish = (): void => {
    if (!current) return;
    const c = current;
    current = undefined;
    const data = c.data ?? c.objectData;
    if (!data) return;
    const embedded = c.method === METHOD_EMBEDDED ? 'message' : c.method === METHOD_OLE ? 'ole' : undefined;
    const fallback = `attachment-${out.attachments.length + 1}${embedded === 'message' ? '.tnef' : ''}`;
    const name = clean(c.longName) || clean(c.title) || clean(c.shortName) || fallback;
    out.attachments.push({ name, data, ...(embedded ? { embedded } : {}) });
  };
  let off = 6;
  try {
    while (off < b.length) {
      if (out.attachments.length >= MAX_ATTACHMENTS) break;
      if (off + 9 > b.length) throw new TnefFormatError('attribute header cut off', off);
      const level = b[off]!;
      const id = b.readUInt32LE(off + 1);
      const length = b.readUInt32LE(off + 5);
      const start = off + 9;
      const end = start + length;
      if (end + 2 > b.length) throw new TnefFormatError(`attribute 0x${id.toString(16)} runs past the end`, off);
      const data = b.subarray(start, end);
      if (checksum(data) !== b.readUInt16LE(end)) out.badChecksums += 1;
      off = end + 2;
      if (level !== 0x02) continue;
      switch (id) {
        case ATT.attachRendData:
          finish();
          current = {};
          break;
        case ATT.attachTitle:
          (current ??= {}).title = cString(data);
          break;
        case ATT.attachTransportFilename:
          (current ??= {}).title ??= cString(data);
          break;
        case ATT.attachData:
          (current ??= {}).data = data;
          break;
        case ATT.attachment:
          readAttachmentProps(data, (current ??= {}), start);
          break;
        default:
      }
    }
  } catch (err) {
    out.damage = err instanceof TnefFormatError ? err.message : String(err);
  }
  finish();
  return out;
}

/** The sum of the bytes, modulo 65536 ([MS-OXTNEF] 2.1.3.1). */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  return sum & 0xffff;
}

/** The text without the NULs that end it. */
function trimNuls(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return text.slice(0, end);
}

function cString(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('latin1', 0, nul === -1 ? data.length : nul);
}

/** A file name without control characters and path: what a client would save it as. */
function clean(name: string | undefined): string {
  if (!name) return '';
  // eslint-disable-next-line no-control-regex
  const plain = name.replace(/[\u0000-\u001f]/g, '').trim();
  return plain.slice(Math.max(plain.lastIndexOf('/'), plain.lastIndexOf('\\')) + 1).slice(0, 255);
}

/** Reads the few properties we need from an attAttachment block (a MAPI property list). */
function readAttachmentProps(p: Buffer, into: Building, base: number): void {
  let off = 0;
  const need = (n: number): void => {
    if (off + n > p.length) throw new TnefFormatError('attachment properties cut off', base + off);
  };
  const u32 = (): number => {
    need(4);
    const v = p.readUInt32LE(off);
    off += 4;
    return v;
  };
  const pad4 = (n: number): number => (n + 3) & ~3;
  const count = u32();
  if (count > MAX_PROPS) throw new TnefFormatError(`${count} attachment properties`, base);
  for (let i = 0; i < count; i++) {
    need(4);
    const type = p.readUInt16LE(off);
    const propId = p.readUInt16LE(off + 2);
    off += 4;
    if (propId >= 0x8000) {
      // a named property: GUID, then a number or a length-prefixed UTF-16 name
      need(20);
      off += 16;
      const kind = u32();
      if (kind === 0) off += 4;
      else {
        const len = u32();
        need(pad4(len));
        off += pad4(len);
      }
    }
    const ptype = type & ~MV_FLAG;
    const variable = ptype === PT_STRING8 || ptype === PT_UNICODE || ptype === PT_BINARY || ptype === PT_OBJECT;
    const values = variable || type & MV_FLAG ? u32() : 1;
    if (values > MAX_PROPS) throw new TnefFormatError(`${values} values in one property`, base + off);
    for (let v = 0; v < values; v++) {
      if (!variable) {
        const size = FIXED_SIZE[ptype];
        if (size === undefined) throw new TnefFormatError(`unknown property type 0x${type.toString(16)}`, base + off);
        need(size);
        if (propId === PROP.method && v === 0) into.method = p.readUInt32LE(off);
        off += size;
        continue;
      }
      const len = u32();
      need(len);
      const value = p.subarray(off, off + len);
      // the padding of the last value may be missing: tolerated
      off = Math.min(p.length, off + pad4(len));
      if (v > 0) continue;
      if (propId === PROP.longFilename || propId === PROP.filename) {
        const text = ptype === PT_UNICODE ? trimNuls(value.toString('utf16le')) : cString(value);
        if (propId === PROP.longFilename) into.longName = text;
        else into.shortName = text;
      } else if (propId === PROP.dataObject) {
        // PT_OBJECT starts with the interface id (16 bytes); PT_BINARY is the data itself
        into.objectData = ptype === PT_OBJECT ? value.subarray(Math.min(16, value.length)) : value;
      }
    }
  }
}
