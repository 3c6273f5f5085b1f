import { readCompoundFile } from './cfb-guard.js';
import type { CFB$Container } from 'cfb';
import type { Observation } from './checks.js';
import { containerObjects, objectObservations, type EmbeddedObject } from './ole-objects.js';
import { inspectWorkbook, workbookDdeLinks, type WorkbookTraits } from './xls.js';
import { inspectPptStream, PPT_STREAM } from './ppt.js';
import { ddeObservations, wordBinaryDdeHits, workbookDdeHits, type DdeHit } from './dde.js';
import type { EncryptedDocuments, SealedDocument } from './encrypted-office.js';
import { workbookLock, type LockedWorkbook } from './xls-crypto.js';
import { legacyLock, withStreams, type LegacyLock } from './ole-crypto.js';

/**
 * Office macros. OOXML keeps VBA in a `vbaProject.bin` part (and Excel 4.0 macros in
 * `xl/macrosheets/`); OpenDocument keeps Basic in `Basic/`; legacy OLE documents keep it in a `VBA`
 * storage with a `_VBA_PROJECT` stream (Word under `Macros/`, Excel under `_VBA_PROJECT_CUR/`), and
 * legacy Excel keeps Excel 4.0 (XLM) macros on macro sheets of its `Workbook` stream (xls.ts).
 */

/** Extensions (and file-type true types) of macro-enabled OOXML documents. */
export const MACRO_ENABLED_EXTENSIONS: ReadonlySet<string> = new Set([
  'docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppsm', 'ppam', 'sldm',
]);

export type ZipKind = 'ooxml' | 'odf' | 'java' | 'archive';

/** What a zip really is, from its entry names: an Office document, an ODF document, a Java archive, or a plain archive. */
export function classifyZip(entryNames: readonly string[]): ZipKind {
  const names = new Set(entryNames);
  if (names.has('[Content_Types].xml')) return 'ooxml';
  if (names.has('mimetype') && (names.has('content.xml') || names.has('META-INF/manifest.xml'))) return 'odf';
  if (names.has('META-INF/MANIFEST.MF') || entryNames.some((n) => /^classes\d*\.dex$/.test(n))) return 'java';
  return 'archive';
}

/** Macro parts found in an OOXML or ODF document, as short labels ('vba', 'xlm', 'odf-basic'). */
export function documentMacros(kind: ZipKind, entryNames: readonly string[]): string[] {
  const found = new Set<string>();
  for (const name of entryNames) {
    if (kind === 'ooxml') {
      if (/(^|\/)vbaProject\.bin$/i.test(name)) found.add('vba');
      if (/^xl\/macrosheets\//i.test(name)) found.add('xlm');
    } else if (kind === 'odf') {
      if (/^Basic\/[^/]+\/(?!script-lb\.xml$|dialog-lb\.xml$)[^/]+\.xml$/i.test(name)) found.add('odf-basic');
      if (/^Scripts\/[^/]+\/.+/i.test(name)) found.add('odf-script');
    }
  }
  return [...found];
}

export interface OleTraits {
  /** VBA storages/streams found. */
  vba: boolean;
  /** An encrypted OOXML package inside OLE (password-protected docx/xlsx). */
  encrypted: boolean;
  /** Its EncryptionInfo and EncryptedPackage streams (root), for encrypted-office.ts to open. */
  sealed?: SealedDocument;
  /** The file could not be read as OLE (corrupt or truncated). */
  corrupt?: string;
  /** A legacy Excel workbook: what its globals say about XLM macros. */
  workbook?: WorkbookTraits;
  /** Equation, Package and link objects in its storages (ObjectPool/_…, MBD…, the root of an oleObject.bin). */
  objects?: EmbeddedObject[];
  /** DDE fields of a Word document's text (dde.ts). */
  dde?: DdeHit[];
  /** DDE links of a legacy Excel workbook (SUPBOOK/EXTERNNAME records, xls.ts). */
  workbookDde?: DdeHit[];
  /** A workbook encrypted with RC4 or RC4 CryptoAPI, or XOR-obfuscated (xls-crypto.ts), for openLockedOle. */
  lockedWorkbook?: LockedWorkbook;
  /** A legacy PowerPoint presentation (a "PowerPoint Document" stream): its findings are tagged 'ppt' too. */
  presentation?: boolean;
  /** A Word document or presentation encrypted with a password (ole-crypto.ts), for openLockedOle; or why it cannot be opened. */
  legacy?: LegacyLock;
}

export function inspectOle(bytes: Buffer): OleTraits {
  let container: CFB$Container;
  try {
    container = readCompoundFile(bytes);
  } catch (err) {
    return { vba: false, encrypted: false, corrupt: err instanceof Error ? err.message : String(err) };
  }
  let vba = false;
  let encrypted = false;
  let book: Buffer | undefined;
  let ppt: Buffer | undefined;
  let wordText: Buffer | undefined;
  let info: Buffer | undefined;
  let pkg: Buffer | undefined;
  const root = container.FullPaths[0] ?? '';
  container.FileIndex.forEach((entry, i) => {
    const name = entry.name;
    if (name === '_VBA_PROJECT' || name === '_VBA_PROJECT_CUR' || (name === 'VBA' && entry.type === 1)) vba = true;
    if (name === 'EncryptedPackage' || name === 'EncryptionInfo') encrypted = true;
    // Excel reads `Workbook` (BIFF8), else `Book` (BIFF5), at the root of the file.
    const atRoot = container.FullPaths[i] === root + name;
    if (entry.type === 2 && atRoot && entry.content && /^(workbook|book)$/i.test(name)) {
      if (!book || /^workbook$/i.test(name)) book = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
    }
    // PowerPoint keeps its embedded objects (and VBA) in records of this stream (ppt.ts)
    if (entry.type === 2 && atRoot && entry.content && name === PPT_STREAM) ppt = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
    if (entry.type === 2 && atRoot && entry.content && name === 'WordDocument') wordText = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
    if (entry.type === 2 && atRoot && entry.content && name === 'EncryptionInfo') info = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
    if (entry.type === 2 && atRoot && entry.content && name === 'EncryptedPackage') pkg = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
  });
  const traits: OleTraits = { vba, encrypted };
  if (info && pkg) traits.sealed = { info, package: pkg };
  // an encrypted .doc or .ppt: its text and records are read once decrypted (openLockedOle), not here
  const legacy = info && pkg ? undefined : legacyLock(container, bytes);
  if (legacy) traits.legacy = legacy;
  if (book) {
    readWorkbook(traits, book);
    if (traits.workbook?.encrypted) {
      // broken FILEPASS records (and Excel 95's) stay reported as not inspectable
      const lock = workbookLock(book);
      if (!('error' in lock)) traits.lockedWorkbook = lock;
    }
  }
  const objects = containerObjects(container);
  if (ppt) traits.presentation = true;
  if (ppt && !legacy) {
    const report = inspectPptStream(ppt);
    objects.push(...report.objects);
    if (report.vba) traits.vba = true;
  }
  if (objects.length > 0) traits.objects = objects;
  if (wordText && !legacy) {
    const dde = wordBinaryDdeHits(wordText);
    if (dde.length > 0) traits.dde = dde;
  }
  return traits;
}

/** XLM macro sheets, Auto_Open names and DDE links of a Workbook/Book stream. */
function readWorkbook(traits: OleTraits, book: Buffer): void {
  traits.workbook = inspectWorkbook(book);
  const links = workbookDdeHits(workbookDdeLinks(book));
  if (links.length > 0) traits.workbookDde = links;
  else delete traits.workbookDde;
}

/**
 * The findings of an OLE document encrypted with RC4 or RC4 CryptoAPI, or XOR-obfuscated: a workbook
 * (`traits.lockedWorkbook`), a Word document or a presentation (`traits.legacy`). Excel's default
 * password (workbooks), PowerPoint's (presentations) and the message's are tried (encrypted-office.ts); a workbook that
 * opens has its decrypted stream read like a clear one (macro sheets, Auto_Open, DDE), so
 * VelvetSweatshop hides nothing; a document or presentation that opens is read again from its
 * decrypted compound file (VBA, embedded objects, DDE fields). The attachment.encrypted finding says
 * how it went (tagged 'xls', 'doc' or 'ppt'); the rest is reported as for any OLE document (VBA
 * storages and ObjectPool objects are never encrypted in a .doc or .xls). `decrypted` is the file as
 * Office would see it, for ClamAV, whose signatures never see through RC4. `objects` are the
 * objects reported (those of `decrypted` when there is one, else those the file shows as sent: a
 * .doc's ObjectPool and an .xls's MBD storages are clear), for the walk to take out the files
 * their Package objects carry (walk-office.ts packagedFiles).
 */
export async function openLockedOle(
  traits: OleTraits,
  bytes: Buffer,
  documents: EncryptedDocuments,
  maxBytes: number,
): Promise<LockedOleReport> {
  const legacy = traits.legacy;
  if (legacy && 'document' in legacy) {
    const result = await documents.openRc4(legacy.document, maxBytes);
    const { legacy: _, ...clear } = traits;
    // what the decrypted file shows (its lock fields are cleared; it is never tried again)
    const seen = result.opened ? { ...inspectOle(result.data), legacy: undefined } : clear;
    const observations = [...withTag([documents.observation(result)], legacy.tag), ...oleObservations(seen)];
    return withObjects(result.opened ? { observations, decrypted: result.data } : { observations }, seen.objects);
  }
  const locked = traits.lockedWorkbook;
  if (!locked || !traits.workbook) return withObjects({ observations: oleObservations(traits) }, traits.objects);
  const result = await documents.openWorkbook(locked, maxBytes);
  const seen: OleTraits = { ...traits, workbook: { ...traits.workbook, encrypted: false } };
  if (result.opened) readWorkbook(seen, result.data);
  const observations = [...withTag([documents.observation(result)], 'xls'), ...oleObservations(seen)];
  // (a workbook's MBD storages are the same in the decrypted copy: only its Workbook stream changes)
  if (!result.opened) return withObjects({ observations }, seen.objects);
  const decrypted = withWorkbook(bytes, result.data);
  return withObjects(decrypted ? { observations, decrypted } : { observations }, seen.objects);
}

/** What openLockedOle found in an RC4-encrypted OLE document. */
export interface LockedOleReport {
  observations: Observation[];
  /** The whole file decrypted, when a password opened it and it could be written again. */
  decrypted?: Buffer;
  /** The embedded objects reported (of `decrypted` when there is one), for their packaged files. */
  objects?: EmbeddedObject[];
}

function withObjects(report: LockedOleReport, objects: EmbeddedObject[] | undefined): LockedOleReport {
  return objects && objects.length > 0 ? { ...report, objects } : report;
}

/** An OLE document encrypted with RC4 or RC4 CryptoAPI that openLockedOle can try passwords on. */
export function isLockedOle(traits: OleTraits): boolean {
  return !!traits.lockedWorkbook || (traits.legacy !== undefined && 'document' in traits.legacy);
}

/**
 * The OLE file `bytes` with its workbook stream (Workbook, else Book, at the root) replaced by
 * `workbook`: a decrypted .xls as Excel would see it, for ClamAV, whose signatures match inside the
 * workbook and never see through RC4. Undefined when the container cannot be read or written.
 */
export function withWorkbook(bytes: Buffer, workbook: Buffer): Buffer | undefined {
  return withStreams(bytes, { Workbook: workbook }) ?? withStreams(bytes, { Book: workbook });
}

/**
 * What an OLE document (.doc, .xls, .ppt, ...) shows: macros (VBA, XLM), encryption, embedded
 * objects, DDE, damage. A presentation's findings carry the tag 'ppt' after 'ole', a legacy
 * workbook's (a Workbook or Book stream) the tag 'xls'.
 */
export function oleObservations(traits: OleTraits): Observation[] {
  let out = oleDocumentObservations(traits);
  if (traits.presentation) out = withTag(out, 'ppt');
  if (traits.workbook) out = withTag(out, 'xls');
  return out;
}

function withTag(out: Observation[], tag: string): Observation[] {
  return out.map((o) => (o.tags?.includes(tag) ? o : { ...o, tags: [...(o.tags ?? []), tag] }));
}

function oleDocumentObservations(traits: OleTraits): Observation[] {
  const out: Observation[] = [];
  if (traits.corrupt) {
    return [{ kind: 'attachment.uninspectable', detail: `corrupt OLE document: ${traits.corrupt}`, tags: ['ole'] }];
  }
  if (traits.vba) out.push({ kind: 'attachment.macro', detail: 'OLE document with a VBA project', tags: ['vba', 'ole'] });
  if (traits.encrypted) {
    out.push({ kind: 'attachment.encrypted', detail: 'password-protected Office document', tags: ['office'] });
  }
  if (traits.legacy && 'error' in traits.legacy) {
    // what openLockedOle does not open: Word 95's XOR obfuscation, a broken encryption header
    const what = traits.legacy.tag === 'doc' ? 'Word document: its text and objects' : 'PowerPoint presentation: its slides, objects and macros';
    out.push({ kind: 'attachment.encrypted', detail: `encrypted ${what} cannot be checked (${traits.legacy.error})`, tags: [traits.legacy.tag, 'unsupported'] });
  }
  if (traits.objects) out.push(...objectObservations(traits.objects, 'ole'));
  if (traits.dde) out.push(...ddeObservations(traits.dde, 'ole', 'Word document'));
  if (traits.workbookDde) out.push(...ddeObservations(traits.workbookDde, 'ole', 'Excel workbook'));
  const book = traits.workbook;
  if (!book) return out;
  if (book.macroSheets.length > 0 || book.autoOpen) {
    const hidden = book.macroSheets.filter((s) => s.state !== 'visible');
    const sheets = book.macroSheets.map((s) => `"${s.name}"${s.state === 'visible' ? '' : ` (${s.state})`}`);
    const what = sheets.length > 0 ? `Excel 4.0 (XLM) macro sheet${sheets.length > 1 ? 's' : ''} ${sheets.join(', ')}` : 'Excel workbook';
    const tags = ['xlm'];
    if (hidden.length > 0) tags.push('hidden');
    if (hidden.some((s) => s.state === 'very-hidden')) tags.push('very-hidden');
    if (book.autoOpen) tags.push('auto-open');
    tags.push('ole');
    out.push({ kind: 'attachment.macro', detail: book.autoOpen ? `${what}; an Auto_Open name runs macros when it opens` : what, tags });
  }
  if (book.encrypted) {
    // what openLockedOle (RC4, RC4 CryptoAPI, XOR obfuscation) does not open: a broken FILEPASS, Excel 95's
    out.push({ kind: 'attachment.encrypted', detail: 'encrypted Excel workbook: its sheets and macros cannot be checked', tags: ['xls', 'unsupported'] });
  }
  if (book.broken) {
    out.push({ kind: 'attachment.uninspectable', detail: `Excel workbook stream cannot be read: ${book.broken}`, tags: ['xls'] });
  }
  return out;
}
