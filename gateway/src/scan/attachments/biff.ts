/**
 * Reading BIFF5/BIFF8 records ([MS-XLS] 2.1.4) for xls.ts: one record with its CONTINUE records
 * joined, strings that go on across a CONTINUE boundary, and the name tokens of a formula.
 * Nothing here throws on hostile bytes: lengths are checked against the buffer, loops are bounded
 * by the data they walk.
 */

export const CONTINUE = 0x003c;

/** Bytes of one record joined with its CONTINUE records; the data of further CONTINUE records is skipped. */
export const BIFF_MAX_JOINED_BYTES = 256 * 1024;

export interface BiffRecord {
  type: number;
  /** The record's data, followed by the data of its CONTINUE records when its type is joined. */
  data: Buffer;
  /** Offsets in `data` where the data of each joined CONTINUE record starts. */
  breaks: number[];
  /** Physical records read: the record and its CONTINUE records. */
  count: number;
  /** Where the next record starts (past the end of the stream when `cutAt` is set). */
  next: number;
  /** Where the physical record that runs past the end of the stream starts, if one does; `data` is what there is. */
  cutAt?: number;
}

/**
 * The record at `pos`, or undefined when no header fits. A record whose type is in `join` takes the
 * CONTINUE records right after it (at most `maxCount` physical records in all, so a chain of them
 * counts against the caller's record limit); for other types a CONTINUE is left as a record of its own.
 */
export function readBiffRecord(stream: Buffer, pos: number, join: ReadonlySet<number>, maxCount = Infinity): BiffRecord | undefined {
  if (pos < 0 || pos + 4 > stream.length) return undefined;
  const type = stream.readUInt16LE(pos);
  let next = pos + 4 + stream.readUInt16LE(pos + 2);
  const first = stream.subarray(pos + 4, Math.min(stream.length, next));
  if (next > stream.length) return { type, data: first, breaks: [], count: 1, next, cutAt: pos };
  if (!join.has(type)) return { type, data: first, breaks: [], count: 1, next };
  const parts = [first];
  const breaks: number[] = [];
  let size = first.length;
  let count = 1;
  let cutAt: number | undefined;
  while (count < maxCount && next + 4 <= stream.length && stream.readUInt16LE(next) === CONTINUE) {
    const at = next;
    next = at + 4 + stream.readUInt16LE(at + 2);
    count++;
    if (size < BIFF_MAX_JOINED_BYTES) {
      const part = stream.subarray(at + 4, Math.min(stream.length, next));
      breaks.push(size);
      parts.push(part);
      size += part.length;
    }
    if (next > stream.length) {
      cutAt = at;
      break;
    }
  }
  const record: BiffRecord = { type, data: parts.length === 1 ? first : Buffer.concat(parts, size), breaks, count, next };
  if (cutAt !== undefined) record.cutAt = cutAt;
  return record;
}

/**
 * A BIFF8 string's characters without their count: at `at` a high-byte flag (bit 0: UTF-16LE,
 * else 8-bit Latin-1), then `cch` characters. When the characters run into a CONTINUE boundary
 * (`breaks`, from readBiffRecord), the CONTINUE's first byte is a new high-byte flag for the
 * characters left ([MS-XLS] 2.1.4; Excel and Apache POI read it that way). Returns the text and
 * where the string ends; a string cut short by the end of the data gives what there is.
 */
export function xlStringAt(data: Buffer, at: number, cch: number, breaks: readonly number[] = []): { text: string; end: number } {
  let wide = ((data[at] ?? 0) & 0x01) === 1;
  let pos = at + 1;
  let left = cch;
  let text = '';
  let b = 0;
  while (b < breaks.length && breaks[b]! < pos) b++; // boundaries before the characters (the flag itself may start a CONTINUE)
  while (left > 0 && pos < data.length) {
    const unit = wide ? 2 : 1;
    const stop = Math.min(data.length, breaks[b] ?? data.length);
    const n = Math.max(0, Math.min(left, Math.floor((stop - pos) / unit)));
    text += data.toString(wide ? 'utf16le' : 'latin1', pos, pos + n * unit);
    pos += n * unit;
    left -= n;
    if (left === 0 || b >= breaks.length) break;
    // the characters go on in the next CONTINUE, after a flag byte of their own
    pos = breaks[b]!;
    b++;
    wide = ((data[pos] ?? 0) & 0x01) === 1;
    pos++;
  }
  return { text, end: pos };
}

/**
 * Bytes after the token byte of the fixed-size BIFF8 formula tokens ([MS-XLS] 2.5.198), by token
 * (operand tokens by their base 0x20-0x3D, whatever their class bits). PtgStr and PtgAttr have a
 * size of their own; anything else (PtgExtended, unknown) ends the walk.
 */
const PTG_SIZE: ReadonlyMap<number, number> = new Map([
  [0x01, 4], [0x02, 4], [0x03, 0], [0x04, 0], [0x05, 0], [0x06, 0], [0x07, 0], [0x08, 0], [0x09, 0], [0x0a, 0],
  [0x0b, 0], [0x0c, 0], [0x0d, 0], [0x0e, 0], [0x0f, 0], [0x10, 0], [0x11, 0], [0x12, 0], [0x13, 0], [0x14, 0],
  [0x15, 0], [0x16, 0], [0x1c, 1], [0x1d, 1], [0x1e, 2], [0x1f, 8],
  [0x20, 7], [0x21, 2], [0x22, 3], [0x23, 4], [0x24, 4], [0x25, 8], [0x26, 6], [0x27, 6], [0x28, 6], [0x29, 2],
  [0x2a, 4], [0x2b, 8], [0x2c, 4], [0x2d, 8], [0x39, 6], [0x3a, 6], [0x3b, 10], [0x3c, 6], [0x3d, 10],
]);
const PTG_STR = 0x17;
const PTG_ATTR = 0x19;
const PTG_NAME = 0x23;
const PTG_NAMEX = 0x39;

export interface NameTokens {
  /** PtgNameX: (ixti, nameindex) — an EXTERNSHEET entry and the 1-based EXTERNNAME under its SUPBOOK. */
  nameX: [number, number][];
  /** PtgName: the 1-based index of a defined name (LBL record) of this workbook. */
  names: number[];
}

/** The PtgNameX and PtgName tokens of a formula's rgce. Bounded by the rgce's length. */
export function formulaNameTokens(rgce: Buffer): NameTokens {
  const out: NameTokens = { nameX: [], names: [] };
  let i = 0;
  while (i < rgce.length) {
    const ptg = rgce[i]!;
    const base = ptg >= 0x20 ? (ptg & 0x1f) | 0x20 : ptg;
    if (base === PTG_NAMEX && i + 7 <= rgce.length) out.nameX.push([rgce.readUInt16LE(i + 1), rgce.readUInt16LE(i + 3)]);
    else if (base === PTG_NAME && i + 5 <= rgce.length) out.names.push(rgce.readUInt32LE(i + 1));
    let size = PTG_SIZE.get(base);
    if (base === PTG_STR) size = 2 + (rgce[i + 1] ?? 0) * (((rgce[i + 2] ?? 0) & 0x01) === 1 ? 2 : 1);
    else if (base === PTG_ATTR) {
      const grbit = rgce[i + 1] ?? 0;
      // tAttrChoose: a jump table of (wAttr + 1) offsets follows
      size = 3 + ((grbit & 0x04) !== 0 && i + 4 <= rgce.length ? (rgce.readUInt16LE(i + 2) + 1) * 2 : 0);
    }
    if (size === undefined) break;
    i += 1 + size;
  }
  return out;
}

/** The (ixti, nameindex) of each PtgNameX token of a formula's rgce. */
export function nameXTokens(rgce: Buffer): [number, number][] {
  return formulaNameTokens(rgce).nameX;
}
