import type { Observation } from './checks.js';
import { byteArrayRun, longerRun } from './html-arrays.js';

/**
 * What the scripts of an HTML attachment do, read as text (never run): the two shapes of today's
 * credential-phishing and malware attachments.
 *
 *  - HTML smuggling: the page carries a file (a zip, a program, a disk image) encoded inside itself
 *    and has the browser build and save it (`new Blob(…)`, `msSaveOrOpenBlob`, `URL.createObjectURL`,
 *    an `<a download>` with a data:/blob: address). The file never crosses the mail gateway as an
 *    attachment of its own, so no attachment check sees it.
 *  - Obfuscated loaders: script that decodes hidden content and writes or runs it (`atob`,
 *    `unescape`, `decodeURIComponent`, `String.fromCharCode` into `document.write`, `eval`,
 *    `Function`), or sends the browser to a remote page (`location.href = "https://…"`, often with the
 *    recipient's address, in base64, appended so the fake sign-in page is pre-filled).
 *
 * Linear: every check is a scan over the text with regexes that cannot backtrack far (each match
 * starts at a fixed word and its repetitions are of one character class, bounded) or a plain loop;
 * 4 MB of adversarial text is read in well under a second (tested).
 */

export interface ScriptTraits {
  /** How the page builds a file in the browser: blob, save-blob, object-url, download-link, embedded-file. */
  fileBuilding: string[];
  /** The longest run of encoded data in script, page text or a download link: what could be a carried file. */
  payload?: EncodedRun;
  /** Decoders called: atob, unescape, decode-uri, from-char-code. */
  decoders: string[];
  /** Sinks called: document-write, eval, function. */
  sinks: string[];
  /** A decoder's result goes straight into a sink: document.write(unescape(…)), eval(atob(…)). */
  decodedIntoSink: boolean;
  /** Longest encoded run inside script text (decoded by the script at run time, or a payload). */
  scriptEncoded?: EncodedRun;
  /** Script sends the browser to an absolute http(s) address, or a meta refresh does. */
  remoteRedirect: boolean;
  /** Script sends the browser to a decoded address: location = atob(…). */
  decodedRedirect: boolean;
  /** Hosts of the remote redirects, for the finding's detail (at most MAX_HOSTS). */
  redirectHosts: string[];
  /** The remote redirects' addresses in full (at most MAX_HOSTS), for the URL checks (walk-html.ts). */
  redirectUrls: string[];
  /** Those of them that meta refreshes give (which the parser also reads in an HTML attachment). */
  refreshUrls: string[];
}

/** A data: (or blob:) address handing a file to the browser: a download link, or a frame/embed/object. */
export interface DataUrl {
  how: 'download-link' | 'embedded-file';
  url: string;
}

export interface EncodedRun {
  encoding: 'base64' | 'percent' | 'escape' | 'hex' | 'byte-array';
  /** Length in characters. */
  chars: number;
  /** The file type its decoded bytes start with (zip, exe, ...), when recognised. */
  type?: string;
}

/** Encoded runs at least this long in script text are "encoded data" (a hidden page or script). */
const ENCODED_MIN = { base64: 200, percent: 150, escape: 150, hex: 400, 'byte-array': 600 } as const;
/** ... and at least this long a carried file (a zip of a small program is a few KB). */
// a list of byte values (html-arrays.ts) takes 2-4 characters a byte, and counts only when it looks like a file
const PAYLOAD_MIN = { base64: 1000, percent: 1500, escape: 1500, hex: 2000, 'byte-array': 1000 } as const;
const MAX_HOSTS = 5;

const DECODERS: readonly [string, RegExp][] = [
  ['atob', /\batob\s{0,64}\(/],
  ['unescape', /\bunescape\s{0,64}\(/],
  ['decode-uri', /\bdecodeURI(?:Component)?\s{0,64}\(/],
  ['from-char-code', /\bfromCharCode\s{0,64}\(/],
];
const SINKS: readonly [string, RegExp][] = [
  ['document-write', /\bdocument\s{0,64}\.\s{0,64}write(?:ln)?\s{0,64}\(/],
  ['eval', /\beval\s{0,64}\(/],
  ['function', /\bFunction\s{0,64}\(/],
];
const DECODER_CALL = String.raw`(?:window\s{0,8}\.\s{0,8}|String\s{0,8}\.\s{0,8})?(?:atob|unescape|decodeURI(?:Component)?|fromCharCode)\s{0,64}\(`;
const DECODED_INTO_SINK = new RegExp(String.raw`(?:\bdocument\s{0,64}\.\s{0,64}write(?:ln)?|\beval|\bFunction)\s{0,64}\(\s{0,64}${DECODER_CALL}`);
const FILE_BUILDING: readonly [string, RegExp][] = [
  ['blob', /\bnew\s{1,64}Blob\s{0,64}\(/],
  ['save-blob', /\bmsSaveOrOpenBlob\b|\bmsSaveBlob\b/],
  ['object-url', /\bcreateObjectURL\s{0,64}\(/],
  ['download-link', /\.\s{0,64}download\s{0,64}=[^=]|setAttribute\s{0,64}\(\s{0,64}["']download["']/],
];
/** location = "https://…", location.href = '//…', location.replace("https://…"), window.open("https://…"). */
const REMOTE_REDIRECT =
  /\blocation\s{0,64}(?:\.\s{0,64}href\s{0,64})?=\s{0,64}["'`]((?:https?:)?\/\/[^"'`\s/?#\\]{1,253})|\blocation\s{0,64}\.\s{0,64}(?:replace|assign)\s{0,64}\(\s{0,64}["'`]((?:https?:)?\/\/[^"'`\s/?#\\]{1,253})|\bwindow\s{0,64}\.\s{0,64}open\s{0,64}\(\s{0,64}["'`](https?:\/\/[^"'`\s/?#\\]{1,253})/g;
const DECODED_REDIRECT = new RegExp(
  String.raw`\blocation\s{0,64}(?:\.\s{0,64}href\s{0,64})?=\s{0,64}${DECODER_CALL}|\blocation\s{0,64}\.\s{0,64}(?:replace|assign)\s{0,64}\(\s{0,64}${DECODER_CALL}`,
);

/**
 * Reads the scripts (`script`: script elements, event handlers, javascript: addresses, joined),
 * the page's other text (`text`, for payloads kept in hidden elements; not style sheets), the data:
 * addresses of download links and embedded frames (`dataUrls`; pictures are not among them) and
 * the addresses meta refreshes go to.
 */
export function scriptTraits(script: string, text: string, dataUrls: readonly DataUrl[], metaRefreshUrls: readonly string[]): ScriptTraits {
  const t: ScriptTraits = {
    fileBuilding: FILE_BUILDING.filter(([, re]) => re.test(script)).map(([tag]) => tag),
    decoders: DECODERS.filter(([, re]) => re.test(script)).map(([tag]) => tag),
    sinks: SINKS.filter(([, re]) => re.test(script)).map(([tag]) => tag),
    decodedIntoSink: DECODED_INTO_SINK.test(script),
    remoteRedirect: false,
    decodedRedirect: DECODED_REDIRECT.test(script),
    redirectHosts: [],
    redirectUrls: [],
    refreshUrls: [],
  };
  const urls = new Set<string>();
  const keep = (url: string) => {
    if (urls.size < MAX_HOSTS) urls.add(url.startsWith('//') ? `https:${url}` : url);
  };
  const hosts = new Set<string>();
  REMOTE_REDIRECT.lastIndex = 0;
  for (let m = REMOTE_REDIRECT.exec(script); m; m = REMOTE_REDIRECT.exec(script)) {
    t.remoteRedirect = true;
    const start = (m[1] ?? m[2] ?? m[3])!;
    if (hosts.size < MAX_HOSTS) hosts.add(start.replace(/^(?:https?:)?\/\//i, '').toLowerCase());
    // (the pattern stops at the host: the rest of the address runs to the closing quote)
    const end = m.index + m[0].length;
    keep(start + /^[^"'`\s]{0,2048}/.exec(script.slice(end, end + 2048))![0]);
  }
  for (const url of metaRefreshUrls) {
    const m = /^(?:https?:)?\/\/([^"'\s/?#\\]{1,253})/i.exec(url);
    if (!m) continue;
    t.remoteRedirect = true;
    if (hosts.size < MAX_HOSTS) hosts.add(m[1]!.toLowerCase());
    keep(url);
    t.refreshUrls.push(url.startsWith('//') ? `https:${url}` : url);
  }
  t.redirectHosts = [...hosts];
  t.redirectUrls = [...urls];

  const plain = longestRun(script);
  // a list of byte values is a carried file only when it looks like one (html-arrays.ts): chart data is not
  const array = byteArrayRun(script);
  const inScript = longerRun(plain, array?.run);
  if (inScript && inScript.chars >= ENCODED_MIN[inScript.encoding]) t.scriptEncoded = inScript;
  const candidates = [plain, array?.carriesFile ? array.run : undefined, longestRun(text), ...dataUrls.slice(0, 50).map((d) => longestRun(d.url))];
  for (const c of candidates) {
    if (c && c.chars >= PAYLOAD_MIN[c.encoding] && (!t.payload || c.chars > t.payload.chars)) t.payload = c;
  }
  for (const d of dataUrls) if (!t.fileBuilding.includes(d.how)) t.fileBuilding.push(d.how);
  return t;
}

/**
 * The findings of one HTML file (besides 'attachment.html-form'):
 *  - 'attachment.html-smuggling' when it builds a file in the browser from a payload it carries;
 *    tags: how it builds it, 'embedded-payload', and the payload's file type when known (zip, exe …);
 *  - 'attachment.html-loader' when it runs decoded content or redirects to a remote page; tags: the
 *    decoders and sinks used, 'encoded-data', 'remote-redirect', 'decoded-redirect',
 *    'recipient-address' (the recipient's address, plain or in base64, is in the file), and two
 *    summaries the policy acts on: 'runs-decoded' (decoded content is written into the page or run)
 *    and 'obfuscated-redirect' (a remote redirect together with decoding, encoded data or the
 *    recipient's address).
 * `recipientInFile` is asked only when a loader is found (it scans the file once per address).
 */
export function scriptObservations(t: ScriptTraits, recipientInFile: () => boolean): Observation[] {
  const out: Observation[] = [];
  if (t.fileBuilding.length > 0 && t.payload) {
    const p = t.payload;
    const tags = [...t.fileBuilding, 'embedded-payload', ...(p.type ? [p.type] : [])];
    out.push({
      kind: 'attachment.html-smuggling',
      detail: `HTML builds a file in the browser (${t.fileBuilding.join(', ')}) from ${p.chars} characters of ${p.encoding} data it carries${p.type ? ` (a ${p.type} file)` : ''}`,
      tags,
    });
  }
  const runsDecoded = t.decodedIntoSink || (t.decoders.length > 0 && t.sinks.length > 0 && t.scriptEncoded !== undefined);
  const redirect = t.remoteRedirect || t.decodedRedirect;
  if (runsDecoded || redirect) {
    const recipient = recipientInFile();
    const tags = [...t.decoders, ...t.sinks];
    if (t.scriptEncoded) tags.push('encoded-data');
    if (t.remoteRedirect) tags.push('remote-redirect');
    if (t.decodedRedirect) tags.push('decoded-redirect');
    if (recipient) tags.push('recipient-address');
    if (runsDecoded) tags.push('runs-decoded');
    if (t.decodedRedirect || (t.remoteRedirect && (t.decoders.length > 0 || t.scriptEncoded || recipient))) tags.push('obfuscated-redirect');
    const what: string[] = [];
    if (runsDecoded) what.push(`runs decoded content (${[...t.decoders, ...t.sinks].join(', ')})`);
    if (t.remoteRedirect) what.push(`redirects to ${t.redirectHosts.join(', ') || 'a remote page'}`);
    if (t.decodedRedirect) what.push('redirects to a decoded address');
    if (recipient) what.push("holds the recipient's address");
    // (the redirects' addresses also go through the URL checks and are listed with the message's links)
    out.push({ kind: 'attachment.html-loader', detail: `HTML script ${what.join('; ')}`, tags, ...(t.redirectUrls.length > 0 ? { urls: t.redirectUrls } : {}) });
  }
  return out;
}

/**
 * Does the text hold one of the addresses, as written, %-encoded (@ as %40) or in base64 (at any
 * of the three alignments, standard or URL-safe alphabet)? Case-insensitive for the plain forms.
 */
export function mentionsAddress(text: string, addresses: readonly string[]): boolean {
  let lower: string | undefined;
  for (const raw of addresses.slice(0, 10)) {
    const addr = raw.trim().toLowerCase();
    if (addr.length < 6 || !addr.includes('@')) continue;
    lower ??= text.toLowerCase();
    if (lower.includes(addr) || lower.includes(addr.replace('@', '%40'))) return true;
    for (const form of base64Forms(addr)) if (text.includes(form)) return true;
  }
  return false;
}

/** The base64 characters that encode `s` whatever its alignment in the encoded data (3 forms, and their URL-safe versions). */
export function base64Forms(s: string): string[] {
  const bytes = Buffer.from(s, 'utf8');
  const out = new Set<string>();
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    // characters that depend only on the bytes of `s`: skip those mixed with the k bytes before it,
    // and the last ones, mixed with what follows
    const first = Math.ceil((8 * k) / 6);
    const last = Math.floor((8 * (k + bytes.length)) / 6); // exclusive
    const form = enc.slice(first, last);
    if (form.length >= 8) {
      out.add(form);
      out.add(form.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...out];
}

const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') B64[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/**
 * The longest run of encoded data in the text, in one pass: base64 (standard or URL-safe; JS
 * string concatenation "…" + "…" and line breaks inside a run are read through), %XX escapes,
 * \xXX / \uXXXX escapes, or plain hex digits.
 */
export function longestRun(text: string): EncodedRun | undefined {
  let best: { encoding: EncodedRun['encoding']; start: number; end: number; chars: number } | undefined;
  const consider = (encoding: EncodedRun['encoding'], start: number, end: number, chars: number) => {
    if (chars > 0 && (!best || chars > best.chars)) best = { encoding, start, end, chars };
  };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x25 /* % */ || c === 0x5c /* \ */) {
      // a run of %XX or \xXX / \uXXXX escapes
      const start = i;
      let chars = 0;
      const percent = c === 0x25;
      while (i < n) {
        if (percent && text.charCodeAt(i) === 0x25 && isHex(text, i + 1, 2)) i += 3;
        else if (!percent && text.charCodeAt(i) === 0x5c && (text[i + 1] === 'x' || text[i + 1] === 'X') && isHex(text, i + 2, 2)) i += 4;
        else if (!percent && text.charCodeAt(i) === 0x5c && text[i + 1] === 'u' && isHex(text, i + 2, 4)) i += 6;
        else break;
        chars = i - start;
      }
      if (chars > 0) {
        consider(percent ? 'percent' : 'escape', start, i, chars);
        continue;
      }
      i = start + 1;
      continue;
    }
    if (c < 128 && B64[c]) {
      const start = i;
      let chars = 0;
      let hexOnly = true;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128 && B64[d]) {
          if (!HEX[d]) hexOnly = false;
          chars++;
          i++;
          continue;
        }
        // read through '="+"', "'+'", line breaks and '=' padding inside a long run
        const skip = joinLength(text, i);
        if (skip > 0 && chars >= 16) {
          i += skip;
          continue;
        }
        break;
      }
      consider(hexOnly ? 'hex' : 'base64', start, i, chars);
      if (i === start) i++;
      continue;
    }
    i++;
  }
  if (!best) return undefined;
  const run: EncodedRun = { encoding: best.encoding, chars: best.chars };
  const type = carriedType(text, best);
  if (type) run.type = type;
  return run;
}

/**
 * Length of a join inside an encoded run: '=' padding, escaped or real line breaks, a string
 * concatenation (`" +\n  "`), followed by more of the run. Plain spaces never join (words stay words).
 */
function joinLength(text: string, i: number): number {
  const m = JOIN.exec(text.slice(i, i + 48));
  return m ? m[0].length : 0;
}
// Each piece of a join can be matched only one way (one '=' at a time, line breaks only after the
// concatenation when there is one): with '={1,2}' inside the repetition, 48 '=' before a character
// that ends the run could be split in billions of ways before failing, and one 14 KB HTML file
// (found by the fuzzer) took 97 s.
const JOIN = /^(?:\\[nr]|=|\r?\n)*(?:["'`]\s{0,16}\+\s{0,16}["'`](?:\\[nr]|\r?\n)*)?(?=[A-Za-z0-9+/_-])/;

function isHex(text: string, at: number, count: number): boolean {
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(at + k);
    if (!(c < 128 && HEX[c])) return false;
  }
  return true;
}

const MAGIC: readonly [string, Buffer][] = [
  ['zip', Buffer.from('PK\x03\x04', 'latin1')],
  ['exe', Buffer.from('MZ', 'latin1')],
  ['rar', Buffer.from('Rar!', 'latin1')],
  ['7z', Buffer.from('377abcaf271c', 'hex')],
  ['gz', Buffer.from('1f8b', 'hex')],
  ['ole', Buffer.from('d0cf11e0a1b11ae1', 'hex')],
  ['pdf', Buffer.from('%PDF-', 'latin1')],
  ['lnk', Buffer.from('4c0000000114020000000000c000000000000046', 'hex')],
  ['iso', Buffer.from('4344303031', 'hex')],
];

/** The file type the first bytes of an encoded run decode to (only a few dozen characters are decoded). */
function carriedType(text: string, run: { encoding: EncodedRun['encoding']; start: number; end: number }): string | undefined {
  const head = text.slice(run.start, Math.min(run.end, run.start + 64));
  let bytes: Buffer;
  try {
    if (run.encoding === 'base64') bytes = Buffer.from(head.replace(/["'`\s+=]|\\n/g, '').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    else if (run.encoding === 'hex') bytes = Buffer.from(head.slice(0, head.length - (head.length % 2)), 'hex');
    else bytes = Buffer.from(head.replace(/%|\\x|\\u00/gi, '').replace(/[^0-9a-f]/gi, ''), 'hex');
  } catch {
    return undefined;
  }
  return MAGIC.find(([, magic]) => bytes.subarray(0, magic.length).equals(magic))?.[0];
}
