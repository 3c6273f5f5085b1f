import type { Observation } from './checks.js';
import { list } from './ole-objects.js';

/**
 * OneNote sections (.one): since Office blocked macros from the internet (2022), a OneNote page
 * with a "double-click to view the document" button over an embedded .hta, .wsf, .vbs, .bat, .lnk
 * or .exe has been a common way in (Qakbot, AsyncRAT, IcedID campaigns of 2023, and still sent).
 * OneNote runs such a file after one warning.
 *
 * Every file attached to a page is kept whole in a FileDataStoreObject (MS-ONESTORE 2.6.13): the
 * header GUID {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC}, a 64-bit length, 4 unused bytes, 8 reserved
 * bytes, then the file's bytes. Pictures pasted into a page are kept the same way. This reader
 * finds each one (MAX_FILES, each at most the bytes the section holds), says what it is — a
 * program, a script (by its content: an .hta, a VBScript, a batch file ...), an archive or disk
 * image, or something else — and the walk hands each to the usual checks (walk.ts), as for an
 * archive member, so clamd and the type checks see it too. The names OneNote shows (its
 * "EmbeddedFileName" property, UTF-16) are looked for separately, for the finding's detail.
 */

/** {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3}: the first 16 bytes of a OneNote section (.one). */
export const ONENOTE_MAGIC = Buffer.from('e4525c7b8cd8a74daeb15378d02996d3', 'hex');
/** {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC} as it is on disk. */
const FILE_DATA_HEADER = Buffer.from('e716e3bd65261145a4c48d4d0b7a9eac', 'hex');
/** Embedded files read per section. */
export const ONENOTE_MAX_FILES = 100;
/** Bytes searched for file names (UTF-16). */
const NAME_SEARCH_BYTES = 16 * 1024 * 1024;

export function looksLikeOneNote(head: Buffer): boolean {
  return head.length >= 16 && head.subarray(0, 16).equals(ONENOTE_MAGIC);
}

/** The embedded files of a OneNote section, in file order (views into `bytes`). */
export function oneNoteFiles(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = bytes.indexOf(FILE_DATA_HEADER);
  while (at >= 0 && out.length < ONENOTE_MAX_FILES) {
    const start = at + 36;
    if (start > bytes.length) break;
    const low = bytes.readUInt32LE(at + 16);
    const high = bytes.readUInt32LE(at + 20);
    // a length past the section is read as far as the section goes (a cut-off file is still a file)
    const len = high > 0 ? bytes.length - start : Math.min(low, bytes.length - start);
    out.push(bytes.subarray(start, start + len));
    at = bytes.indexOf(FILE_DATA_HEADER, start + len);
  }
  return out;
}

/** What an embedded file is, by its content. */
export interface EmbeddedKind {
  /** exe, lnk, hta, vbs, js, wsf, bat, ps1, zip, iso, pdf, png, ... or 'file' when unknown. */
  type: string;
  /** It runs code when double-clicked. */
  executable: boolean;
  /** It holds other files (an archive, a disk image). */
  container: boolean;
}

/** True types that run code or install something. */
const PROGRAM_TYPES = new Set(['exe', 'elf', 'macho', 'lnk', 'chm', 'jar', 'class', 'msi', 'cab', 'swf', 'apk']);
const CONTAINER_TYPES = new Set(['zip', 'rar', '7z', 'iso', 'vhd', 'vhdx', 'img', 'gz', 'tar', 'cab', 'xz', 'bz2', 'ace', 'arj', 'dmg']);

/** Script shapes, tried in order on the first 64 KB of a text file. */
const SCRIPTS: readonly [string, RegExp][] = [
  ['wsf', /<job\b[^>]{0,200}>\s{0,64}<script\b/i],
  ['hta', /<hta:application\b|<script\b[^>]{0,200}\blanguage\s*=\s*["']?(?:vbscript|jscript)/i],
  ['ps1', /\b(?:Invoke-Expression|IEX\s*\(|Invoke-WebRequest|DownloadString|DownloadFile|New-Object\s+(?:System\.)?Net\.WebClient|Start-Process|-EncodedCommand|FromBase64String|Set-ExecutionPolicy)\b/i],
  ['js', /\bnew\s+ActiveXObject\s*\(/],
  ['vbs', /\b(?:CreateObject|GetObject)\s*\(\s*"|\bWScript\.(?:Shell|Run|Sleep|CreateObject|ScriptFullName)\b|^[ \t]*(?:Dim|Set)[ \t]+\w+[ \t]*=|#@~\^/im],
  ['bat', /^[ \t]*@?echo[ \t]+off\b|^[ \t]*(?:cmd(?:\.exe)?[ \t]+\/[ck]\b|powershell(?:\.exe)?[ \t]+-|(?:curl|bitsadmin|certutil|rundll32|mshta|wscript|cscript)(?:\.exe)?[ \t]+\S|start[ \t]+(?:\/\w+[ \t]+){0,4}(?:""[ \t]+)?\S{1,200}\.(?:exe|bat|cmd|vbs|js|hta|ps1|lnk)\b|%~dp0)/im],
];

/** What one embedded file is: `trueType` from file-type (true-type.ts), else script heuristics on its text. */
export function embeddedKind(data: Buffer, trueType: string | undefined): EmbeddedKind {
  if (trueType) return { type: trueType, executable: PROGRAM_TYPES.has(trueType), container: CONTAINER_TYPES.has(trueType) };
  const head = data.subarray(0, 64 * 1024);
  // binary data that file-type does not know is not a script
  if (head.includes(0) && !(head[0] === 0xff && head[1] === 0xfe)) return { type: 'file', executable: false, container: false };
  const text = head[0] === 0xff && head[1] === 0xfe ? head.subarray(2).toString('utf16le') : head.toString('latin1');
  const script = SCRIPTS.find(([, re]) => re.test(text))?.[0];
  return script ? { type: script, executable: true, container: false } : { type: 'file', executable: false, container: false };
}

/** Names of files the section shows (UTF-16, any alignment) with an extension that runs code or holds files. */
export function oneNoteFileNames(bytes: Buffer): string[] {
  const b = bytes.subarray(0, NAME_SEARCH_BYTES);
  const names = new Set<string>();
  for (const text of [b.toString('utf16le'), b.subarray(1).toString('utf16le')]) {
    let seen = 0;
    for (const m of text.matchAll(NAME_EXT)) {
      if (++seen > 1000 || names.size >= 20) break;
      // the name: the characters before the extension that a file name may hold (at most 120)
      let s = m.index!;
      while (s > 0 && m.index! - s < 120 && NAME_CHAR.test(text[s - 1]!)) s--;
      const name = text.slice(s, m.index! + m[0].length).trim();
      if (name.length > m[0].length) names.add(name);
    }
  }
  return [...names];
}
const NAME_EXT = /\.(?:hta|vbs|vbe|js|jse|wsf|wsh|bat|cmd|ps1|lnk|exe|scr|com|pif|msi|dll|cpl|chm|iso|img|vhdx?|zip|rar|7z)(?![\p{L}\p{N}_])/giu;
const NAME_CHAR = /[\p{L}\p{N} _\-.()[\]{}@#$%&+,;=!~'’]/u;

/**
 * The finding for a OneNote section's embedded files: attachment.embedded-object, tags 'onenote',
 * each type found, and 'executable' when one runs code — only when a file is a program, a script,
 * an archive or a disk image. Pictures, PDFs and Office documents are not reported here (a page
 * with screenshots is ordinary); the walk checks them like any other file.
 */
export function oneNoteObservations(files: readonly EmbeddedKind[], names: readonly string[]): Observation[] {
  const risky = files.filter((f) => f.executable || f.container);
  if (risky.length === 0) return [];
  const types = [...new Set(risky.map((f) => f.type))];
  const tags = ['onenote', ...types];
  if (risky.some((f) => f.executable)) tags.push('executable');
  const what = risky.map((f) => (f.executable ? `${f.type} (runs when double-clicked)` : `${f.type} (holds other files)`));
  const shown = names.length > 0 ? `; names shown: ${list(names.map((n) => `"${n}"`))}` : '';
  return [{ kind: 'attachment.embedded-object', detail: `OneNote section with ${risky.length} embedded file${risky.length > 1 ? 's' : ''} of ${files.length}: ${list(what)}${shown}`, tags }];
}
