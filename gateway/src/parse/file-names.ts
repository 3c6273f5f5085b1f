import libmime from './libmime.js';
import { decodeWords, type RawField } from './headers.js';
import { continuationsAsWritten, extendedWithoutCharset, laterPieceCharset, nameReadings } from './name-readings.js';

/**
 * Every name one MIME part gives its file. mailparser reports one (Content-Disposition filename=,
 * else Content-Type name=, RFC 2231 filename*= before a plain filename=, the first of two spellings
 * of the same parameter), but mail clients choose differently: Outlook and Gmail may show name= where
 * Thunderbird saves filename=, an older client reads filename= where a newer one reads filename*=,
 * and some decode an encoded word inside a quoted or RFC 2231 value. An attacker puts "invoice.pdf"
 * where the gateway looks and "invoice.exe" where the reader's client looks; so every reading is
 * kept, and the scanner checks each name (Attachment.otherNames).
 */

/** Names kept per part, and characters per name: enough for any real part, bounded for a hostile one. */
const MAX_NAMES = 16;
const MAX_NAME = 1024;
/** A parameter as written: `; key = "quoted"` or `; key = token`. */
const PARAM = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/g;

export interface DeclaredNames {
  /** The name mailparser (and act/'s mailsplit) report for the part, under each way they may read it. */
  keys: string[];
  /** Every name a client might use, the reported one included. */
  all: string[];
}

/** The file names declared in a part's header fields; undefined when it declares none. */
export function declaredNames(fields: readonly RawField[]): DeclaredNames | undefined {
  const ct = fields.filter((f) => f.key === 'content-type').map((f) => f.value);
  const cd = fields.filter((f) => f.key === 'content-disposition').map((f) => f.value);
  // every reading below needs a name= or filename= parameter (comments or RFC 2231 sections inside
  // the key only remove characters): a part without n…a…m…e in its fields has no name to read
  if (!ct.some(mayName) && !cd.some(mayName)) return undefined;
  return readNames(ct, cd);
}

/** declaredNames without the quick test (exported for the test that checks the quick test changes nothing). */
export function readNames(ct: readonly string[], cd: readonly string[]): DeclaredNames | undefined {
  const names = new Set<string>();
  const add = (value: string | undefined) => {
    if (!value || names.size >= MAX_NAMES) return;
    const cut = value.slice(0, MAX_NAME);
    names.add(cut);
    names.add(decodeWords(cut));
    // a NUL, an encoded word in a charset libmime leaves undecoded (name-readings.ts)
    for (const other of nameReadings(cut)) names.add(other);
  };
  const keys = new Set<string>();
  for (const stripComments of [false, true]) {
    const first = (v: string | undefined, param: string) => (v === undefined ? undefined : parsed(v, stripComments)[param]);
    const reported = first(cd[0], 'filename') || first(ct[0], 'name');
    if (reported) keys.add(reported.slice(0, MAX_NAME)).add(decodeWords(reported.slice(0, MAX_NAME)));
  }
  for (const [values, param] of [[cd, 'filename'], [ct, 'name']] as const) {
    for (const value of values.slice(0, 4)) {
      for (const stripComments of [false, true]) add(parsed(value, stripComments)[param]);
      for (const raw of rawParams(value, param)) add(raw);
      add(continuationsAsWritten(allRawParams(value), param));
      add(extendedWithoutCharset(allRawParams(value), param));
      add(laterPieceCharset(allRawParams(value), param));
    }
  }
  if (names.size === 0) return undefined;
  return { keys: [...keys], all: [...names].filter((n) => n.trim() !== '') };
}

/** Whether n, a, m, e occur in this order in `value`, case aside: a name parameter could be in it. */
export function mayName(value: string): boolean {
  const want = 'name';
  let k = 0;
  for (let i = 0; i < value.length && k < 4; i++) {
    const c = value.charCodeAt(i) | 0x20;
    if (c === want.charCodeAt(k)) k++;
  }
  return k === 4;
}

function parsed(value: string, stripComments: boolean): Record<string, string> {
  try {
    return libmime.parseHeaderValue(value.slice(0, 8192), { stripComments }).params;
  } catch {
    return {};
  }
}

/** Values of the plain parameter `param` as written, every spelling of it (NAME=, name=), unquoted. */
function rawParams(value: string, param: string): string[] {
  return allRawParams(value)
    .filter(([key]) => key.toLowerCase() === param)
    .map(([, v]) => v);
}

/** Every parameter as written, in order: [key, value unquoted]. */
function allRawParams(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const m of value.slice(0, 8192).matchAll(PARAM)) {
    let v = m[2]!.trim();
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    out.push([m[1]!, v]);
  }
  return out;
}
