import libmime from './libmime.js';

/**
 * Readings of a declared file name that libmime (and so the gateway) does not make, but a mail
 * client may (file-names.ts keeps them all, the scanner checks each):
 * - a NUL byte: a client written in C ends the name there ("a.vbs\0.pdf" is saved as "a.vbs");
 * - an encoded word in a charset libmime cannot decode: it is left as it stands, while a client
 *   that knows the charset decodes it. UTF-7 above all (refused here on purpose, decoded by
 *   Outlook and Thunderbird): "=?utf-7?Q?a+AC4-vbs?=" is "a+AC4-vbs" here, "a.vbs" there. An
 *   unknown one is also read byte for byte (ASCII-compatible charsets agree on the letters);
 * - RFC 2231 continuations out of order (filename*1= before filename*0=): libmime and Python sort
 *   them, a client that joins them as written reads another name.
 * - adjacent encoded words of one charset whose bytes only make sense joined (a word ending inside
 *   a UTF-8 character, unpadded base64); an RFC 2231 extended value without its charset'lang' prefix.
 * Modelled on the parameter and encoded-word cases of Python's email tests (test_email.py:
 * rfc2231 continuations, unknown charsets) and Go's mime.WordDecoder tests.
 */

/** Encoded words looked at per value, and characters of a charset name. */
const MAX_WORDS = 16;
const MAX_CHARSET = 64;

const supported = new Map<string, boolean>();
/** Whether libmime decodes this charset (the same answer as prescan's isCharsetSupported). */
function decodes(charset: string): boolean {
  const key = charset.toLowerCase();
  let known = supported.get(key);
  if (known === undefined) {
    known = libmime.createDecodeStream(key).supported;
    if (supported.size < 256) supported.set(key, known);
  }
  return known;
}

interface EncodedWord {
  start: number;
  end: number;
  charset: string;
  bytes: Buffer;
}

/** The RFC 2047 encoded words of a value (=?charset?Q|B?text?=), found by a plain scan. */
function encodedWords(value: string): EncodedWord[] {
  const words: EncodedWord[] = [];
  for (let at = value.indexOf('=?'); at !== -1 && words.length < MAX_WORDS; at = value.indexOf('=?', at + 2)) {
    const q1 = value.indexOf('?', at + 2);
    if (q1 === -1 || q1 - at - 2 > MAX_CHARSET) continue;
    const mode = value[q1 + 1]?.toUpperCase();
    if ((mode !== 'Q' && mode !== 'B') || value[q1 + 2] !== '?') continue;
    const close = value.indexOf('?=', q1 + 3);
    if (close === -1) break;
    const charset = value.slice(at + 2, q1).split('*')[0]!.trim();
    const text = value.slice(q1 + 3, close);
    words.push({ start: at, end: close + 2, charset, bytes: mode === 'B' ? Buffer.from(text, 'base64') : qDecode(text) });
    at = close;
  }
  return words;
}

function qDecode(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const hex = c === '=' ? Number.parseInt(text.slice(i + 1, i + 3), 16) : Number.NaN;
    if (!Number.isNaN(hex) && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(hex);
      i += 2;
    } else out.push(c === '_' ? 0x20 : c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(out);
}

/** UTF-7 (RFC 2152): "+" modified base64 of UTF-16BE "-", "+-" is "+". */
export function decodeUtf7(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '+') {
      out += text[i];
      continue;
    }
    let j = i + 1;
    while (j < text.length && /[A-Za-z0-9+/]/.test(text[j]!)) j++;
    if (j === i + 1) out += '+';
    else {
      const bytes = Buffer.from(text.slice(i + 1, j), 'base64');
      for (let k = 0; k + 1 < bytes.length; k += 2) out += String.fromCharCode((bytes[k]! << 8) | bytes[k + 1]!);
    }
    i = text[j] === '-' ? j : j - 1;
  }
  return out;
}

/** The charsets of the encoded words in `value` that libmime cannot decode (a client may). */
export function undecodedCharsets(value: string): string[] {
  return encodedWords(value.slice(0, 8192))
    .map((w) => w.charset)
    .filter((c) => c && !decodes(c));
}

/** Other readings of one declared name (see the top of this file); none when every reader agrees. */
export function nameReadings(name: string): string[] {
  const out: string[] = [];
  const nul = name.indexOf('\0');
  if (nul !== -1) out.push(name.slice(0, nul));
  const words = encodedWords(name).filter((w) => w.charset && !decodes(w.charset));
  if (words.length) {
    for (const decode of [(b: Buffer) => b.toString('latin1'), (b: Buffer) => decodeUtf7(b.toString('latin1'))]) {
      let text = '';
      let pos = 0;
      for (const w of words) {
        text += name.slice(pos, w.start) + decode(w.bytes);
        pos = w.end;
      }
      out.push(text + name.slice(pos));
    }
  }
  // adjacent encoded words in one charset, each decoded (unpadded base64 included) and their bytes
  // joined before the charset is applied, as Python's decode_header does: a word may end inside a
  // UTF-8 character; libmime joins the encoded text instead and reads garbage
  const joined = joinedWords(name);
  if (joined !== undefined) out.push(joined);
  return out;
}

function joinedWords(name: string): string | undefined {
  const words = encodedWords(name);
  if (words.length < 2) return undefined;
  let text = '';
  let pos = 0;
  for (let i = 0; i < words.length; ) {
    let j = i + 1;
    while (j < words.length && words[j]!.charset.toLowerCase() === words[i]!.charset.toLowerCase() && name.slice(words[j - 1]!.end, words[j]!.start).trim() === '') j++;
    const run = words.slice(i, j);
    const bytes = Buffer.concat(run.map((w) => w.bytes));
    const charset = words[i]!.charset;
    let decoded: string;
    try {
      decoded = charset && decodes(charset) ? libmime.decodeWords(`=?${charset}?B?${bytes.toString('base64')}?=`) : bytes.toString('latin1');
    } catch {
      decoded = bytes.toString('latin1');
    }
    text += name.slice(pos, words[i]!.start) + decoded;
    pos = run[run.length - 1]!.end;
    i = j;
  }
  return text + name.slice(pos);
}

/**
 * The value of an RFC 2231 extended parameter (`filename*=`) that lacks the charset'lang' prefix
 * (one tick or none, Python's test_rfc2231_single_tick): libmime keeps it as written, Python
 * percent-decodes it anyway ("utf-8'a%2Evbs" is "utf-8'a.vbs"). Undefined when there is nothing to add.
 */
export function extendedWithoutCharset(params: ReadonlyArray<readonly [string, string]>, param: string): string | undefined {
  const value = params.find(([key]) => key.toLowerCase() === `${param}*`)?.[1];
  if (value === undefined || value.split("'").length >= 3 || !value.includes('%')) return undefined;
  return value.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/**
 * The value of RFC 2231 continuations `param*0=`, `param*1=`... joined in the order they are
 * written, when that is not their numeric order (libmime sorts them); undefined otherwise.
 * `params`: the raw parameters of one header value, as file-names.ts reads them (key, value unquoted).
 */
export function continuationsAsWritten(params: ReadonlyArray<readonly [string, string]>, param: string): string | undefined {
  const pieces: Array<{ n: number; value: string; extended: boolean }> = [];
  for (const [key, value] of params) {
    const k = key.toLowerCase();
    if (!k.startsWith(`${param}*`)) continue;
    const rest = k.slice(param.length + 1);
    const extended = rest.endsWith('*');
    const digits = extended ? rest.slice(0, -1) : rest;
    if (!/^[0-9]{1,3}$/.test(digits)) continue;
    pieces.push({ n: Number(digits), value, extended });
  }
  if (pieces.length < 2 || pieces.every((p, i) => i === 0 || pieces[i - 1]!.n < p.n)) return undefined;
  return pieces
    .map((p) => {
      if (!p.extended) return p.value;
      // the piece numbered 0 carries charset'lang' before its value
      const v = p.n === 0 ? p.value.slice(p.value.indexOf("'", p.value.indexOf("'") + 1) + 1) : p.value;
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    })
    .join('');
}

/**
 * RFC 2231 continuations where a piece after the first carries its own charset'lang' prefix
 * (`filename*0="hoa-don"; filename*1*=utf-8''%2Evbs`): only the first piece may, so a strict reader
 * percent-decodes the later one as it is — "hoa-donutf-8''.vbs", a script — while libmime keeps it
 * undecoded (no extension at all). That reading, in numeric order; undefined when no later piece has
 * a tick. Found by the generated fixture rfc2231-charset-later-piece (test-fixtures/malformed/generate.mjs).
 */
export function laterPieceCharset(params: ReadonlyArray<readonly [string, string]>, param: string): string | undefined {
  const pieces: Array<{ n: number; value: string; extended: boolean }> = [];
  for (const [key, value] of params) {
    const m = /^(\d{1,3})(\*?)$/.exec(key.toLowerCase().startsWith(`${param}*`) ? key.slice(param.length + 1) : '');
    if (m) pieces.push({ n: Number(m[1]), value, extended: m[2] === '*' });
  }
  if (!pieces.some((p) => p.n > 0 && p.extended && p.value.includes("'"))) return undefined;
  return pieces
    .sort((a, b) => a.n - b.n)
    .map((p) => {
      if (!p.extended) return p.value;
      const v = p.n === 0 ? p.value.slice(p.value.indexOf("'", p.value.indexOf("'") + 1) + 1) : p.value;
      return v.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    })
    .join('');
}
