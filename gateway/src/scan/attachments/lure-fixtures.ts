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

