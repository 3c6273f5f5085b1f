/**
 * Builders for the tests of documents that deliver malware without macros (dde.ts, ppt.ts,
 * onenote.ts): a .docx with given Word XML, an .xlsx with a DDE link, a legacy .ppt with given
 * records, a OneNote section with given embedded files. Only for tests; nothing on the mail path
 * imports this file.
 */
import { deflateSync } from 'node:zlib';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import * as o from '../../../../test-fixtures/attachments/office-payloads.mjs';
import { ONENOTE_MAGIC } from './onenote.js';
import { openZip } from './zip.js';

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const run = (t: string) => `<w:r><w:instrText xml:space="preserve">${t}</w:instrText></w:r>`;
const fld = (type: string) => `<w:r><w:fldChar w:fldCharType="${type}"/></w:r>`;
export { run, fld };
/** A field written over several runs, as Word does (and as attackers split it on purpose). */
export const splitField = (...pieces: string[]) => `${fld('begin')}${pieces.map(run).join('')}${fld('separate')}<w:r><w:t>x</w:t></w:r>${fld('end')}`;
export const wordXml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p>${body}</w:p></w:body></w:document>`;

/** A .docx whose word/document.xml (or a header part) holds `body` inside one paragraph. */
export function ddeDocx(body: string, part = 'word/document.xml'): Promise<Buffer> {
  return makeDocxWith({ [part]: part === 'word/document.xml' ? wordXml(body) : `<w:hdr xmlns:w="${W}"><w:p>${body}</w:p></w:hdr>` });
}

async function makeDocxWith(files: Record<string, string>): Promise<Buffer> {
  // makeDocx writes word/document.xml itself: rebuild the zip with ours in its place
  return p.makeZip({ ...(await unzipAll(await o.makeDocx())), ...files });
}

async function unzipAll(zip: Buffer): Promise<Record<string, Buffer>> {
  const z = await openZip(zip, 100);
  const out: Record<string, Buffer> = {};
  for (const e of z.entries) if (!e.directory) out[e.name] = await z.read(e, 1 << 20);
  z.close();
  return out;
}

/** An .xlsx whose external link part holds a ddeLink (what Excel saves `=cmd|'/C calc'!A0` as). */
export async function ddeXlsx(service: string, topic: string, formula?: string): Promise<Buffer> {
  const types =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`;
  const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  return p.makeZip({
    '[Content_Types].xml': types,
    '_rels/.rels': o.relsXml([{ type: 'officeDocument', target: 'xl/workbook.xml' }]),
    'xl/workbook.xml': `<workbook xmlns="${S}"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>`,
    'xl/worksheets/sheet1.xml': `<worksheet xmlns="${S}"><sheetData><row r="1"><c r="A1">${formula ? `<f>${formula}</f>` : ''}<v>0</v></c><c r="B1"><f>SUM(A1:A3)</f><v>3</v></c></row></sheetData></worksheet>`,
    'xl/externalLinks/externalLink1.xml': service
      ? `<externalLink xmlns="${S}"><ddeLink ddeService="${service}" ddeTopic="${topic}"><ddeItems><ddeItem name="A0" advise="1"/></ddeItems></ddeLink></externalLink>`
      : `<externalLink xmlns="${S}"><externalBook/></externalLink>`,
  });
}


// ---- legacy Excel (.xls) and binary Excel (.xlsb) DDE links, written by hand from [MS-XLS] / [MS-XLSB] ----

/** A BIFF8 record: type, length, data. */
export function biff(type: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(data.length, 2);
  return Buffer.concat([h, data]);
}

/** 16-bit little-endian values. */
const u16 = (...vs: number[]) => Buffer.concat(vs.map((v) => Buffer.from([v & 0xff, (v >> 8) & 0xff])));

/**
 * A legacy workbook (.xls) linking to DDE `service`|`topic`!`item`, the way Excel saves
 * `=SUM(1+1)*cmd|' /C calc'!A0` ([MS-XLS]): in the globals a self SUPBOOK, the DDE SUPBOOK (ctab 0,
 * virtPath "service\x03topic"), an EXTERNNAME for the item (fOle/fOleLink set when `ole`), an
 * EXTERNSHEET (XTI 1 → SUPBOOK 1); then a worksheet whose cell A1 is a FORMULA with the tokens
 * PtgInt 1, PtgInt 1, PtgAdd, PtgAttr(sum), PtgStr "x", PtgConcat… and a PtgNameX (ixti 1, name 1)
 * when `formula`. Written by hand (no Excel or LibreOffice here).
 */
export function ddeXls(service: string, topic: string, opts: { item?: string; formula?: boolean; ole?: boolean; wide?: boolean } = {}): Buffer {
  const { item = 'A0', formula = true, ole = false, wide = false } = opts;
  const bof = (dt: number) => biff(0x0809, u16(0x0600, dt, 0x0dbb, 0x07cc, 0, 0, 0, 0));
  const sheet = Buffer.concat([u16(0, 0), Buffer.from([0, 0, 6, 0]), Buffer.from('Sheet1', 'latin1')]);
  const path = `${service}\u0003${topic}`;
  const pathBytes = wide ? Buffer.concat([Buffer.from([1]), Buffer.from(path, 'utf16le')]) : Buffer.concat([Buffer.from([0]), Buffer.from(path, 'latin1')]);
  const supbookSelf = biff(0x01ae, u16(1, 0x0401));
  const supbookDde = biff(0x01ae, Buffer.concat([u16(0, path.length), pathBytes]));
  const externName = biff(0x0023, Buffer.concat([u16(ole ? 0x0010 : 0x0002), Buffer.alloc(4), Buffer.from([item.length, 0]), Buffer.from(item, 'latin1')]));
  const externSheet = biff(0x0017, Buffer.concat([u16(2), u16(0, 0, 0), u16(1, 0xfffe, 0xfffe)]));
  const globals = [bof(0x0005), biff(0x0042, u16(1200)), biff(0x0085, sheet), supbookSelf, supbookDde, externName, externSheet, biff(0x000a)];
  const rgce = Buffer.concat([
    Buffer.from([0x1e]), u16(1), Buffer.from([0x1e]), u16(1), Buffer.from([0x03]), // 1+1
    Buffer.from([0x19, 0x10]), u16(0), // SUM (tAttrSum)
    Buffer.from([0x17, 1, 0]), Buffer.from('x', 'latin1'), Buffer.from([0x08]), // &"x" (PtgStr, PtgConcat)
    ...(formula ? [Buffer.from([0x59]), u16(1), u16(1), u16(0), Buffer.from([0x05])] : [Buffer.from([0x1e]), u16(2), Buffer.from([0x05])]), // * name
  ]);
  const cell = Buffer.concat([u16(0, 0, 15), Buffer.alloc(8), u16(0), Buffer.alloc(4), u16(rgce.length), rgce]);
  const worksheet = [bof(0x0010), biff(0x0006, cell), biff(0x000a)];
  return o.makeCompoundFile({ '/Workbook': Buffer.concat([...globals, ...worksheet]), '/\u0005SummaryInformation': Buffer.alloc(256) });
}

/** A BIFF12 record ([MS-XLSB] 2.1.4): type and size as 7-bit groups, high bit set when more follow. */
export function brt(type: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const varint = (v: number, max: number) => {
    const out: number[] = [];
    for (let k = 0; k < max; k++) {
      const more = v >= 0x80;
      out.push((v & 0x7f) | (more ? 0x80 : 0));
      v = Math.floor(v / 0x80);
      if (!more) break;
    }
    return Buffer.from(out);
  };
  return Buffer.concat([varint(type, 2), varint(data.length, 4), data]);
}

const wideStr = (s: string) => {
  const n = Buffer.alloc(4);
  n.writeUInt32LE(s.length, 0);
  return Buffer.concat([n, Buffer.from(s, 'utf16le')]);
};

/** An .xlsb whose external link part (xl/externalLinks/externalLink1.bin) is a DDE link (sbt 1), or a link to another workbook (sbt 0). */
export function ddeXlsb(service: string, topic: string, sbt = 1): Promise<Buffer> {
  const types =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>` +
    `<Override PartName="/xl/externalLinks/externalLink1.bin" ContentType="application/vnd.ms-excel.externalLink"/></Types>`;
  const link = Buffer.concat([
    brt(0x0167), // BrtBeginExternals-like opening record, no data
    brt(360, Buffer.concat([u16(sbt), wideStr(service), wideStr(topic)])), // BrtBeginSupBook
    brt(0x0245, Buffer.alloc(200, 0x41)), // a record with a two-byte size
    brt(0x016a), // BrtEndSupBook
  ]);
  return p.makeZip({
    '[Content_Types].xml': types,
    '_rels/.rels': o.relsXml([{ type: 'officeDocument', target: 'xl/workbook.bin' }]),
    'xl/workbook.bin': Buffer.concat([brt(0x0083), brt(0x0084)]),
    'xl/worksheets/sheet1.bin': Buffer.concat([brt(0x0081), brt(0x0082)]),
    'xl/externalLinks/externalLink1.bin': link,
  });
}

// ---- legacy PowerPoint ----

/** A record header: version and instance, type, length. */
export function record(ver: number, instance: number, type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE((instance << 4) | ver, 0);
  h.writeUInt16LE(type, 2);
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}

/** An ExOleObjStg holding `storage`: compressed (instance 1, with its size first) or not (instance 0). */
export function exOleObjStg(storage: Buffer, compressed = true): Buffer {
  if (!compressed) return record(0, 0, 0x1011, storage);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(storage.length, 0);
  return record(0, 1, 0x1011, Buffer.concat([size, deflateSync(storage)]));
}

/** A "PowerPoint Document" stream: a DocumentContainer (with a DocumentAtom), then the records given. */
export function pptStream(...records: Buffer[]): Buffer {
  const documentAtom = record(1, 0, 0x03e9, Buffer.alloc(40));
  const slide = record(0xf, 0, 0x03ee, record(1, 0, 0x03ef, Buffer.alloc(24)));
  return Buffer.concat([record(0xf, 0, 0x03e8, Buffer.concat([documentAtom, slide])), ...records, record(0, 0, 0x0fa0, Buffer.from('Bao cao quy 3'))]);
}

export function makePpt(...records: Buffer[]): Buffer {
  return o.makeCompoundFile({ '/PowerPoint Document': pptStream(...records), '/Current User': Buffer.alloc(64), '/\u0005SummaryInformation': Buffer.alloc(256) });
}


// ---- OneNote ----

export const FILE_DATA_HEADER = Buffer.from('e716e3bd65261145a4c48d4d0b7a9eac', 'hex');
const FILE_DATA_FOOTER = Buffer.from('22a7fb71790f0b4abb13899256426b24', 'hex');

/** One FileDataStoreObject (MS-ONESTORE 2.6.13): header, 64-bit length, unused, reserved, data, padding, footer. */
export function fileDataStoreObject(data: Buffer, declared = data.length): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt32LE(declared, 0); // cbLength (low 32 bits; high stays 0)
  const pad = Buffer.alloc((8 - (data.length % 8)) % 8);
  return Buffer.concat([FILE_DATA_HEADER, head, data, pad, FILE_DATA_FOOTER]);
}

/** A OneNote section: its header GUID, some structure, the files given, and the names OneNote shows (UTF-16). */
export function makeOneNote(files: Buffer[], names: string[] = []): Buffer {
  const header = Buffer.concat([ONENOTE_MAGIC, Buffer.alloc(1024 - 16, 0)]);
  const nameProps = names.map((n) => Buffer.concat([Buffer.from([0x1c, 0x00, 0x00, 0x00]), Buffer.from(n, 'utf16le'), Buffer.alloc(6)]));
  return Buffer.concat([header, ...nameProps, Buffer.alloc(300, 0x11), ...files.map((f) => fileDataStoreObject(f)), Buffer.alloc(512)]);
}

