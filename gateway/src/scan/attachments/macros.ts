import CFB from 'cfb';
import type { CFB$Container } from 'cfb';

/**
 * Office macros. OOXML keeps VBA in a `vbaProject.bin` part (and Excel 4.0 macros in
 * `xl/macrosheets/`); OpenDocument keeps Basic in `Basic/`; legacy OLE documents keep it in a `VBA`
 * storage with a `_VBA_PROJECT` stream (Word under `Macros/`, Excel under `_VBA_PROJECT_CUR/`).
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
  /** The file could not be read as OLE (corrupt or truncated). */
  corrupt?: string;
}

export function inspectOle(bytes: Buffer): OleTraits {
  let container: CFB$Container;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch (err) {
    return { vba: false, encrypted: false, corrupt: err instanceof Error ? err.message : String(err) };
  }
  let vba = false;
  let encrypted = false;
  for (const entry of container.FileIndex) {
    const name = entry.name;
    if (name === '_VBA_PROJECT' || name === '_VBA_PROJECT_CUR' || (name === 'VBA' && entry.type === 1)) vba = true;
    if (name === 'EncryptedPackage' || name === 'EncryptionInfo') encrypted = true;
  }
  return { vba, encrypted };
}
