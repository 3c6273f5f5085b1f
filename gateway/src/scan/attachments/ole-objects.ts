import { readCompoundFile } from './cfb-guard.js';
import type { CFB$Container } from 'cfb';
import type { Observation } from './checks.js';
import { analyseName, isDangerousExtension } from './names.js';

/**
 * OLE objects embedded in Office documents, whatever carries them — an RTF `\objdata` group
 * (rtf.ts), a legacy document's ObjectPool storages (macros.ts), an OOXML
 * `embeddings/oleObject*.bin` part (ooxml.ts) — and what they mean for the recipient:
 *  - an Equation Editor object (class Equation, Equation.2 or Equation.3, the Equation CLSID on
 *    its storage, or an `Equation Native` stream): the target of CVE-2017-11882 / CVE-2018-0802,
 *    the exploit of the "Royal Road" RTF weaponiser. Microsoft removed Equation Editor in 2018,
 *    so a document written since has no reason to carry one (MathType's Equation.DSMT4 is not it);
 *  - a Package object (`\x01Ole10Native`): a file packaged inside the document and written to
 *    disk when the object is opened; its name says what it is (invoice.exe, 8.t, ...);
 *  - a linked object (an OLE 1.0 link, or an `OLE2Link` / `\x01Ole` stream with a moniker) whose
 *    source is on another computer: fetched as the document opens (CVE-2017-0199).
 * Every reader here only looks inside the buffer it is given, with a cap on every length it
 * trusts; a header that does not fit is "not readable", never an exception.
 */

export type ObjectKind = 'equation' | 'package' | 'link' | 'other';

export interface EmbeddedObject {
  kind: ObjectKind;
  /** Class names (ProgIDs) the document gives the object, as written. */
  classNames: string[];
  /** Package: the packaged file's name (or its source path when the name is empty). */
  fileName?: string;
  /** Package: every name the package gives (name, source path, temporary path), for the extension check. */
  packagePaths?: string[];
  /** Link: where the object is loaded from, when it could be read. */
  source?: string;
  /** RTF `\objupdate`: the object is refreshed, i.e. loaded and run, as the document opens. */
  autoUpdate?: boolean;
  /** Package: the packaged file's bytes (packagedBytes), for the walk (walk-office.ts packagedFiles). */
  packaged?: PackagedFile;
}

/** The file a Package object carries, walked like an archive member (walk-office.ts packagedFiles). */
export interface PackagedFile {
  /** Its bytes, as much of them as the carrier holds (a view into the carrier's data). */
  data: Buffer;
  /** The header says more bytes than the carrier holds (an RTF object cut at OBJDATA_MAX_BYTES). */
  cut?: boolean;
  /** Parts and storages between the document and the file, outermost first ('word/embeddings/oleObject1.bin', 'ObjectPool/_1712345678'). */
  via: string[];
  /** The carrier was a zip entry inflated at this ratio (an OOXML part), for the walk's ratio limit. */
  ratio?: number;
}

/** Where an object was met, for the finding's wording and its tag. */
export type Carrier = 'rtf' | 'ole' | 'ooxml';

const CARRIER_NAME: Readonly<Record<Carrier, string>> = { rtf: 'RTF document', ole: 'OLE document', ooxml: 'OOXML document' };

/** CLSIDs of Microsoft Equation Editor 3.0 and 2.0, as cfb spells them (hex of the 16 bytes on disk). */
export const EQUATION_CLSIDS: ReadonlySet<string> = new Set([
  '02ce020000000000c000000000000046', // {0002CE02-0000-0000-C000-000000000046} Equation.3
  '0017020000000000c000000000000046', // {00021700-0000-0000-C000-000000000046} Equation.2
]);

/** The OLE 2 compound file signature. */
export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Longest class name, path or string read from an object header. */
const MAX_STRING = 1024;
/** Bytes of a link stream searched for the link's source. */
const MAX_LINK_STREAM = 64 * 1024;
/** Objects kept per document (a document with more is reported on its first ones). */
export const MAX_OBJECTS = 100;
/** Entries of a compound file looked at. */
const MAX_CFB_ENTRIES = 20_000;

export function isEquationClass(name: string): boolean {
  return /^equation(\.[23])?$/i.test(name.trim());
}

export function isPackageClass(name: string): boolean {
  return /^package$/i.test(name.trim());
}

/** Class name of a string from a header: NULs and controls dropped, cut short. */
export function cleanName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 128);
}

/** A NUL-terminated ANSI string at `pos` (at most MAX_STRING bytes), and where the next field starts. */
function cString(b: Buffer, pos: number): { value: string; next: number } | undefined {
  const at = b.subarray(pos, pos + MAX_STRING + 1).indexOf(0); // (a long buffer without NULs is not searched to its end)
  const end = at < 0 ? -1 : pos + at;
  if (end < 0 || end - pos > MAX_STRING) return undefined;
  return { value: b.toString('latin1', pos, end), next: end + 1 };
}

/** MS-OLEDS LengthPrefixedAnsiString: a 32-bit length (terminating NUL included), then the bytes. */
function lpString(b: Buffer, pos: number): { value: string; next: number } | undefined {
  if (pos + 4 > b.length) return undefined;
  const len = b.readUInt32LE(pos);
  if (len > MAX_STRING || pos + 4 + len > b.length) return undefined;
  return { value: b.toString('latin1', pos + 4, pos + 4 + len).replace(/\0[\s\S]*$/, ''), next: pos + 4 + len };
}

/** The OLE 1.0 object an RTF `\objdata` holds (MS-OLEDS 2.2.4 ObjectHeader, then the object). */
export interface Ole1Object {
  /** 1: linked, 2: embedded. */
  formatId: 1 | 2;
  className: string;
  /** Linked: the source document (a path or URL). */
  topic: string;
  item: string;
  /** Embedded: the native data, as much of it as the buffer holds. */
  native?: Buffer;
}

/** Reads an OLE 1.0 object header; undefined when the bytes are not one. */
export function readOle1(data: Buffer): Ole1Object | undefined {
  if (data.length < 12) return undefined;
  const formatId = data.readUInt32LE(4);
  if (formatId !== 1 && formatId !== 2) return undefined;
  const cls = lpString(data, 8);
  if (!cls || cls.value === '') return undefined;
  const topic = lpString(data, cls.next);
  const item = topic && lpString(data, topic.next);
  const obj: Ole1Object = { formatId, className: cleanName(cls.value), topic: topic?.value ?? '', item: item?.value ?? '' };
  if (formatId === 2 && item && item.next + 4 <= data.length) {
    const size = data.readUInt32LE(item.next);
    obj.native = data.subarray(item.next + 4, item.next + 4 + size);
  }
  return obj;
}

/** Names a Package object gives its file (MS-OLEDS Packager format, after the OLE 1.0 native-data size). */
export interface PackageHeader {
  fileName: string;
  sourcePath: string;
  tempPath: string;
}

/**
 * The header of a Package object's native data: a 16-bit signature, the file name and source path
 * (NUL-terminated), 4 bytes, the length-prefixed temporary path. `sized`: the data starts with its
 * own 32-bit size (the `\x01Ole10Native` stream), not with the signature (OLE 1.0 native data).
 */
export function readPackageHeader(native: Buffer, sized: boolean): PackageHeader | undefined {
  let pos = sized ? 6 : 2;
  const fileName = cString(native, pos);
  if (!fileName) return undefined;
  const sourcePath = cString(native, fileName.next);
  if (!sourcePath) return { fileName: fileName.value, sourcePath: '', tempPath: '' };
  pos = sourcePath.next + 8; // 2 unknown 16-bit fields, then the temporary path's 32-bit length
  const tempPath = cString(native, pos);
  return { fileName: fileName.value, sourcePath: sourcePath.value, tempPath: tempPath?.value ?? '' };
}

/** A Package object from its native data (either form). */
export function packageObject(native: Buffer, sized: boolean, classNames: string[] = []): EmbeddedObject {
  const header = readPackageHeader(native, sized);
  const obj: EmbeddedObject = { kind: 'package', classNames };
  // a name with control characters is not a file name: the data is not a package header
  if (header && /^[^\u0000-\u001f]{1,260}$/.test(header.fileName)) {
    const paths = [header.fileName, header.sourcePath, header.tempPath].map(cleanName).filter((p) => p !== '');
    const name = paths[0];
    if (name) obj.fileName = baseName(name);
    obj.packagePaths = paths;
    const content = packagedBytes(native, sized);
    if (content) obj.packaged = { ...content, via: [] };
  }
  return obj;
}

/**
 * The packaged file's bytes: after the header's temporary path comes the file's 32-bit size, then
 * the file (MS-OLEDS Packager format, as oletools reads it). Undefined when the header does not
 * lead there; `cut` when the data holds fewer bytes than the size says. Every string is read
 * within MAX_STRING (cString), so a buffer without NULs costs one bounded search.
 */
export function packagedBytes(native: Buffer, sized: boolean): { data: Buffer; cut?: true } | undefined {
  const fileName = cString(native, sized ? 6 : 2);
  const sourcePath = fileName && cString(native, fileName.next);
  // then two 16-bit fields, the second 3 for a file embedded (1: only linked, no data follows)
  if (!sourcePath || sourcePath.next + 4 > native.length || native.readUInt16LE(sourcePath.next + 2) !== 3) return undefined;
  const tempPath = cString(native, sourcePath.next + 8);
  if (!tempPath || tempPath.next + 4 > native.length) return undefined;
  const size = native.readUInt32LE(tempPath.next);
  const start = tempPath.next + 4;
  const data = native.subarray(start, start + size);
  return data.length < size ? { data, cut: true } : { data };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/**
 * The source of a link stream: the first URL, UNC path or drive path written in it, as UTF-16 (URL
 * and file monikers' Unicode part) or as ANSI (a file moniker's 8-bit path, an OLE 1.0 topic).
 */
export function linkSource(stream: Buffer): string | undefined {
  const b = stream.subarray(0, MAX_LINK_STREAM);
  const found: string[] = [];
  for (const text of [b.toString('latin1'), b.toString('utf16le'), b.subarray(1).toString('utf16le')]) {
    const m = SOURCE_RE.exec(text);
    if (m) found.push(m[0]);
  }
  // remote sources first: a moniker may name a local cache path before the real address
  return found.find(isRemoteTarget) ?? found[0];
}

// eslint-disable-next-line no-control-regex
const SOURCE_RE = /(?:[a-z][a-z0-9+.-]{1,20}:(?:\/\/|\\\\)[^\u0000-\u001f"<>]{1,2000}|\\\\[^\u0000-\u001f\\"<>]{1,255}\\[^\u0000-\u001f"<>]{0,2000}|[a-z]:\\[^\u0000-\u001f"<>]{1,2000})/i;

/** What a link or relationship target is: remote (fetched from another computer) or not, and by which scheme. */
export interface TargetInfo {
  remote: boolean;
  /** http, https, ftp, file, unc, ... ('' when the target has none). */
  scheme: string;
}

/**
 * Is a target fetched from another computer? http(s)/ftp/WebDAV URLs, UNC paths (\\host\share,
 * //host/share, \\?\UNC\host), and file: URLs naming a host. A drive path (C:\...) or a file: URL
 * of one (file:///C:/...) is local: Word writes those for templates on the author's own disk.
 */
export function targetInfo(target: string): TargetInfo {
  // eslint-disable-next-line no-control-regex
  const t = target.replace(/[\u0000-\u001f\u007f]+/g, '').trim(); // tabs and line breaks inside a URL are dropped by readers too
  const lower = t.toLowerCase();
  if (/^\\\\\?\\unc\\/.test(lower)) return { remote: true, scheme: 'unc' };
  if (/^\\\\[?.]\\/.test(lower)) return { remote: false, scheme: '' };
  if (/^(\\\\|\/\/)[^\\/]/.test(lower)) return { remote: true, scheme: 'unc' };
  const m = /^([a-z][a-z0-9+.-]*):/.exec(lower);
  if (!m) return { remote: false, scheme: '' };
  const scheme = m[1]!;
  const rest = lower.slice(m[0].length);
  if (scheme.length === 1) return { remote: false, scheme: '' }; // a drive letter: C:\...
  if (scheme === 'file') return { remote: fileUrlIsRemote(rest), scheme: 'file' };
  if (REMOTE_SCHEMES.has(scheme)) return { remote: true, scheme };
  return { remote: false, scheme };
}

/**
 * file://host/share, file:////host/share, file:///\\host\share: a server. file:///C:/x, file:/C:/x,
 * file://localhost/C:/x, file:///home/x: this computer.
 */
function fileUrlIsRemote(rest: string): boolean {
  const slashes = /^[\\/]*/.exec(rest)![0].length;
  const after = rest.slice(slashes);
  if (after === '' || /^[a-z][:|]/.test(after)) return false;
  if (slashes === 2) return !/^localhost([\\/]|$)/.test(after);
  return slashes >= 4;
}

export function isRemoteTarget(target: string): boolean {
  return targetInfo(target).remote;
}

const REMOTE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ftp', 'ftps', 'webdav', 'dav', 'davs']);

/**
 * URL schemes (protocol handlers) that run code or open a remote folder when Office follows them,
 * whatever the relationship: each is in a public exploit or a campaign built on it.
 */
export const EXPLOIT_SCHEMES: ReadonlyMap<string, string> = new Map([
  ['ms-msdt', 'the Support Diagnostic Tool runs a command (Follina, CVE-2022-30190)'],
  ['mhtml', 'an MHTML page loaded inside Office (CVE-2021-40444)'],
  ['x-usc', 'a URL loaded through the MHTML handler (CVE-2021-40444)'],
  ['search-ms', 'Windows Search opens a remote folder of lures'],
  ['search', 'Windows Search opens a remote folder of lures'],
  ['ms-officecmd', 'an Office protocol handler that starts programs with arguments'],
  ['ms-its', 'a compiled HTML Help page loaded from a remote file'],
  ['its', 'a compiled HTML Help page loaded from a remote file'],
  ['mk', 'a compiled HTML Help page loaded from a remote file'],
  ['ms-appinstaller', 'the App Installer installs a remote package'],
  ['hcp', 'the Help Center runs a command'],
]);

/** The exploit scheme a target uses, if any (`mhtml:http://...!x-usc:...` is mhtml). */
export function exploitScheme(target: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const m = /^([a-z][a-z0-9+.-]*):/.exec(target.replace(/^[\u0000-\u0020]+/, '').toLowerCase());
  return m && EXPLOIT_SCHEMES.has(m[1]!) ? m[1] : undefined;
}

/**
 * The objects of an OLE compound file: each storage (the root, ObjectPool/_123, MBD0001...) that
 * holds an `Equation Native` stream or carries the Equation CLSID, a `\x01Ole10Native` package, a
 * `\x01CompObj` naming an Equation or Package class, or a `\x01Ole` stream marked as a link.
 * Objects whose class means nothing to us (an Excel chart) are not returned.
 */
export function containerObjects(container: CFB$Container): EmbeddedObject[] {
  const byStorage = new Map<string, StorageEvidence>();
  const at = (key: string) => {
    let s = byStorage.get(key);
    if (!s) byStorage.set(key, (s = { clsid: '', equationNative: false, progIds: [] }));
    return s;
  };
  const count = Math.min(container.FileIndex.length, MAX_CFB_ENTRIES);
  for (let i = 0; i < count; i++) {
    const entry = container.FileIndex[i]!;
    const path = container.FullPaths[i] ?? '';
    if (entry.type === 1 || entry.type === 5) {
      if (entry.clsid && !/^0*$/.test(entry.clsid)) at(path).clsid = entry.clsid.toLowerCase();
      continue;
    }
    if (entry.type !== 2 || !entry.content) continue;
    const storage = path.slice(0, path.lastIndexOf('/') + 1);
    const content = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
    switch (entry.name) {
      case 'Equation Native':
        at(storage).equationNative = true;
        break;
      case '\u0001Ole10Native': {
        // Packager data starts (after its size) with the signature 2; an OLE 1.0 picture converted to OLE 2 does not
        const obj = packageObject(content, true);
        // where it is, for the member's path: "ObjectPool/_1712345678" (nothing for the root of an oleObject.bin)
        const where = storage.slice((container.FullPaths[0] ?? '').length).replace(/\/$/, '');
        if (obj.packaged && where) obj.packaged.via = [where];
        if (obj.fileName) at(storage).pkg = { obj, signed: content.length >= 6 && content.readUInt16LE(4) === 2 };
        break;
      }
      case '\u0001CompObj':
        at(storage).progIds.push(...compObjNames(content));
        break;
      case '\u0001Ole':
        // MS-OLEDS 2.3.3 OLEStream: version, then flags; bit 0 set: a linked object
        if (content.length >= 8 && (content.readUInt32LE(4) & 1) === 1) {
          const source = linkSource(content.subarray(20));
          if (source !== undefined) at(storage).link = { kind: 'link', classNames: [], source };
        }
        break;
    }
  }
  const out: EmbeddedObject[] = [];
  for (const s of byStorage.values()) {
    if (out.length >= MAX_OBJECTS) break;
    const equationIds = [...new Set(s.progIds.filter(isEquationClass))];
    const packageNamed = s.progIds.some(isPackageClass);
    if (isEquationStorage(s)) out.push({ kind: 'equation', classNames: equationIds.length ? equationIds : ['Equation'] });
    else if (s.pkg && (s.pkg.signed || packageNamed)) out.push({ ...s.pkg.obj, classNames: ['Package'] });
    else if (s.link) out.push(s.link);
    else if (packageNamed) out.push({ kind: 'package', classNames: ['Package'] });
  }
  return out;
}

/** What one storage of a compound file says about the object it holds. */
interface StorageEvidence {
  /** The storage's CLSID ('' when none is set). */
  clsid: string;
  equationNative: boolean;
  /** Strings of its `\x01CompObj` (user type, ProgID). */
  progIds: string[];
  pkg?: { obj: EmbeddedObject; signed: boolean };
  link?: EmbeddedObject;
}

/**
 * Office starts the server the storage's CLSID names: Equation Editor's CLSID, or its ProgID in
 * CompObj, is an Equation Editor object. An `Equation Native` stream is one too, unless the storage
 * names another server: MathType (Equation.DSMT4, CLSID {0002CE03-…}) writes that stream as well.
 */
function isEquationStorage(s: StorageEvidence): boolean {
  if (EQUATION_CLSIDS.has(s.clsid) || s.progIds.some(isEquationClass)) return true;
  return s.equationNative && s.clsid === '' && !s.progIds.some((n) => /equation|mathtype|dsmt/i.test(n));
}

/** The strings of a `\x01CompObj` stream (user type, clipboard format, ProgID), split on NULs. */
function compObjNames(content: Buffer): string[] {
  return content
    .subarray(28, 28 + 4 * MAX_STRING)
    .toString('latin1')
    // eslint-disable-next-line no-control-regex
    .split(/[\u0000-\u001f]+/)
    .map((s) => s.trim())
    .filter((s) => /^[\x20-\x7e]{3,}$/.test(s));
}

/** The objects of compound-file bytes (an OOXML oleObject.bin, an RTF object's native data); [] when unreadable. */
export function compoundFileObjects(bytes: Buffer): EmbeddedObject[] | undefined {
  if (bytes.length < 512 || !bytes.subarray(0, 8).equals(CFB_MAGIC)) return undefined;
  try {
    return containerObjects(readCompoundFile(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Findings for the objects of one document: at most one per kind, naming every object of it.
 *  - attachment.exploit (tag equation-editor): Equation Editor objects;
 *  - attachment.external-object (tag ole-link, the source's scheme): objects linked to a source on
 *    another computer;
 *  - attachment.embedded-object: packaged files (tag package, the file's extensions, executable
 *    when one runs code); links whose source cannot be read (tags ole-link, unknown-source: Word
 *    also writes links to local files in forms we do not read); any other object an RTF updates
 *    automatically (tag auto-update).
 * Tags auto-update (RTF \objupdate) and the carrier (rtf, ole, ooxml) are added to each.
 */
export function objectObservations(objects: readonly EmbeddedObject[], carrier: Carrier): Observation[] {
  const out: Observation[] = [];
  const doc = CARRIER_NAME[carrier];
  const autoTag = (list: readonly EmbeddedObject[]) => (list.some((o) => o.autoUpdate) ? ['auto-update'] : []);

  const equations = objects.filter((o) => o.kind === 'equation');
  if (equations.length > 0) {
    const names = unique(equations.flatMap((o) => o.classNames)).map((n) => `"${n}"`);
    const auto = equations.some((o) => o.autoUpdate) ? '; updated automatically on opening (\\objupdate)' : '';
    out.push({
      kind: 'attachment.exploit',
      detail: `${doc} with ${count(equations.length, 'Microsoft Equation Editor object')} (${names.join(', ')}), the target of CVE-2017-11882 / CVE-2018-0802${auto}`,
      tags: ['equation-editor', ...autoTag(equations), carrier],
    });
  }

  const remote = objects.filter((o) => o.kind === 'link' && o.source !== undefined && isRemoteTarget(o.source));
  if (remote.length > 0) {
    const schemes = unique(remote.map((l) => targetInfo(l.source!).scheme));
    out.push({
      kind: 'attachment.external-object',
      detail: `${doc} with ${count(remote.length, 'OLE object')} linked to ${list(remote.map((l) => shortTarget(l.source!)))}: fetched from there when the document opens`,
      tags: ['ole-link', ...schemes, ...autoTag(remote), carrier],
    });
  }

  const packages = objects.filter((o) => o.kind === 'package');
  const unread = objects.filter((o) => o.kind === 'link' && o.source === undefined);
  const updated = objects.filter((o) => o.kind === 'other' && o.autoUpdate);
  const embedded = [...packages, ...unread, ...updated];
  if (embedded.length > 0) {
    const tags = new Set<string>();
    const what: string[] = [];
    for (const p of packages) {
      tags.add('package');
      const exts = unique((p.packagePaths ?? []).map((n) => analyseName(baseName(n)).ext).filter(Boolean));
      for (const e of exts) tags.add(e);
      if (exts.some(isDangerousExtension)) tags.add('executable');
      what.push(p.fileName ? `packaged file "${p.fileName}"` : 'packaged file (name not readable)');
    }
    if (unread.length > 0) {
      tags.add('ole-link').add('unknown-source');
      what.push(`${count(unread.length, 'linked object')} whose source cannot be read`);
    }
    for (const o of updated) what.push(`object ${o.classNames.length ? `"${o.classNames[0]}"` : 'of unknown class'} updated automatically on opening`);
    for (const t of autoTag(embedded)) tags.add(t);
    tags.add(carrier);
    out.push({ kind: 'attachment.embedded-object', detail: `${doc} with ${list(what)}`, tags: [...tags] });
  }
  return out;
}

/** A target for a detail line: controls removed, cut to 200 characters. */
export function shortTarget(target: string): string {
  // eslint-disable-next-line no-control-regex
  const t = target.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function count(n: number, what: string): string {
  return n === 1 ? `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}` : `${n} ${what}s`;
}

/** The first five items, then how many more. */
export function list(items: readonly string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown} and ${items.length - 5} more` : shown;
}
