import iconv from 'iconv-lite';

/**
 * Charsets for the banner. The banner is written in the part's own charset when that charset can
 * hold Vietnamese (UTF-8, windows-1258, VISCII, ...); see text-part.ts for what happens otherwise.
 */

/** Lower-case charset name without quotes; '' when none. */
export function normalizeCharset(charset: string | false | undefined): string {
  return (charset || '').trim().replace(/^["']|["']$/g, '').toLowerCase();
}

export function isUtf8(charset: string): boolean {
  return charset === 'utf-8' || charset === 'utf8';
}

export function isAsciiLabel(charset: string): boolean {
  return charset === '' || charset === 'us-ascii' || charset === 'ascii' || charset === 'ansi_x3.4-1968';
}

/** Charsets in which ASCII text is not encoded as ASCII bytes (a plain ASCII insertion would be garbage). */
export function isAsciiIncompatible(charset: string): boolean {
  return /^(utf-?16|utf-?32|ucs-?2|ucs-?4|utf-?7|unicode)/.test(charset);
}

export function isKnownCharset(charset: string): boolean {
  try {
    return charset !== '' && iconv.encodingExists(charset);
  } catch {
    return false;
  }
}

export function decodeCharset(bytes: Buffer, charset: string): string {
  if (isUtf8(charset)) return bytes.toString('utf8');
  if (isAsciiLabel(charset) || !isKnownCharset(charset)) return bytes.toString('latin1');
  return iconv.decode(bytes, charset, { stripBOM: false });
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * Vietnamese in windows-1258 keeps the vowel letters (â, ă, ê, ô, ơ, ư) precomposed but writes the
 * five tone marks as combining characters: 'ế' is 'ê' + U+0301. Returns the text in that form.
 */
export function separateToneMarks(text: string): string {
  return Array.from(text.normalize('NFC'))
    .map((ch) => {
      const nfd = ch.normalize('NFD');
      const tones = nfd.match(TONE_MARKS);
      if (!tones) return ch;
      return nfd.replace(TONE_MARKS, '').normalize('NFC') + tones.join('');
    })
    .join('');
}

/**
 * `text` encoded in `charset` when the charset can represent it exactly (checked by decoding it
 * back), trying the precomposed form first and the separate-tone-mark form second; undefined when
 * it cannot. UTF-8 always can.
 */
export function encodeExactly(text: string, charset: string): Buffer | undefined {
  if (isUtf8(charset)) return Buffer.from(text, 'utf8');
  if (!isKnownCharset(charset)) return undefined;
  const target = text.normalize('NFC');
  for (const form of [target, separateToneMarks(target)]) {
    try {
      const bytes = iconv.encode(form, charset, { addBOM: false });
      if (iconv.decode(bytes, charset, { stripBOM: false }).normalize('NFC') === target) return bytes;
    } catch {
      // this charset cannot encode: try the next form
    }
  }
  return undefined;
}

/** True when `bytes` decode in `charset` and encode back to the same bytes (nothing would be lost by converting). */
export function decodesLosslessly(bytes: Buffer, charset: string): boolean {
  if (isAsciiLabel(charset)) return isAsciiBytes(bytes);
  if (!isKnownCharset(charset)) return false;
  if (isUtf8(charset)) return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
  try {
    const text = iconv.decode(bytes, charset, { stripBOM: false });
    return iconv.encode(text, charset, { addBOM: false }).equals(bytes);
  } catch {
    return false;
  }
}

export function isAsciiBytes(bytes: Buffer): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

/** Vietnamese without diacritics, for parts whose charset is unknown: still readable by Vietnamese readers. */
export function toAscii(text: string): string {
  return text
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x09\x0a\x0d\x20-\x7e]/g, '?');
}
