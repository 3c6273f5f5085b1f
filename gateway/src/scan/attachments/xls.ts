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
  if (!biff8) return clean(data.toString('latin1', 7, 7 + cch));
  const wide = ((data[7] ?? 0) & 0x01) === 1;
  return clean(wide ? data.toString('utf16le', 8, 8 + 2 * cch) : data.toString('latin1', 8, 8 + cch));
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
  const name = wide ? data.toString('utf16le', start, start + 2 * cch) : data.toString('latin1', start, start + cch);
  return /^auto_open/i.test(name);
}

function clean(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 64);
}
