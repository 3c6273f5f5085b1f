import type { Observation } from './checks.js';
import {
  CFB_MAGIC,
  cleanName,
  compoundFileObjects,
  isEquationClass,
  isPackageClass,
  isRemoteTarget,
  linkSource,
  list,
  MAX_OBJECTS,
  objectObservations,
  packageObject,
  readOle1,
  shortTarget,
  targetInfo,
  type EmbeddedObject,
} from './ole-objects.js';
import { trimEndChar } from '../../trim.js';

/**
 * The OLE objects of an RTF document, read the way Word reads them, because weaponised RTFs (the
 * "Royal Road" kit used against Vietnamese offices, and its copies) are written to fool readers
 * that do not:
 *  - only `{\rt` is needed at the start (Word opens `{\rtxyz…` too);
 *  - an object is a `{\object … {\*\objclass NAME} {\*\objdata HEX}}` group; `\objupdate` in it
 *    makes Word load the object as the document opens;
 *  - in `\objdata`, hex digits are read in pairs wherever they are: white space, any other
 *    character, control words (`\par`, `\junk123`) and `{\*\…}` groups between them are skipped;
 *    a group that is not a destination (`{\b 0105}`) still adds its digits; a last odd digit is
 *    dropped; `\binN` adds the next N bytes as they are;
 *  - `{\*\template URL}` names the document's template, which Word fetches (template injection).
 * The decoded object data starts with an OLE 1.0 header (ole-objects.ts): its class name
 * (Equation.3, Package, OLE2Link, ...) says what it is.
 *
 * Bounded: the first RTF_MAX_BYTES of the file, MAX_OBJECTS objects, OBJDATA_MAX_BYTES decoded
 * per object and OBJDATA_TOTAL_BYTES in all, groups nested to MAX_FRAMES (deeper groups share the
 * last one). One pass over the bytes; a truncated or corrupt file gives what could be read.
 */

/** Bytes of an RTF read at most (the head of a bigger file), as PDF_MAX_BYTES. */
export const RTF_MAX_BYTES = 8 * 1024 * 1024;
/**
 * Decoded `\objdata` bytes kept per object: headers, a package's name and file (walked as a
 * member, walk-office.ts), a link's compound file. Hex digits of the RTF_MAX_BYTES read decode to half that.
 */
export const OBJDATA_MAX_BYTES = 4 * 1024 * 1024;
/** Decoded `\objdata` bytes kept for all objects of one document. */
const OBJDATA_TOTAL_BYTES = 8 * 1024 * 1024;
/** Group frames kept; deeper nesting is counted but shares the deepest frame. */
const MAX_FRAMES = 512;
/** Characters kept of an `\objclass` or `\*\template` destination. */
const MAX_TEXT = 2048;

export interface RtfReport {
  /** Objects that mean something: Equation, Package, links, and anything `\objupdate` forces open. */
  objects: EmbeddedObject[];
  /** `{\*\template …}` targets that are on another computer. */
  remoteTemplates: string[];
  /** `\objdata` groups seen (also past MAX_OBJECTS). */
  objectCount: number;
  /** Objects whose class could be read (from their data or `\objclass`). */
  readable: number;
  /** Objects with data whose class could not be read from anywhere. */
  unreadable: number;
}

/** Word opens a file as RTF when it starts with `{\rt`. */
export function looksLikeRtf(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x7b && head[1] === 0x5c && head[2] === 0x72 && head[3] === 0x74;
}

type Dest = 'none' | 'objdata' | 'objclass' | 'template';

interface RawObject {
  objclass: string;
  update: boolean;
  /** `\objdata` met for this object. */
  hasData: boolean;
  data: Sink;
}

interface Frame {
  dest: Dest;
  /** The object group this frame is in, if any. */
  object?: RawObject;
  /** Nothing read in this group yet but `{` and maybe `\*`: a destination may start here. */
  fresh: boolean;
  starred: boolean;
  /** Where `\*\template` text goes. */
  template?: { text: string };
}

/** Control words that start a destination whose text is not ours (a group starting with one adds nothing to \objdata). */
const OTHER_DESTINATIONS: ReadonlySet<string> = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'result', 'objalias', 'objsect', 'objname', 'objtime',
  'field', 'fldinst', 'fldrslt', 'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr',
  'footerf', 'footnote', 'annotation', 'shpinst', 'shptxt', 'sp', 'sn', 'sv', 'nonshppict', 'shppict',
  'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'xmlnstbl', 'themedata', 'colorschememapping',
  'datastore', 'latentstyles', 'bkmkstart', 'bkmkend', 'pgdsctbl', 'revtbl', 'userprops', 'title', 'author',
  'operator', 'company', 'subject', 'keywords', 'comment', 'doccomm', 'txe', 'xe', 'tc', 'private', 'blipuid',
  'datafield', 'ftnsep', 'ftnsepc', 'ftncn', 'aftnsep', 'aftnsepc', 'aftncn', 'listtext', 'pntext', 'pntxta',
  'pntxtb', 'mmathPr', 'wgrffmtfilter', 'passwordhash', 'fchars', 'lchars',
]);

/** Reads the objects of an RTF document (at most its first RTF_MAX_BYTES). Never throws. */
export function inspectRtf(bytes: Buffer): RtfReport {
  const b = bytes.subarray(0, RTF_MAX_BYTES);
  const objects: RawObject[] = [];
  const templates: string[] = [];
  let objectCount = 0;
  const budget = { left: OBJDATA_TOTAL_BYTES };

  const frames: Frame[] = [{ dest: 'none', fresh: false, starred: false }];
  let overflow = 0; // groups opened past MAX_FRAMES
  const top = () => frames[frames.length - 1]!;

  const newObject = (): RawObject | undefined => {
    if (objects.length >= MAX_OBJECTS) return undefined;
    const o: RawObject = { objclass: '', update: false, hasData: false, data: new Sink(budget) };
    objects.push(o);
    return o;
  };

  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c === 0x7b /* { */) {
      i++;
      if (frames.length >= MAX_FRAMES) {
        overflow++;
        continue;
      }
      const parent = top();
      const f: Frame = { dest: parent.dest, fresh: true, starred: false };
      if (parent.object) f.object = parent.object;
      if (parent.template) f.template = parent.template;
      frames.push(f);
      continue;
    }
    if (c === 0x7d /* } */) {
      i++;
      if (overflow > 0) overflow--;
      else if (frames.length > 1) {
        const closed = frames.pop()!;
        if (closed.template && !top().template) templates.push(closed.template.text);
      }
      continue;
    }
    const f = top();
    if (c === 0x5c /* \ */) {
      const next = b[i + 1];
      if (next === undefined) break;
      if (isLetter(next)) {
        // a control word: letters, an optional signed number, one optional space
        let j = i + 1;
        while (j < n && isLetter(b[j]!)) j++;
        const name = j - (i + 1) <= 32 ? b.toString('latin1', i + 1, j) : '';
        let param: number | undefined;
        let k = j;
        if (k < n && b[k] === 0x2d /* - */ && k + 1 < n && isDigit(b[k + 1]!)) k++;
        if (k < n && isDigit(b[k]!)) {
          const start = k;
          while (k < n && isDigit(b[k]!)) k++;
          // Word reads a number with any count of leading zeros; past 10 digits it is only "big"
          const digits = b.toString('latin1', start, k).replace(/^0+(?=\d)/, '');
          param = digits.length > 10 ? Number.MAX_SAFE_INTEGER : Number(digits);
          if (b[start - 1] === 0x2d) param = -param;
        } else k = j;
        if (k < n && b[k] === 0x20) k++;
        i = k;
        if (name === 'bin') {
          // \binN: N bytes of binary data follow, whatever they look like
          const len = Math.max(0, Math.min(param ?? 0, n - i));
          if (f.dest === 'objdata' && f.object) f.object.data.pushBytes(b, i, i + len);
          i += len;
          f.fresh = false;
          continue;
        }
        controlWord(f, name);
        continue;
      }
      if (next === 0x27 /* \' */) {
        // \'hh: a character by its code; text in our text destinations, nothing in \objdata
        const hex = b.toString('latin1', i + 2, i + 4);
        if (f.dest !== 'objdata' && /^[0-9a-fA-F]{2}$/.test(hex)) text(f, parseInt(hex, 16));
        i += 4;
        f.fresh = false;
        continue;
      }
      i += 2;
      if (next === 0x2a /* \* */ && f.fresh) {
        f.starred = true;
        continue;
      }
      if (next === 0x5c || next === 0x7b || next === 0x7d) text(f, next); // \\ \{ \}: the character itself
      if (next !== 0x0d && next !== 0x0a) f.fresh = false;
      continue;
    }
    i++;
    if (c === 0x0d || c === 0x0a) continue; // line breaks are not text in RTF
    text(f, c);
    f.fresh = false;
  }
  // a file cut inside a template group: what was read of it counts
  for (const f of frames) if (f.template && !templates.includes(f.template.text)) templates.push(f.template.text);

  function controlWord(f: Frame, name: string): void {
    const fresh = f.fresh;
    f.fresh = false;
    switch (name) {
      case 'object':
        f.object = newObject();
        return;
      case 'objupdate':
        if (f.object) f.object.update = true;
        return;
      case 'objclass':
        f.dest = 'objclass';
        return;
      case 'objdata': {
        if (f.dest === 'objdata') return; // a stray \objdata inside the hex: junk like any other word
        objectCount++;
        // a second \objdata in one object, or one outside any \object group, is an object of its own
        if (!f.object || f.object.hasData) {
          const o = newObject();
          if (o && f.object) o.update = f.object.update;
          if (o) f.object = o;
          else delete f.object;
        }
        if (f.object) f.object.hasData = true;
        f.dest = 'objdata';
        return;
      }
      case 'template':
        if (fresh) {
          f.dest = 'template';
          f.template = { text: '' };
        }
        return;
    }
    // a destination that is not ours: its text (and its groups') goes nowhere
    if (fresh && (f.starred || OTHER_DESTINATIONS.has(name))) f.dest = 'none';
  }

  function text(f: Frame, byte: number): void {
    switch (f.dest) {
      case 'objdata':
        f.object?.data.pushHex(byte);
        return;
      case 'objclass':
        if (f.object && f.object.objclass.length < MAX_TEXT) f.object.objclass += String.fromCharCode(byte);
        return;
      case 'template':
        if (f.template && f.template.text.length < MAX_TEXT) f.template.text += String.fromCharCode(byte);
        return;
    }
  }

  return report(objects, templates, objectCount);
}

function report(raw: readonly RawObject[], templates: readonly string[], objectCount: number): RtfReport {
  const objects: EmbeddedObject[] = [];
  let readable = 0;
  let unreadable = 0;
  for (const r of raw) {
    const objclass = cleanName(trimEndChar(r.objclass, ';'));
    const data = r.data.bytes();
    const found = identify(data, objclass, r.update);
    if (found.readable) readable++;
    else if (r.hasData) unreadable++;
    objects.push(...found.objects);
  }
  const remoteTemplates = [...new Set(templates.map((t) => t.trim()))].filter((t) => t !== '' && isRemoteTarget(t));
  return { objects: objects.slice(0, MAX_OBJECTS), remoteTemplates, objectCount, readable, unreadable };
}

/** What one object is, from its decoded data and its `\objclass`. */
function identify(data: Buffer, objclass: string, update: boolean): { readable: boolean; objects: EmbeddedObject[] } {
  const ole1 = readOle1(data);
  const classNames = [...new Set([ole1?.className, objclass].filter((s): s is string => !!s))];
  const withUpdate = (o: EmbeddedObject): EmbeddedObject => (update ? { ...o, autoUpdate: true } : o);
  const readable = classNames.length > 0;

  if (classNames.some(isEquationClass)) return { readable, objects: [withUpdate({ kind: 'equation', classNames: classNames.filter(isEquationClass) })] };
  // data that is itself a compound file (no OLE 1.0 header), or native data that is one
  const inner = ole1?.native ?? (data.subarray(0, 8).equals(CFB_MAGIC) ? data : undefined);
  if (ole1 && isPackageClass(ole1.className) && ole1.native) return { readable, objects: [withUpdate(packageObject(ole1.native, false, ['Package']))] };
  if (ole1?.formatId === 1) {
    // an OLE 1.0 link: the topic is the source document
    return { readable, objects: [withUpdate({ kind: 'link', classNames, source: ole1.topic || undefined })] };
  }
  if (ole1 && /^ole2link$/i.test(ole1.className)) {
    const nested = inner ? compoundFileObjects(inner) : undefined;
    const link = nested?.find((o) => o.kind === 'link');
    const source = link?.source ?? (inner ? linkSource(inner) : undefined);
    return { readable, objects: [withUpdate(source ? { kind: 'link', classNames, source } : { kind: 'link', classNames })] };
  }
  if (inner) {
    const nested = compoundFileObjects(inner);
    if (nested && nested.length > 0) return { readable: true, objects: nested.map((o) => withUpdate({ ...o, classNames: [...new Set([...classNames, ...o.classNames])] })) };
    if (nested) return { readable: true, objects: update ? [{ kind: 'other', classNames, autoUpdate: true }] : [] };
  }
  if (classNames.some(isPackageClass)) return { readable, objects: [withUpdate({ kind: 'package', classNames })] };
  if (update) return { readable, objects: [{ kind: 'other', classNames, autoUpdate: true }] };
  return { readable, objects: [] };
}

/** What an RTF shows: its objects (ole-objects.ts), remote templates, and objects that could not be read at all. */
export function rtfObservations(report: RtfReport): Observation[] {
  const out = objectObservations(report.objects, 'rtf');
  if (report.remoteTemplates.length > 0) {
    const tags = new Set(['attached-template']);
    for (const t of report.remoteTemplates) tags.add(targetInfo(t).scheme);
    tags.add('rtf');
    out.push({
      kind: 'attachment.external-object',
      detail: `RTF document loads its template from ${list(report.remoteTemplates.map(shortTarget))} when it opens (template injection)`,
      tags: [...tags],
    });
  }
  if (report.unreadable > 0 && report.readable === 0) {
    out.push({
      kind: 'attachment.uninspectable',
      detail: `RTF document with ${report.unreadable === 1 ? 'an embedded object' : `${report.unreadable} embedded objects`} whose data cannot be read`,
      tags: ['rtf'],
    });
  }
  return out;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Decoded object data, kept up to OBJDATA_MAX_BYTES and the document's shared budget. */
class Sink {
  private buf = Buffer.alloc(0);
  private len = 0;
  private nibble = -1;

  constructor(private readonly budget: { left: number }) {}

  pushHex(c: number): void {
    const v = hexValue(c);
    if (v < 0) return;
    if (this.nibble < 0) {
      this.nibble = v;
      return;
    }
    const byte = (this.nibble << 4) | v;
    this.nibble = -1;
    this.push(byte);
  }

  pushBytes(src: Buffer, start: number, end: number): void {
    for (let i = start; i < end && this.room() > 0; i++) this.push(src[i]!);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  private room(): number {
    return Math.min(OBJDATA_MAX_BYTES - this.len, this.budget.left);
  }

  private push(byte: number): void {
    if (this.room() <= 0) return;
    if (this.len === this.buf.length) {
      const bigger = Buffer.alloc(Math.min(OBJDATA_MAX_BYTES, Math.max(4096, this.buf.length * 2)));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.buf[this.len++] = byte;
    this.budget.left--;
  }
}
