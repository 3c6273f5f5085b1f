/**
 * Excel 4.0 (XLM) macros in a legacy workbook: the BIFF5/BIFF8 records of the workbook globals
 * (the `Workbook` or `Book` stream of the OLE file), read up to their EOF record. XLM macros live
 * on macro sheets — a BOUNDSHEET record (0x0085) with sheet type 0x01 — usually hidden or "very
 * hidden", started by an Auto_Open defined name (LBL record 0x0018). No formula is evaluated.
 */

export type SheetState = 'visible' | 'hidden' | 'very-hidden';

export interface MacroSheet {
  name: string;
  state: SheetState;
}

export interface WorkbookTraits {
  /** Sheets of type "Excel 4.0 macro sheet". */
  macroSheets: MacroSheet[];
  /** A defined name that runs a macro when the workbook opens (built-in Auto_Open, or a name starting with it). */
  autoOpen: boolean;
  /** The records after a FILEPASS record are encrypted: sheet types cannot be read. */
  encrypted: boolean;
  /** Why the globals could not be read to their end (truncated, not BIFF, too many records). */
  broken?: string;
}

/** Records read from the workbook globals before giving up (real workbooks have a few thousand). */
export const BIFF_MAX_RECORDS = 100_000;

const BOF = 0x0809;
const EOF = 0x000a;
const BOUNDSHEET = 0x0085;
const LBL = 0x0018;
const FILEPASS = 0x002f;
const SHEET_TYPE_MACRO = 0x01;
const BUILTIN_AUTO_OPEN = 0x01;
const LBL_FBUILTIN = 0x0020;

/** Reads the workbook globals of a Workbook/Book stream. Never throws: problems end up in `broken`. */
export function inspectWorkbook(stream: Buffer): WorkbookTraits {
  const traits: WorkbookTraits = { macroSheets: [], autoOpen: false, encrypted: false };
  if (stream.length < 4 || stream.readUInt16LE(0) !== BOF) {
    traits.broken = 'the workbook stream does not start with a BIFF BOF record';
    return traits;
  }
  let biff8 = true;
  let pos = 0;
  for (let records = 0; ; records += 1) {
    if (records >= BIFF_MAX_RECORDS) {
      traits.broken = `more than ${BIFF_MAX_RECORDS} records in the workbook globals`;
      return traits;
    }
    if (pos + 4 > stream.length) {
      traits.broken = 'the workbook stream ends before the end of its globals (no EOF record)';
      return traits;
    }
    const type = stream.readUInt16LE(pos);
    const len = stream.readUInt16LE(pos + 2);
    if (pos + 4 + len > stream.length) {
      traits.broken = `BIFF record 0x${type.toString(16).padStart(4, '0')} at byte ${pos} runs past the end of the stream`;
      return traits;
    }
    const data = stream.subarray(pos + 4, pos + 4 + len);
    pos += 4 + len;
    switch (type) {
      case BOF:
        if (records === 0 && data.length >= 2) biff8 = data.readUInt16LE(0) >= 0x0600;
        break;
      case EOF:
        return traits;
      case FILEPASS:
        traits.encrypted = true;
        return traits;
      case BOUNDSHEET: {
        if (data.length >= 6 && data[5] === SHEET_TYPE_MACRO) {
          traits.macroSheets.push({ name: sheetName(data, biff8), state: STATES[data[4]! & 0x03]! });
        }
        break;
      }
      case LBL:
        if (isAutoOpen(data, biff8)) traits.autoOpen = true;
        break;
    }
  }
}

const STATES: SheetState[] = ['visible', 'hidden', 'very-hidden', 'very-hidden'];

/** BIFF8: cch, a high-byte flag, then Latin-1 or UTF-16LE; BIFF5: cch and 8-bit characters. */
function sheetName(data: Buffer, biff8: boolean): string {
  const cch = data[6] ?? 0;
  return clean(biff8 ? xlChars(data, 7, cch) : data.toString('latin1', 7, 7 + cch));
}

/** `cch` characters at `at` after a high-byte flag (a BIFF8 string without its count): Latin-1 or UTF-16LE. */
function xlChars(data: Buffer, at: number, cch: number): string {
  const wide = ((data[at] ?? 0) & 0x01) === 1;
  return wide ? data.toString('utf16le', at + 1, Math.min(data.length, at + 1 + 2 * cch)) : data.toString('latin1', at + 1, Math.min(data.length, at + 1 + cch));
}

/** LBL: flags (fBuiltin = 0x20), chKey, cch, ... then the name at byte 14 (BIFF8: after a high-byte flag). */
function isAutoOpen(data: Buffer, biff8: boolean): boolean {
  if (data.length < 15) return false;
  const builtin = (data.readUInt16LE(0) & LBL_FBUILTIN) !== 0;
  const cch = data[3]!;
  const start = biff8 ? 15 : 14;
  const wide = biff8 && (data[14]! & 0x01) === 1;
  if (builtin) return (wide ? (data[start] ?? 0) | ((data[start + 1] ?? 0) << 8) : data[start]) === BUILTIN_AUTO_OPEN;
  // Excel also runs a user-defined name that starts with "Auto_Open" (Auto_Open1, auto_openXYZ...).
  const name = biff8 ? xlChars(data, 14, cch) : data.toString('latin1', start, start + cch);
  return /^auto_open/i.test(name);
}

function clean(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 64);
}

// ---- DDE links (external names of a DDE "supporting workbook") ----

/**
 * A DDE link of a legacy workbook. Excel saves `=cmd|' /C calc'!A0` as a SUPBOOK record (0x01AE)
 * with no sheets (ctab 0) whose virtPath is the service, character 0x0003, the topic ("cmd\x03 /C
 * calc"); an EXTERNNAME record (0x0023) after it per item ("A0"), its fOle/fOleLink flags clear (an
 * OLE link has the same SUPBOOK shape, with those flags set); and cell formulas naming the item
 * with a PtgNameX token (ixti: an EXTERNSHEET entry pointing at the SUPBOOK; nameindex: the
 * EXTERNNAME's 1-based position) ([MS-XLS] 2.4.271, 2.4.105, 2.4.106, 2.5.198.41).
 */
export interface WorkbookDdeLink {
  service: string;
  topic: string;
  /** Item names (EXTERNNAME), at most MAX_DDE_ITEMS. */
  items: string[];
  /** FORMULA records whose tokens name one of its items. */
  formulas: number;
}

/** Records read over the whole stream (globals and sheets) when looking for DDE links. */
export const BIFF_DDE_MAX_RECORDS = 1_000_000;
const MAX_SUPBOOKS = 256;
const MAX_DDE_ITEMS = 16;
const MAX_XTI = 4096;
const SUPBOOK = 0x01ae;
const EXTERNNAME = 0x0023;
const EXTERNSHEET = 0x0017;
const FORMULA = 0x0006;
const EXTERNNAME_OLE = 0x0018; // fOle | fOleLink

interface SupBook {
  dde: boolean;
  service: string;
  topic: string;
  items: string[];
  /** EXTERNNAME records met (also past MAX_DDE_ITEMS), and whether one was an OLE name. */
  names: number;
  ole: boolean;
  formulas: number;
}

/**
 * The DDE links of a BIFF8 Workbook stream, with the count of formulas using each. One pass over
 * the records (at most BIFF_DDE_MAX_RECORDS), each formula's tokens walked once within its record;
 * stops at a FILEPASS (the rest is encrypted) or at a record running past the end. Never throws.
 */
export function workbookDdeLinks(stream: Buffer): WorkbookDdeLink[] {
  if (stream.length < 4 || stream.readUInt16LE(0) !== BOF) return [];
  const books: SupBook[] = [];
  let xti: number[] = []; // EXTERNSHEET: index → SUPBOOK number
  const refs: [number, number][] = []; // PtgNameX (ixti, nameindex) of each formula, resolved at the end
  let pos = 0;
  for (let records = 0; records < BIFF_DDE_MAX_RECORDS && pos + 4 <= stream.length; records++) {
    const type = stream.readUInt16LE(pos);
    const len = stream.readUInt16LE(pos + 2);
    const data = stream.subarray(pos + 4, Math.min(stream.length, pos + 4 + len));
    pos += 4 + len;
    if (type === FILEPASS) break;
    if (type === SUPBOOK && books.length < MAX_SUPBOOKS) books.push(readSupBook(data));
    else if (type === EXTERNNAME) {
      const book = books[books.length - 1];
      if (book?.dde && data.length >= 2) {
        book.names++;
        const flags = data.readUInt16LE(0);
        if (flags & EXTERNNAME_OLE) book.ole = true;
        else if (book.items.length < MAX_DDE_ITEMS) book.items.push(itemName(data));
      }
    } else if (type === EXTERNSHEET && data.length >= 2) {
      const count = Math.min(data.readUInt16LE(0), MAX_XTI, Math.floor((data.length - 2) / 6));
      xti = [];
      for (let k = 0; k < count; k++) xti.push(data.readUInt16LE(2 + 6 * k));
    } else if (type === FORMULA && data.length > 22 && refs.length < MAX_XTI) {
      const cce = data.readUInt16LE(20);
      for (const r of nameXTokens(data.subarray(22, 22 + cce))) refs.push(r);
    }
  }
  for (const [ixti, nameIndex] of refs) {
    const book = books[xti[ixti] ?? -1];
    if (book?.dde && nameIndex >= 1 && nameIndex <= book.names) book.formulas++;
  }
  return books
    .filter((b) => b.dde && !b.ole)
    .map((b) => ({ service: b.service, topic: b.topic, items: b.items, formulas: b.formulas }));
}

/** SUPBOOK: ctab, cch, then (cch 1..255) virtPath as XLUnicodeStringNoCch (a high-byte flag, the characters). */
function readSupBook(data: Buffer): SupBook {
  const book: SupBook = { dde: false, service: '', topic: '', items: [], names: 0, ole: false, formulas: 0 };
  if (data.length < 5) return book;
  const ctab = data.readUInt16LE(0);
  const cch = data.readUInt16LE(2);
  if (ctab !== 0 || cch === 0 || cch > 0xff) return book; // sheets of another workbook, or self / add-in
  const path = xlString(data, 4, cch);
  const sep = path.indexOf('\u0003');
  if (sep <= 0) return book; // ' ' (unused) or '\0' (same sheet): not a DDE source
  book.dde = true;
  book.service = path.slice(0, sep);
  book.topic = path.slice(sep + 1);
  return book;
}

/** EXTERNNAME of a DDE source: flags, lStgName (4 bytes), then the item as ShortXLUnicodeString (cch, high-byte flag, characters). */
function itemName(data: Buffer): string {
  if (data.length < 8) return '';
  return xlString(data, 7, data[6]!);
}

/** xlChars with control characters shown as '?' (but 0x03, the DDE service/topic separator). */
function xlString(data: Buffer, at: number, cch: number): string {
  // eslint-disable-next-line no-control-regex
  return xlChars(data, at, cch).replace(/[\u0000-\u0002\u0004-\u001f\u007f]/g, '?');
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
const PTG_NAMEX = 0x39;

/** The (ixti, nameindex) of each PtgNameX token of a formula's rgce. Bounded by the rgce's length. */
export function nameXTokens(rgce: Buffer): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < rgce.length) {
    const ptg = rgce[i]!;
    const base = ptg >= 0x20 ? (ptg & 0x1f) | 0x20 : ptg;
    if (base === PTG_NAMEX && i + 7 <= rgce.length) out.push([rgce.readUInt16LE(i + 1), rgce.readUInt16LE(i + 3)]);
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
