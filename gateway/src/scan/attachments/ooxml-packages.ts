import { analyseName } from './names.js';
import { CFB_MAGIC } from './ole-objects.js';
import type { OpenedZip, ZipEntryInfo } from './zip.js';

/**
 * Whole files an OOXML document embeds in its `embeddings/` folder beside its OLE objects: Office
 * keeps an embedded workbook, document or presentation as the package itself
 * (`word/embeddings/Microsoft_Excel_Worksheet1.xlsx`, `…/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm`,
 * `ppt/embeddings/Microsoft_Word_Document.docx`), and every chart made in Word or PowerPoint has
 * its data in such a workbook — so they are in many ordinary reports. The walk (walk-office.ts
 * embeddedPackages) opens them as archive members: a chart's workbook adds nothing, a macro
 * workbook inside a .docx is `attachment.macro` on "file.docx → word/embeddings/x.xlsm".
 * OLE objects (`oleObject1.bin`, read by ooxml.ts) are not among them; a `.bin` part that is no
 * OLE compound file (a zip, a program, anything renamed oleObject1.bin) is (embeddedFileParts).
 */

const EMBEDDED_PART = /^(?:word|xl|ppt)\/embeddings\/[^/]+$/i;
const OLE_OBJECT_PART = /\.bin$/i;

/** The parts of a document's zip listing that are embedded files (not OLE objects), in listing order. */
export function embeddedPackageParts(entries: readonly ZipEntryInfo[]): ZipEntryInfo[] {
  return entries.filter((e) => !e.directory && EMBEDDED_PART.test(e.name) && !OLE_OBJECT_PART.test(e.name));
}

/** `.bin` parts of embeddings/ whose head is read to tell an OLE object from another file, per document. */
export const EMBEDDED_BIN_PEEKS = 1000;

/**
 * The parts of embeddings/ the walk opens as members (walk-office.ts embeddedPackages), in listing order:
 * those of embeddedPackageParts, and the `.bin` parts whose bytes are no OLE compound file — a zip,
 * a program, anything renamed `oleObject1.bin`, which ooxml.ts passes over as no OLE object. Only
 * the first bytes of each are inflated (8, and at most yauzl's first chunk), for at most
 * EMBEDDED_BIN_PEEKS parts (past them, and for an encrypted or unreadable part, ClamAV has the
 * document whole). Never throws.
 */
export async function embeddedFileParts(zip: OpenedZip): Promise<ZipEntryInfo[]> {
  const packages = new Set(embeddedPackageParts(zip.entries));
  const bins = zip.entries.filter((e) => !e.directory && !e.encrypted && EMBEDDED_PART.test(e.name) && OLE_OBJECT_PART.test(e.name)).slice(0, EMBEDDED_BIN_PEEKS);
  const others = new Set<ZipEntryInfo>();
  for (const entry of bins) {
    if (entry.uncompressedSize === 0) continue;
    let head: Buffer;
    try {
      head = await zip.read(entry, CFB_MAGIC.length, { truncate: true });
    } catch {
      continue; // corrupt: ooxml.ts says so (unreadable parts)
    }
    if (!head.equals(CFB_MAGIC)) others.add(entry);
  }
  return zip.entries.filter((e) => packages.has(e) || others.has(e));
}

/**
 * Names Office gives a chart's workbook or an embedded plain document: at the depth limit such a
 * part is left unopened without a finding (ClamAV has the document whole), so a chart in a report
 * deep in nested archives does not hold the mail for the archive-bomb rule. Any other name
 * (macro-enabled, a program) meets the depth limit as any archive does.
 */
const PLAIN_PACKAGES: ReadonlySet<string> = new Set(['xlsx', 'docx', 'pptx', 'sldx']);

export function isPlainPackage(entry: ZipEntryInfo): boolean {
  return PLAIN_PACKAGES.has(analyseName(entry.name).ext);
}
