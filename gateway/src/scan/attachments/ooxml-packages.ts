import { analyseName } from './names.js';
import type { ZipEntryInfo } from './zip.js';

/**
 * Whole files an OOXML document embeds in its `embeddings/` folder beside its OLE objects: Office
 * keeps an embedded workbook, document or presentation as the package itself
 * (`word/embeddings/Microsoft_Excel_Worksheet1.xlsx`, `…/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm`,
 * `ppt/embeddings/Microsoft_Word_Document.docx`), and every chart made in Word or PowerPoint has
 * its data in such a workbook — so they are in many ordinary reports. The walk (walk.ts
 * embeddedPackages) opens them as archive members: a chart's workbook adds nothing, a macro
 * workbook inside a .docx is `attachment.macro` on "file.docx → word/embeddings/x.xlsm".
 * OLE objects (`oleObject1.bin`, read by ooxml.ts) are not among them.
 */

const EMBEDDED_PART = /^(?:word|xl|ppt)\/embeddings\/[^/]+$/i;
const OLE_OBJECT_PART = /\.bin$/i;

/** The parts of a document's zip listing that are embedded files (not OLE objects), in listing order. */
export function embeddedPackageParts(entries: readonly ZipEntryInfo[]): ZipEntryInfo[] {
  return entries.filter((e) => !e.directory && EMBEDDED_PART.test(e.name) && !OLE_OBJECT_PART.test(e.name));
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
