/**
 * Excel 4.0 (XLM) macros in a legacy workbook: the BIFF5/BIFF8 records of the workbook globals
 * (the `Workbook` or `Book` stream of the OLE file), read up to their EOF record. XLM macros live
 * on macro sheets — a BOUNDSHEET record (0x0085) with sheet type 0x01 — usually hidden or "very
 * hidden", started by an Auto_Open defined name (LBL record 0x0018). No formula is evaluated.
 */

import { formulaNameTokens, readBiffRecord, xlStringAt, type NameTokens } from './biff.js';

export { nameXTokens } from './biff.js';

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
  for (let records = 0; ; ) {
    if (records >= BIFF_MAX_RECORDS) {
      traits.broken = `more than ${BIFF_MAX_RECORDS} records in the workbook globals`;
      return traits;
    }
    const record = readBiffRecord(stream, pos, GLOBALS_JOINED, BIFF_MAX_RECORDS - records);
    if (!record) {
      traits.broken = 'the workbook stream ends before the end of its globals (no EOF record)';
      return traits;
    }
    if (record.cutAt !== undefined) {
      const type = stream.readUInt16LE(record.cutAt);
      traits.broken = `BIFF record 0x${type.toString(16).padStart(4, '0')} at byte ${record.cutAt} runs past the end of the stream`;
      return traits;
    }
    const { type, data, breaks } = record;
    records += record.count;
    pos = record.next;
    switch (type) {
      case BOF:
        if (records === 1 && data.length >= 2) biff8 = data.readUInt16LE(0) >= 0x0600;
        break;
      case EOF:
        return traits;
      case FILEPASS:
        traits.encrypted = true;
        return traits;
      case BOUNDSHEET: {
        if (data.length >= 6 && data[5] === SHEET_TYPE_MACRO) {
          traits.macroSheets.push({ name: sheetName(data, biff8, breaks), state: STATES[data[4]! & 0x03]! });
        }
        break;
      }
      case LBL: {
        const name = readLbl(data, biff8, breaks);
        if (name && isAutoOpen(name)) traits.autoOpen = true;
        break;
      }
    }
  }
}

/** Records whose CONTINUE records are joined to them when the globals are read for macros. */
const GLOBALS_JOINED: ReadonlySet<number> = new Set([BOUNDSHEET, LBL]);

const STATES: SheetState[] = ['visible', 'hidden', 'very-hidden', 'very-hidden'];

/** BIFF8: cch, a high-byte flag, then Latin-1 or UTF-16LE; BIFF5: cch and 8-bit characters. */
function sheetName(data: Buffer, biff8: boolean, breaks: readonly number[]): string {
  const cch = data[6] ?? 0;
  return clean(biff8 ? xlStringAt(data, 7, cch, breaks).text : data.toString('latin1', 7, 7 + cch));
}

/** A defined name (LBL record): its name, the built-in name's code when fBuiltin is set, and its formula (rgce). */
interface DefinedName {
  name: string;
  builtin?: number;
  rgce: Buffer;
}

/**
 * LBL ([MS-XLS] 2.4.150): flags (fBuiltin = 0x20), chKey, cch, cce, 10 more bytes, then the name at
 * byte 14 (BIFF8: after a high-byte flag; a built-in name is one character, its code), then cce
 * bytes of formula. Undefined when the record is too short to hold a name.
 */
function readLbl(data: Buffer, biff8: boolean, breaks: readonly number[]): DefinedName | undefined {
  if (data.length < 15) return undefined;
  const cch = data[3]!;
  const cce = data.readUInt16LE(4);
  const { text, end } = biff8 ? xlStringAt(data, 14, cch, breaks) : { text: data.toString('latin1', 14, 14 + cch), end: 14 + cch };
  const name: DefinedName = { name: text, rgce: data.subarray(Math.min(end, data.length), Math.min(end + cce, data.length)) };
  if ((data.readUInt16LE(0) & LBL_FBUILTIN) !== 0) name.builtin = text.length > 0 ? text.charCodeAt(0) : -1;
  return name;
}

function isAutoOpen(name: DefinedName): boolean {
  if (name.builtin !== undefined) return name.builtin === BUILTIN_AUTO_OPEN;
  // Excel also runs a user-defined name that starts with "Auto_Open" (Auto_Open1, auto_openXYZ...).
  return /^auto_open/i.test(name.name);
}

/** Built-in names by code ([MS-XLS] 2.5.119 BuiltInName), to show them. */
const BUILTIN_NAMES = [
  'Consolidate_Area', 'Auto_Open', 'Auto_Close', 'Extract', 'Database', 'Criteria', 'Print_Area', 'Print_Titles',
  'Recorder', 'Data_Form', 'Auto_Activate', 'Auto_Deactivate', 'Sheet_Title', '_FilterDatabase',
];

function displayName(name: DefinedName): string {
  if (name.builtin !== undefined) return BUILTIN_NAMES[name.builtin] ?? `built-in name ${name.builtin}`;
  return clean(name.name);
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
 * OLE link has the same SUPBOOK shape, with those flags set); and formulas naming the item with a
 * PtgNameX token (ixti: an EXTERNSHEET entry pointing at the SUPBOOK; nameindex: the EXTERNNAME's
 * 1-based position) ([MS-XLS] 2.4.271, 2.4.105, 2.4.106, 2.5.198.41). The formula may be a cell's
 * (FORMULA record) or a defined name's (LBL record, `Tong = cmd|'/c calc'!A0`), which cells then
 * use by a PtgName token.
 */
export interface WorkbookDdeLink {
  service: string;
  topic: string;
  /** Item names (EXTERNNAME), at most MAX_DDE_ITEMS. */
  items: string[];
  /** FORMULA records whose tokens name one of its items, directly or through a defined name. */
  formulas: number;
  /** Defined names whose formula names one of its items (directly or through another defined name), at most MAX_DDE_ITEMS. */
  names: string[];
}

/** Records read over the whole stream (globals and sheets) when looking for DDE links. */
export const BIFF_DDE_MAX_RECORDS = 1_000_000;
const MAX_SUPBOOKS = 256;
const MAX_DDE_ITEMS = 16;
const MAX_XTI = 4096;
/** Name tokens kept from the formulas of defined names, all names together (only names naming a name are kept). */
const MAX_LBL_TOKENS = 4096;
/** Rounds of "a name naming a DDE name is a DDE name" (names of names of ... a DDE link). */
const MAX_NAME_CHAIN = 8;
const SUPBOOK = 0x01ae;
const EXTERNNAME = 0x0023;
const EXTERNSHEET = 0x0017;
const FORMULA = 0x0006;
const EXTERNNAME_OLE = 0x0018; // fOle | fOleLink

/** Records whose CONTINUE records are joined to them when looking for DDE links. */
const DDE_JOINED: ReadonlySet<number> = new Set([SUPBOOK, EXTERNNAME, EXTERNSHEET, LBL, FORMULA]);

interface SupBook {
  dde: boolean;
  service: string;
  topic: string;
  items: string[];
  /** EXTERNNAME records met (also past MAX_DDE_ITEMS), and whether one was an OLE name. */
  names: number;
  ole: boolean;
  formulas: number;
  definedNames: string[];
}

/** A defined name whose formula names external names or other defined names. */
interface NameRefs {
  name: string;
  tokens: NameTokens;
  /** The DDE SUPBOOKs it reaches (resolved at the end). */
  books: Set<SupBook>;
}

/**
 * The DDE links of a BIFF8 Workbook stream, with the count of formulas using each and the defined
 * names that stand for them. One pass over the records (at most BIFF_DDE_MAX_RECORDS, CONTINUE
 * records counted), each formula's tokens walked once within its record; stops at a FILEPASS (the
 * rest is encrypted) or at a record running past the end. Never throws.
 */
export function workbookDdeLinks(stream: Buffer): WorkbookDdeLink[] {
  if (stream.length < 4 || stream.readUInt16LE(0) !== BOF) return [];
  const books: SupBook[] = [];
  let xti: number[] = []; // EXTERNSHEET: index → SUPBOOK number
  const cellRefs: NameTokens = { nameX: [], names: [] }; // name tokens of the cell formulas, resolved at the end
  const lbls = new Map<number, NameRefs>(); // defined names by their 1-based index (PtgName), those that name something
  let lblCount = 0;
  let lblTokens = 0;
  let pos = 0;
  for (let records = 0; records < BIFF_DDE_MAX_RECORDS; ) {
    const record = readBiffRecord(stream, pos, DDE_JOINED, BIFF_DDE_MAX_RECORDS - records);
    if (!record) break;
    records += record.count;
    pos = record.next;
    const { type, data, breaks } = record;
    if (type === FILEPASS) break;
    if (type === SUPBOOK && books.length < MAX_SUPBOOKS) books.push(readSupBook(data, breaks));
    else if (type === EXTERNNAME) {
      const book = books[books.length - 1];
      if (book?.dde && data.length >= 2) {
        book.names++;
        const flags = data.readUInt16LE(0);
        if (flags & EXTERNNAME_OLE) book.ole = true;
        else if (book.items.length < MAX_DDE_ITEMS) book.items.push(itemName(data, breaks));
      }
    } else if (type === EXTERNSHEET && data.length >= 2) {
      const count = Math.min(data.readUInt16LE(0), MAX_XTI, Math.floor((data.length - 2) / 6));
      xti = [];
      for (let k = 0; k < count; k++) xti.push(data.readUInt16LE(2 + 6 * k));
    } else if (type === LBL) {
      lblCount++;
      const name = readLbl(data, true, breaks);
      const tokens = name ? formulaNameTokens(name.rgce) : undefined;
      const kept = tokens ? tokens.nameX.length + tokens.names.length : 0;
      if (name && tokens && kept > 0 && lblTokens + kept <= MAX_LBL_TOKENS) {
        lblTokens += kept;
        lbls.set(lblCount, { name: displayName(name), tokens, books: new Set() });
      }
    } else if (type === FORMULA && data.length > 22 && cellRefs.nameX.length + cellRefs.names.length < MAX_XTI) {
      const cce = data.readUInt16LE(20);
      const tokens = formulaNameTokens(data.subarray(22, 22 + cce));
      cellRefs.nameX.push(...tokens.nameX.slice(0, MAX_XTI));
      cellRefs.names.push(...tokens.names.slice(0, MAX_XTI));
    }
  }
  const ddeBook = ([ixti, nameIndex]: [number, number]) => {
    const book = books[xti[ixti] ?? -1];
    return book?.dde && nameIndex >= 1 && nameIndex <= book.names ? book : undefined;
  };
  // defined names: those naming a DDE item, then those naming such a name, a few levels deep
  for (const lbl of lbls.values()) {
    for (const ref of lbl.tokens.nameX) {
      const book = ddeBook(ref);
      if (book) lbl.books.add(book);
    }
  }
  for (let round = 0, grew = true; grew && round < MAX_NAME_CHAIN; round++) {
    grew = false;
    for (const lbl of lbls.values()) {
      for (const index of lbl.tokens.names) {
        for (const book of lbls.get(index)?.books ?? []) {
          if (!lbl.books.has(book)) {
            lbl.books.add(book);
            grew = true;
          }
        }
      }
    }
  }
  for (const lbl of lbls.values()) {
    for (const book of lbl.books) if (book.definedNames.length < MAX_DDE_ITEMS && !book.definedNames.includes(lbl.name)) book.definedNames.push(lbl.name);
  }
  for (const ref of cellRefs.nameX) {
    const book = ddeBook(ref);
    if (book) book.formulas++;
  }
  for (const index of cellRefs.names) for (const book of lbls.get(index)?.books ?? []) book.formulas++;
  return books
    .filter((b) => b.dde && !b.ole)
    .map((b) => ({ service: b.service, topic: b.topic, items: b.items, formulas: b.formulas, names: b.definedNames }));
}

/** SUPBOOK: ctab, cch, then (cch 1..255) virtPath as XLUnicodeStringNoCch (a high-byte flag, the characters). */
function readSupBook(data: Buffer, breaks: readonly number[]): SupBook {
  const book: SupBook = { dde: false, service: '', topic: '', items: [], names: 0, ole: false, formulas: 0, definedNames: [] };
  if (data.length < 5) return book;
  const ctab = data.readUInt16LE(0);
  const cch = data.readUInt16LE(2);
  if (ctab !== 0 || cch === 0 || cch > 0xff) return book; // sheets of another workbook, or self / add-in
  const path = xlString(data, 4, cch, breaks);
  const sep = path.indexOf('\u0003');
  if (sep <= 0) return book; // ' ' (unused) or '\0' (same sheet): not a DDE source
  book.dde = true;
  book.service = path.slice(0, sep);
  book.topic = path.slice(sep + 1);
  return book;
}

/** EXTERNNAME of a DDE source: flags, lStgName (4 bytes), then the item as ShortXLUnicodeString (cch, high-byte flag, characters). */
function itemName(data: Buffer, breaks: readonly number[]): string {
  if (data.length < 8) return '';
  return xlString(data, 7, data[6]!, breaks);
}

/** A BIFF8 string with control characters shown as '?' (but 0x03, the DDE service/topic separator). */
function xlString(data: Buffer, at: number, cch: number, breaks: readonly number[]): string {
  // eslint-disable-next-line no-control-regex
  return xlStringAt(data, at, cch, breaks).text.replace(/[\u0000-\u0002\u0004-\u001f\u007f]/g, '?');
}
