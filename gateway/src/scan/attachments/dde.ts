import { inflateRawSync } from 'node:zlib';
import type { Observation } from './checks.js';
import { list, shortTarget } from './ole-objects.js';
import type { WorkbookDdeLink } from './xls.js';
import type { OpenedZip, ZipEntryInfo } from './zip.js';

/**
 * Dynamic Data Exchange (DDE): a document that asks Windows to start a program and talk to it. No
 * macro is involved, so "macros disabled" does not stop it; Office shows one "update links?" prompt.
 *  - Word: a `DDE` or `DDEAUTO` field (`{ DDEAUTO c:\\windows\\system32\\cmd.exe "/k powershell …" }`),
 *    written in w:instrText runs (an attacker splits it over many runs: "D", "DE", "AUTO") or a
 *    w:fldSimple's w:instr, in the body, headers or footers; in RTF a `{\*\fldinst DDEAUTO …}`;
 *    the name itself may come from a nested `{ QUOTE 68 68 69 … }` field (character codes).
 *  - Excel: a DDE formula `=cmd|' /C calc'!A0`, `=MSEXCEL|'\..\..\cmd.exe /c …'!''`, `@SUM(cmd|…)`,
 *    `=DDE("cmd";"/C calc";…)` in a sheet, a CSV, a SYLK (.slk) or a web query (.iqy) result, and
 *    the `ddeLink` of an OOXML workbook's external link part (what Excel saves such a formula as),
 *    the BrtBeginSupBook record of an .xlsb's binary external link part, and the SUPBOOK/EXTERNNAME
 *    records of a legacy .xls (xls.ts), with the formulas naming them.
 * Microsoft turned DDE off in Word in 2017 (ADV170021) because of this; official documents do not
 * use it. A Word DDE field, or an Excel DDE link to a program that runs commands, is reported as
 * attachment.exploit, tags 'dde', the program (cmd, powershell, mshta ...) and the carrier. An Excel
 * DDE link to another program (a market-data feed such as Bloomberg's) is attachment.external-object
 * (tag 'dde'): the document fetches data from that program as it opens.
 *
 * Everything here is one pass over bounded text: indexOf loops and regexes that start at a fixed
 * word with bounded repetitions of one character class.
 */

/** Programs that run commands, scripts or other programs; a DDE link to one of them is an exploit. */
export const COMMAND_PROGRAMS: ReadonlySet<string> = new Set([
  'cmd', 'powershell', 'pwsh', 'mshta', 'wscript', 'cscript', 'rundll32', 'regsvr32', 'certutil', 'bitsadmin',
  'msiexec', 'msexcel', 'excel', 'winword', 'mshtml', 'conhost', 'forfiles', 'schtasks', 'wmic', 'msbuild',
  'installutil', 'regasm', 'regsvcs', 'cmstp', 'odbcconf', 'control', 'explorer', 'hh', 'curl', 'bash', 'sh',
  'ftp', 'calc', 'notepad', 'mspub', 'msaccess', 'powerpnt', 'wordpad', 'write',
]);

/** Text read per document part; DDE fields sit in the first pages (Word puts them where they run first). */
export const DDE_MAX_TEXT = 8 * 1024 * 1024;
/** Hits kept per document. */
const MAX_HITS = 20;
/** Characters of a field instruction kept. */
const MAX_INSTR = 4096;

export interface DdeHit {
  /** Where it was found: 'word-field', 'rtf-field', 'formula', 'dde-link'. */
  how: 'word-field' | 'rtf-field' | 'formula' | 'dde-link';
  /** The program named (lower case, no path or .exe), '' when none could be read. */
  program: string;
  /** The instruction or formula, for the detail line. */
  text: string;
  /** The defined name whose formula it is (a legacy workbook's `Tong = cmd|'/c calc'!A0`). */
  name?: string;
}

/** The program a DDE instruction names: the first command program mentioned, else the first .exe, else the first word's base name. */
export function ddeProgram(text: string): string {
  const lower = text.slice(0, MAX_INSTR).toLowerCase();
  const known = KNOWN_PROGRAM.exec(lower);
  if (known) return known[1]!;
  // 'MSEXCEL|'\..\..\other.exe' starts other.exe: Excel is only the way in
  for (const m of lower.matchAll(/([a-z0-9_-]{1,32})\.exe\b/g)) if (m[1] !== 'msexcel') return m[1]!;
  const first = /^[\s"']*([^\s"'|!]{1,260})/.exec(lower)?.[1] ?? '';
  const base = first.split(/[\\/]/).filter((s) => s !== '' && s !== '..').pop() ?? '';
  return base.replace(/\.exe$/, '').replace(/[^a-z0-9_.-]/g, '').slice(0, 40);
}
const KNOWN_PROGRAM = /\b(cmd|powershell|pwsh|mshta|wscript|cscript|rundll32|regsvr32|certutil|bitsadmin|msiexec|wmic|curl|forfiles|schtasks|conhost|cmstp|msbuild|calc)(?:\.exe)?\b/;

// ---- Word (OOXML) fields ----

/** Fields read per part (a long report has thousands of PAGE and PAGEREF fields; the text is bounded anyway). */
const MAX_FIELDS = 100_000;
/** Open fields kept; deeper nesting is counted, not kept. */
const MAX_NESTING = 32;

/**
 * Field instructions of a WordprocessingML part (document, header, footer): complex fields (fldChar
 * begin … instrText runs … separate … end, nested QUOTE fields decoded into their parent), then
 * simple fields (w:fldSimple's w:instr attribute, read in a pass of its own as it may be long).
 */
export function wordFieldInstructions(xml: string): string[] {
  const out: string[] = [];
  const stack: { instr: string; inResult: boolean }[] = [];
  let overflow = 0;
  const re = /<(?:[A-Za-z][\w.-]{0,20}:)?(fldChar|instrText)\b([^<>]{0,400})>([^<]{0,65536})/g;
  for (let m = re.exec(xml); m && out.length < MAX_FIELDS; m = re.exec(xml)) {
    const [, tag, attrs, after] = m;
    if (tag === 'fldChar') {
      const type = /fldCharType\s*=\s*["'](\w+)/.exec(attrs!)?.[1];
      if (type === 'begin') {
        if (stack.length < MAX_NESTING) stack.push({ instr: '', inResult: false });
        else overflow++;
      } else if (type === 'separate') {
        const top = stack[stack.length - 1];
        if (top && overflow === 0) top.inResult = true;
      } else if (type === 'end') {
        if (overflow > 0) {
          overflow--;
          continue;
        }
        const done = stack.pop();
        if (!done) continue;
        out.push(done.instr);
        const quoted = quoteFieldText(done.instr);
        const parent = stack[stack.length - 1];
        if (quoted && parent && !parent.inResult && parent.instr.length < MAX_INSTR) parent.instr += quoted;
      }
      continue;
    }
    // instrText: its text goes to the innermost open field's instruction
    const top = stack[stack.length - 1];
    const text = decodeXmlText(after!);
    if (top && !top.inResult) {
      if (overflow === 0 && top.instr.length < MAX_INSTR) top.instr += text;
    } else if (!top) out.push(text); // an instrText outside fldChar pairs: Word still reads it as a field
  }
  for (const open of stack) out.push(open.instr); // a document cut inside a field
  // w:instr="…" (only simple fields have that attribute; instrText does not match: no '=' after it)
  const simple = /\binstr\s{0,16}=\s{0,16}(?:"([^"]{0,8192})"|'([^']{0,8192})')/g;
  for (let m = simple.exec(xml); m && out.length < MAX_FIELDS; m = simple.exec(xml)) out.push(decodeXmlText(m[1] ?? m[2] ?? ''));
  return out;
}

/** `QUOTE 68 68 69 …`: the text Word builds from the character codes; undefined for another field. */
function quoteFieldText(instr: string): string | undefined {
  const m = /^\s*QUOTE\s+((?:\d{1,5}\s*){1,512})/i.exec(instr);
  if (!m) return undefined;
  return m[1]!.trim().split(/\s+/).map((d) => String.fromCharCode(Number(d) & 0xffff)).join('');
}

function decodeXmlText(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi, (_, dec: string, hex: string, name: string) => {
    if (dec) return String.fromCodePoint(Math.min(Number(dec), 0x10ffff));
    if (hex) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]!;
  });
}

/** A field instruction that is a DDE field: its hit, or undefined. */
export function ddeField(instr: string, how: DdeHit['how']): DdeHit | undefined {
  const m = /^[\s"{]*DDE(?:AUTO)?\b\s*(.*)$/is.exec(instr.slice(0, MAX_INSTR));
  if (!m) return undefined;
  return { how, program: ddeProgram(m[1]!), text: instr.trim().slice(0, MAX_INSTR) };
}

/** DDE fields of WordprocessingML parts. */
export function wordDdeHits(xml: string): DdeHit[] {
  if (!/instrText|fldSimple/.test(xml)) return [];
  const out: DdeHit[] = [];
  for (const instr of wordFieldInstructions(xml)) {
    const hit = ddeField(instr, 'word-field');
    if (hit && out.length < MAX_HITS) out.push(hit);
  }
  return out;
}

// ---- RTF fields ----

/** Bytes of an RTF field instruction read (the group after `\fldinst`). */
const RTF_FLDINST_MAX = 8192;

/** Levels of fields nested in a field instruction that are read (deeper ones count as text). */
export const RTF_MAX_FIELD_DEPTH = 8;

/**
 * DDE fields of an RTF: the text of each `\fldinst` group, with control words, `\'hh` escapes and
 * group braces read the way Word reads them (`{\fldinst {\rtlch D}{DE}{AUTO c:\\…}}` is "DDEAUTO c:\…").
 * A field nested in the instruction (`{\field{\*\fldinst QUOTE 99 109 100}{\fldrslt …}}`) gives
 * its value: a QUOTE field its decoded character codes, another field its result text; nested to
 * RTF_MAX_FIELD_DEPTH levels. Each top-level group is read once, at most RTF_FLDINST_MAX bytes in
 * all (nested fields included); the search resumes after it.
 */
export function rtfDdeHits(bytes: Buffer): DdeHit[] {
  const out: DdeHit[] = [];
  const b = bytes.subarray(0, DDE_MAX_TEXT);
  let from = 0;
  for (;;) {
    const at = b.indexOf('\\fldinst', from, 'latin1');
    if (at < 0 || out.length >= MAX_HITS) break;
    const nested: string[] = [];
    const { text, end } = rtfGroupText(b, at + 8, Math.min(b.length, at + 8 + RTF_FLDINST_MAX), 0, nested);
    from = Math.max(end, at + 8);
    // the field, then the fields nested in it (a DDE field inside another field runs too)
    for (const instr of [text, ...nested]) {
      const hit = ddeField(instr, 'rtf-field');
      if (hit && out.length < MAX_HITS) out.push(hit);
    }
  }
  return out;
}

/**
 * Text of the rest of the group starting at `start` (until its closing brace, at most up to `stop`),
 * and where it ended. `level`: how deep this instruction is nested in other fields' instructions;
 * the instructions of the fields nested in it are added to `nested`.
 */
function rtfGroupText(b: Buffer, start: number, stop: number, level: number, nested: string[]): { text: string; end: number } {
  let depth = 0;
  let text = '';
  // the value of the last nested field whose \fldinst was read: its \fldrslt group is skipped
  let nestedValue = false;
  let i = start;
  while (i < stop) {
    const c = b[i]!;
    if (c === 0x7b) {
      depth++;
      i++;
      continue;
    }
    if (c === 0x7d) {
      if (depth === 0) return { text, end: i + 1 };
      depth--;
      i++;
      continue;
    }
    if (c === 0x5c) {
      const next = b[i + 1];
      if (next === undefined) break;
      if ((next >= 0x61 && next <= 0x7a) || (next >= 0x41 && next <= 0x5a)) {
        let j = i + 1;
        while (j < stop && j - i <= 32 && isAsciiLetter(b[j]!)) j++;
        const name = b.toString('latin1', i + 1, j);
        if (j < stop && b[j] === 0x2d) j++;
        while (j < stop && b[j]! >= 0x30 && b[j]! <= 0x39) j++;
        if (j < stop && b[j] === 0x20) j++;
        i = j;
        if (depth > 0 && name === 'fldinst' && level < RTF_MAX_FIELD_DEPTH) {
          // a nested field's instruction: the rest of its group; its value goes into our text
          const inner = rtfGroupText(b, i, stop, level + 1, nested);
          i = inner.end;
          if (nested.length < MAX_HITS) nested.push(inner.text);
          depth--; // its closing brace was read
          const quoted = quoteFieldText(inner.text);
          if (quoted !== undefined && text.length < MAX_INSTR) text += quoted;
          nestedValue = quoted !== undefined;
        } else if (depth > 0 && name === 'fldrslt' && nestedValue) {
          // the cached result of a QUOTE field already decoded: skipped (the rest of its group)
          i = skipGroup(b, i, stop);
          depth--;
          nestedValue = false;
        }
        continue;
      }
      if (next === 0x27) {
        const hex = b.toString('latin1', i + 2, i + 4);
        if (/^[0-9a-f]{2}$/i.test(hex)) text += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        continue;
      }
      if (next === 0x5c || next === 0x7b || next === 0x7d) text += String.fromCharCode(next);
      i += 2;
      continue;
    }
    if (c !== 0x0d && c !== 0x0a) text += String.fromCharCode(c);
    i++;
  }
  return { text, end: i };
}

/** Where the group containing `start` ends (after its closing brace), at most `stop`. */
function skipGroup(b: Buffer, start: number, stop: number): number {
  let depth = 0;
  for (let i = start; i < stop; i++) {
    const c = b[i];
    if (c === 0x5c) i++; // an escaped brace or backslash
    else if (c === 0x7b) depth++;
    else if (c === 0x7d) {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return stop;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

// ---- Excel formulas and links ----

/** Characters right before a formula's DDE reference: the start of a formula or of an argument. */
const FORMULA_LEAD = new Set(['=', '+', '-', '*', '/', '^', '&', '<', '>', '@', '(', ',', ';', '{']);

/**
 * DDE formulas in sheet or text content: `service|'topic'!item` after a formula start (`=cmd|' /C
 * calc'!A0`, `@SUM(cmd|'/c calc'!A0)`, a SYLK cell's `;Ecmd|…`), and `=DDE("service";"topic";…)`.
 * One indexOf loop over the '|' characters, each looked at within a bounded window.
 */
export function formulaDdeHits(text: string): DdeHit[] {
  const out: DdeHit[] = [];
  const t = text.length > DDE_MAX_TEXT ? text.slice(0, DDE_MAX_TEXT) : text;
  for (let p = t.indexOf('|'); p >= 0 && out.length < MAX_HITS; p = t.indexOf('|', p + 1)) {
    // the service: letters, digits, '.', '_' right before the bar (spaces allowed), after a formula start
    let s = p - 1;
    while (s >= 0 && t[s] === ' ' && p - s < 16) s--;
    const serviceEnd = s + 1;
    while (s >= 0 && serviceEnd - s <= 64 && /[\w.]/.test(t[s]!)) s--;
    let service = t.slice(s + 1, serviceEnd);
    if (s >= 0 && t[s] === ';' && /^E[A-Za-z]/.test(service)) service = service.slice(1); // SYLK: ;E<formula>
    if (!/^[A-Za-z]/.test(service)) continue;
    let lead = s;
    while (lead >= 0 && t[lead] === ' ' && s - lead < 16) lead--;
    if (lead < 0 || !FORMULA_LEAD.has(t[lead]!)) continue;
    // the topic: '…' then '!' (or an unquoted topic up to '!')
    let q = p + 1;
    while (q < t.length && t[q] === ' ' && q - p < 16) q++;
    let topic: string | undefined;
    if (t[q] === "'") {
      const close = t.indexOf("'", q + 1);
      if (close > 0 && close - q <= 2048 && /^\s{0,16}!/.test(t.slice(close + 1, close + 18))) topic = t.slice(q + 1, close);
    } else {
      const m = /^([^\s!'"|<>]{1,256})!/.exec(t.slice(q, q + 258));
      if (m) topic = m[1];
    }
    if (topic === undefined) continue;
    out.push({ how: 'formula', program: ddeProgram(`${service} ${topic}`), text: `${service}|'${topic}'` });
    if (t[q] === "'") p = Math.max(p, q + topic.length);
  }
  const re = /\bDDE(?:AUTO)?\s{0,16}\(\s{0,16}["']([^"'\n]{1,256})["']\s{0,16}[;,]\s{0,16}["']([^"'\n]{0,2048})["']/gi;
  for (let m = re.exec(t); m && out.length < MAX_HITS; m = re.exec(t)) {
    out.push({ how: 'formula', program: ddeProgram(`${m[1]} ${m[2]}`), text: m[0] });
  }
  return out;
}

/** Words of an OOXML external link part's `ddeLink`: its service (program) and topic. */
export function ddeLinkHits(xml: string): DdeHit[] {
  const out: DdeHit[] = [];
  const re = /<(?:[A-Za-z][\w.-]{0,20}:)?ddeLink\b([^<>]{0,4096})>/g;
  for (let m = re.exec(xml); m && out.length < MAX_HITS; m = re.exec(xml)) {
    const attr = (name: string) => {
      const a = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(m![1]!);
      return decodeXmlText(a?.[1] ?? a?.[2] ?? '');
    };
    const service = attr('ddeService');
    const topic = attr('ddeTopic');
    out.push({ how: 'dde-link', program: ddeProgram(`${service} ${topic}`), text: `${service}|'${topic}'` });
  }
  return out;
}

/** Hits for the DDE links of a legacy workbook (xls.ts): a formula when a cell or a defined name uses the link, else the link. */
export function workbookDdeHits(links: readonly WorkbookDdeLink[]): DdeHit[] {
  return links.slice(0, MAX_HITS).map((l) => {
    const hit: DdeHit = {
      how: l.formulas > 0 || l.names.length > 0 ? 'formula' : 'dde-link',
      program: ddeProgram(`${l.service} ${l.topic}`),
      text: `${l.service}|'${l.topic}'${l.items[0] ? `!${l.items[0]}` : ''}`.slice(0, MAX_INSTR),
    };
    if (l.names[0] !== undefined) hit.name = l.names[0];
    return hit;
  });
}

/** BrtBeginSupBook ([MS-XLSB] 2.4.158): sbt (0 workbook, 1 DDE, 2 OLE), then two XLNullableWideStrings. */
const BRT_BEGIN_SUPBOOK = 360;
const SBT_DDE = 1;
/** Records read per binary part. */
const XLSB_MAX_RECORDS = 200_000;

/**
 * DDE links of an .xlsb external link part (xl/externalLinks/*.bin): a BrtBeginSupBook record of
 * type DDE, whose strings are the service and the topic (what `=cmd|' /C calc'!A0` is saved as).
 * BIFF12 records: a type of 1-2 bytes and a size of 1-4 bytes, 7 bits each (high bit: more follow).
 * One pass over at most XLSB_MAX_RECORDS records; a record running past the end ends the walk.
 */
export function xlsbDdeHits(bin: Buffer): DdeHit[] {
  const out: DdeHit[] = [];
  let pos = 0;
  for (let n = 0; n < XLSB_MAX_RECORDS && pos < bin.length && out.length < MAX_HITS; n++) {
    let type = bin[pos++]!;
    if (type & 0x80) {
      if (pos >= bin.length) break;
      type = (type & 0x7f) | ((bin[pos++]! & 0x7f) << 7);
    }
    let size = 0;
    for (let k = 0; k < 4; k++) {
      if (pos >= bin.length) return out;
      const byte = bin[pos++]!;
      size += (byte & 0x7f) * 2 ** (7 * k);
      if ((byte & 0x80) === 0) break;
    }
    const data = bin.subarray(pos, Math.min(bin.length, pos + size));
    pos += size;
    if (type !== BRT_BEGIN_SUPBOOK || data.length < 2 || data.readUInt16LE(0) !== SBT_DDE) continue;
    const service = wideString(data, 2);
    const topic = service ? wideString(data, service.next) : undefined;
    if (!service) continue;
    const topicText = topic?.text ?? '';
    out.push({ how: 'dde-link', program: ddeProgram(`${service.text} ${topicText}`), text: `${service.text}|'${topicText}'`.slice(0, MAX_INSTR) });
  }
  return out;
}

/** An XLNullableWideString at `at` (a 32-bit character count, 0xFFFFFFFF for none, then UTF-16LE), at most 2048 characters read. */
function wideString(data: Buffer, at: number): { text: string; next: number } | undefined {
  if (at + 4 > data.length) return undefined;
  const cch = data.readUInt32LE(at);
  if (cch === 0xffffffff) return { text: '', next: at + 4 };
  const end = at + 4 + 2 * Math.min(cch, 2048);
  if (at + 4 + 2 * cch > data.length) return { text: data.toString('utf16le', at + 4, Math.min(end, data.length)), next: data.length };
  return { text: data.toString('utf16le', at + 4, end), next: at + 4 + 2 * cch };
}

/** Is this hit a program started with commands (exploit), or a link to another program's data? */
function runsCommand(h: DdeHit): boolean {
  if (h.how === 'word-field' || h.how === 'rtf-field') return true;
  return COMMAND_PROGRAMS.has(h.program) || /\.(?:exe|bat|cmd|hta|vbs|js|ps1)\b|\/c\b|-e(?:nc|ncodedcommand)?\b/i.test(h.text);
}

const HOW: Readonly<Record<DdeHit['how'], string>> = {
  'word-field': 'a DDE field',
  'rtf-field': 'a DDE field',
  formula: 'a DDE formula',
  'dde-link': 'a DDE link',
};

/**
 * Findings for the DDE hits of one document (`carrier`: ooxml, rtf, csv, slk, iqy, ole ...):
 * attachment.exploit (tags dde, the programs, the carrier) for fields and links that start a
 * command program; attachment.external-object (tags dde, the programs, the carrier) for the others.
 */
export function ddeObservations(hits: readonly DdeHit[], carrier: string, doc: string): Observation[] {
  const out: Observation[] = [];
  const exploit = hits.filter(runsCommand);
  const other = hits.filter((h) => !runsCommand(h));
  const describe = (hs: readonly DdeHit[]) => list(hs.map((h) => `${HOW[h.how]} "${shortTarget(h.text)}"${h.name ? ` (defined name "${h.name}")` : ''}`));
  const programs = (hs: readonly DdeHit[]) => [...new Set(hs.map((h) => h.program).filter((p) => p !== ''))].slice(0, 5);
  if (exploit.length > 0) {
    const ps = programs(exploit);
    out.push({
      kind: 'attachment.exploit',
      detail: `${doc} with ${describe(exploit)}: Dynamic Data Exchange starts ${ps.length ? ps.join(', ') : 'a program'} when the document opens, without a macro`,
      tags: ['dde', ...ps, carrier],
    });
  }
  if (other.length > 0) {
    const ps = programs(other);
    out.push({
      kind: 'attachment.external-object',
      detail: `${doc} with ${describe(other)}: it asks ${ps.length ? ps.join(', ') : 'another program'} for data (Dynamic Data Exchange) when it opens`,
      tags: ['dde', ...ps, carrier],
    });
  }
  return out;
}

// ---- text spreadsheets: CSV, SYLK, web queries ----

/** Extensions Excel opens as text spreadsheets (formulas in them are calculated). */
export const TEXT_SHEET_EXTENSIONS: ReadonlySet<string> = new Set(['csv', 'slk', 'sylk', 'iqy', 'dqy', 'rqy', 'dif', 'prn', 'tsv']);

/** A text file Excel would open as a spreadsheet: by extension, declared type, or a SYLK / web query head. */
export function looksLikeTextSheet(ext: string, declaredType: string, head: Buffer): string | undefined {
  if (TEXT_SHEET_EXTENSIONS.has(ext)) return ext === 'sylk' ? 'slk' : ext;
  if (/^(text\/csv|application\/csv|text\/comma-separated-values|application\/vnd\.ms-excel\.csv|text\/x-sylk|text\/x-ms-iqy)$/i.test(declaredType)) return 'csv';
  const start = head.subarray(0, 16).toString('latin1');
  if (/^ID;P/.test(start)) return 'slk';
  if (/^WEB\r?\n\d\r?\n/.test(start)) return 'iqy';
  return undefined;
}

/**
 * A CSV, SYLK or web query: its DDE formulas (a SYLK writes a cell's formula after ';E'), and for a
 * web query (.iqy) the address it fetches as it opens, which is where the formulas then come from.
 */
export function textSheetObservations(bytes: Buffer, kind: string): Observation[] {
  const text = bytes.subarray(0, DDE_MAX_TEXT).toString('latin1');
  const out = ddeObservations(formulaDdeHits(text), kind, kind === 'slk' ? 'SYLK spreadsheet' : kind === 'iqy' ? 'web query' : `${kind.toUpperCase()} file`);
  if (kind === 'iqy' || kind === 'dqy' || kind === 'rqy') {
    const url = /^[ \t]*(https?:\/\/[^\s]{1,2000})/im.exec(text.slice(0, 64 * 1024))?.[1];
    if (url) {
      out.push({
        kind: 'attachment.external-object',
        detail: `web query (.${kind}) loads ${shortTarget(url)} into Excel when opened; whatever that page says (formulas, DDE) is run`,
        tags: ['web-query', url.toLowerCase().startsWith('https') ? 'https' : 'http', kind],
      });
    }
  }
  return out;
}

// ---- OOXML documents ----

/** Parts of an OOXML document where DDE can be: Word text parts, Excel external links and sheets. */
const WORD_PARTS = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|glossary\/document)\.xml$/i;
const LINK_PARTS = /^xl\/externalLinks\/[^/]+\.(?:xml|bin)$/i;
const SHEET_PARTS = /^xl\/(?:worksheets|macrosheets)\/[^/]+\.xml$/i;
/** Parts read per document, and their bytes in all. */
const OOXML_MAX_PARTS = 64;
const OOXML_TOTAL_BYTES = 16 * 1024 * 1024;

/** DDE fields, formulas and links of an opened OOXML zip (parts that cannot be read are skipped: ooxml.ts reports damage). */
export async function ooxmlDdeHits(zip: OpenedZip): Promise<DdeHit[]> {
  const out: DdeHit[] = [];
  let budget = OOXML_TOTAL_BYTES;
  const parts = zip.entries.filter((e) => !e.directory && !e.encrypted && (WORD_PARTS.test(e.name) || LINK_PARTS.test(e.name) || SHEET_PARTS.test(e.name)));
  for (const entry of parts.slice(0, OOXML_MAX_PARTS)) {
    if (budget <= 0 || out.length >= MAX_HITS) break;
    let data: Buffer;
    try {
      data = await readPart(zip, entry, Math.min(DDE_MAX_TEXT, budget));
      budget -= data.length;
    } catch {
      continue;
    }
    // Only parts that can hold DDE are decoded, as latin1 (the markup, program names and switches
    // are ASCII; UTF-8 decoding costs several times more on a long document)
    if (WORD_PARTS.test(entry.name)) {
      if (data.includes('instrText') || data.includes('fldSimple')) out.push(...wordDdeHits(data.toString('latin1')));
    } else if (LINK_PARTS.test(entry.name)) {
      if (/\.bin$/i.test(entry.name)) out.push(...xlsbDdeHits(data)); // .xlsb: BIFF12 records
      else if (data.includes('ddeLink')) out.push(...ddeLinkHits(data.toString('latin1')));
    } else if (data.includes('|')) out.push(...formulaDdeHits(sheetFormulas(data.toString('latin1'))));
  }
  return out.slice(0, MAX_HITS);
}

/**
 * A part's first `max` bytes. Deflated parts are read raw and inflated in one synchronous call
 * (yauzl's inflating stream costs ~0.4 ms more on a 100 KB document.xml, for every .docx); a part
 * that inflates past `max` is read again through the capped stream, which keeps its head.
 */
async function readPart(zip: OpenedZip, entry: ZipEntryInfo, max: number): Promise<Buffer> {
  if (entry.compressionMethod === 8 && entry.uncompressedSize <= max) {
    const raw = await zip.readRaw(entry);
    try {
      return inflateRawSync(raw, { maxOutputLength: Math.max(1, max) });
    } catch {
      // past the cap (its declared size lied) or corrupt: the stream below says which
    }
  }
  return zip.read(entry, max, { truncate: true });
}

/** The formulas of a sheet part (`<f>…</f>`), one per line, entities decoded. */
function sheetFormulas(xml: string): string {
  const out: string[] = [];
  const re = /<(?:[A-Za-z][\w.-]{0,20}:)?f\b[^<>]{0,400}>([^<]{1,65536})/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) if (m[1]!.includes('|')) out.push(`=${decodeXmlText(m[1]!)}`);
  return out.join('\n');
}

// ---- legacy Word (.doc) ----

/**
 * DDE fields in a legacy Word document's `WordDocument` stream: the text keeps a field as 0x13
 * (begin), the instruction, 0x14 (separator) or 0x15 (end), in 8-bit or UTF-16 characters, whatever
 * the formatting runs. Each 'DDE' met is looked at once, within MAX_INSTR characters.
 */
export function wordBinaryDdeHits(stream: Buffer): DdeHit[] {
  const out: DdeHit[] = [];
  const b = stream.subarray(0, DDE_MAX_TEXT);
  for (const wide of [false, true]) {
    const needle = Buffer.from('DDE', wide ? 'utf16le' : 'latin1');
    const unit = wide ? 2 : 1;
    for (let at = b.indexOf(needle); at >= 0 && out.length < MAX_HITS; at = b.indexOf(needle, at + needle.length)) {
      let p = at - unit;
      while (p >= 0 && b[p] === 0x20 && (!wide || b[p + 1] === 0) && at - p < 16 * unit) p -= unit;
      if (p < 0 || b[p] !== 0x13 || (wide && b[p + 1] !== 0)) continue;
      let end = at;
      const stop = Math.min(b.length - unit + 1, at + MAX_INSTR * unit);
      while (end < stop && !((b[end] === 0x14 || b[end] === 0x15) && (!wide || b[end + 1] === 0))) end += unit;
      const hit = ddeField(b.toString(wide ? 'utf16le' : 'latin1', at, end), 'word-field');
      if (hit) out.push(hit);
    }
  }
  return out;
}
