/**
 * Transfer encodings and header encodings, written out here so that line endings and line
 * lengths are ours to choose (the banner must use the message's own line ending).
 */

const HEX = '0123456789ABCDEF';

function isHex(byte: number | undefined): boolean {
  return (
    byte !== undefined &&
    ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66))
  );
}

/**
 * Quoted-printable encoding (RFC 2045 6.7). Line breaks in the input (CRLF or LF) become hard line
 * breaks written as `eol`; a lone CR is escaped. Lines are soft-wrapped at 76 characters.
 * `softEnd`: end the output with a soft line break instead of leaving the last line open, so that
 * whatever follows continues the same decoded line.
 * `escapeLeadingDash`: a '-' that starts an encoded line is written '=2D', so that no line of the
 * output can read as a multipart delimiter ('--boundary') of the message around it.
 */
export function encodeQp(input: Buffer, eol: string, opts: { softEnd?: boolean; escapeLeadingDash?: boolean } = {}): string {
  const out: string[] = [];
  let line = '';
  // `last`: the end of the input (no line break follows, but decoders still drop a space ending it)
  const flushLine = (hard: boolean, last = false): void => {
    // a space or tab at the end of an encoded line would be dropped by decoders
    const end = line.charCodeAt(line.length - 1);
    if ((hard || last) && (end === 0x20 || end === 0x09)) {
      line = line.slice(0, -1) + (end === 0x20 ? '=20' : '=09');
      if (line.length > 76) {
        out.push(line.slice(0, -3) + '=' + eol);
        line = line.slice(-3);
      }
    }
    out.push(line + (hard ? eol : ''));
    line = '';
  };
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === 0x0a || (byte === 0x0d && input[i + 1] === 0x0a)) {
      if (byte === 0x0d) i++;
      flushLine(true);
      continue;
    }
    const escaped = '=' + HEX[byte >> 4] + HEX[byte & 15];
    let token = (byte >= 33 && byte <= 126 && byte !== 0x3d) || byte === 0x20 || byte === 0x09 ? String.fromCharCode(byte) : escaped;
    if (line.length + token.length > 75) {
      out.push(line + '=' + eol);
      line = '';
    }
    if (byte === 0x2d && line.length === 0 && opts.escapeLeadingDash) token = escaped;
    line += token;
  }
  if (line.length > 0) {
    if (opts.softEnd) {
      out.push(line + '=' + eol);
    } else {
      flushLine(false, true);
    }
  }
  return out.join('');
}

/**
 * Quoted-printable decoding that also says, for every decoded byte, where it starts in the raw
 * input (`offsets[k]`; `offsets[bytes.length]` is the raw length). Lenient like mail clients:
 * an '=' not followed by two hex digits or a line break stays literal.
 */
export function decodeQpWithOffsets(raw: Buffer): { bytes: Buffer; offsets: Uint32Array } {
  const bytes = Buffer.allocUnsafe(raw.length);
  const offsets = new Uint32Array(raw.length + 1);
  let n = 0;
  let i = 0;
  while (i < raw.length) {
    const byte = raw[i] as number;
    if (byte === 0x3d) {
      const a = raw[i + 1];
      const b = raw[i + 2];
      if (isHex(a) && isHex(b)) {
        offsets[n] = i;
        bytes[n++] = parseInt(String.fromCharCode(a as number, b as number), 16);
        i += 3;
        continue;
      }
      // soft line break: '=' [spaces/tabs] (CRLF | LF)
      let j = i + 1;
      while (raw[j] === 0x20 || raw[j] === 0x09) j++;
      if (raw[j] === 0x0a) {
        i = j + 1;
        continue;
      }
      if (raw[j] === 0x0d && raw[j + 1] === 0x0a) {
        i = j + 2;
        continue;
      }
      if (j >= raw.length) {
        // '=' at the very end: a soft break without a line ending
        i = j;
        continue;
      }
    }
    offsets[n] = i;
    bytes[n++] = byte;
    i++;
  }
  offsets[n] = raw.length;
  return { bytes: bytes.subarray(0, n), offsets: offsets.subarray(0, n + 1) };
}

export function decodeQp(raw: Buffer): Buffer {
  return decodeQpWithOffsets(raw).bytes;
}

/** Base64 in lines of 76 characters, each ended with `eol` (the last one too when `finalEol`). */
export function encodeBase64(input: Buffer, eol: string, finalEol = true): string {
  const b64 = input.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(eol) + (finalEol && lines.length > 0 ? eol : '');
}

/** Lenient base64 decoding: whitespace and stray characters are skipped, as mail clients do. */
export function decodeBase64(raw: Buffer): Buffer {
  return Buffer.from(raw.toString('latin1').replace(/[^A-Za-z0-9+/]/g, ''), 'base64');
}

/** Decodes a body according to its Content-Transfer-Encoding; unknown encodings are returned as they are. */
export function decodeTransfer(raw: Buffer, cte: string): Buffer {
  if (cte === 'base64') return decodeBase64(raw);
  if (cte === 'quoted-printable') return decodeQp(raw);
  return raw;
}

/** RFC 2047 encoded words (UTF-8, base64), split so that no word is longer than 75 characters. */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(' ');
}

/** True when the string is printable US-ASCII (space to tilde). */
export function isPrintableAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/**
 * A MIME parameter as one or more `key=value` strings: a quoted string when the value is printable
 * ASCII, otherwise RFC 2231 UTF-8 percent-encoding split into continuations of at most 60 characters.
 */
export function buildParam(key: string, value: string): string[] {
  if (isPrintableAscii(value) && value.length <= 60) {
    return [`${key}="${value.replace(/["\\]/g, '\\$&')}"`];
  }
  const encoded = Array.from(Buffer.from(value, 'utf8'))
    .map((b) =>
      (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2e || b === 0x2d || b === 0x5f
        ? String.fromCharCode(b)
        : '%' + HEX[b >> 4] + HEX[b & 15],
    )
    .join('');
  const pieces: string[] = [];
  let rest = encoded;
  while (rest.length > 0) {
    let cut = Math.min(60, rest.length);
    // never split a %XX escape
    const pct = rest.lastIndexOf('%', cut - 1);
    if (pct >= 0 && pct > cut - 3 && cut < rest.length) cut = pct;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (pieces.length === 1) return [`${key}*=utf-8''${pieces[0]}`];
  return pieces.map((p, i) => `${key}*${i}*=${i === 0 ? "utf-8''" : ''}${p}`);
}
