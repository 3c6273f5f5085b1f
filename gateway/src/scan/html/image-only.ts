import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';
import { startTags } from './tags.js';

/**
 * content.image-only: an HTML body that shows (almost) no words, only pictures — either remote
 * pictures with a link to click ("image spam": the offer is drawn in a picture a filter cannot
 * read, the whole picture is the link), or a picture carried in the message itself with nothing
 * else (the QR-code lure: "scan to keep your mailbox"). Tags: 'remote-image' or 'inline-image',
 * and 'link' when the body has a web link. At most one per message.
 *
 * Ordinary mail says something in words; marketing mail made of one picture exists, so a policy
 * should weigh this with other signs.
 */

/** Fewer letters than this (text and HTML alike; links and mailing boilerplate not counted) is "no words". */
export const IMAGE_ONLY_MAX_LETTERS = 80;
/** Only the start of a large HTML body is searched for pictures. */
const HTML_WINDOW = 256 * 1024;

/** In the attributes of an <img> tag (startTags): where the picture comes from. */
const IMG_SRC = /\bsrc\s*=\s*(?:["']\s*)?(https?:|cid:|data:image\/)/i;
const URL_IN_TEXT = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+/gi;

/**
 * Mailing boilerplate is no message of its own ("unsubscribe", "view in browser", "you are receiving
 * this because…", "hủy đăng ký"): a line or sentence carrying it is not counted as words.
 */
const BOILERPLATE =
  /unsubscribe|opt[- ]?out|view (?:this (?:e-?mail|message) )?(?:in|on) (?:your |a )?(?:browser|web)|you (?:are receiving|received) this|remove yourself|all rights reserved|privacy policy|h[uủ]y đăng k[ýí]|từ chối nhận|ngừng nhận/i;
/** Lines and sentences, as the HTML walk leaves them. */
const SEGMENT = /[^\n.!?]+[.!?]*/g;

/**
 * Letters in text[from..] outside links and boilerplate, counted up to `enough` (then it stops: a
 * body with words is the common case). Read line by line: neither a link (no whitespace in it) nor
 * a segment crosses a line end, so this counts what the whole text would, and a body with words
 * stops after its first lines instead of having every link of it blanked first.
 */
export function letters(text: string, enough = Infinity, from = 0): number {
  let n = 0;
  for (let start = from; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    for (const m of text.slice(start, end).replace(URL_IN_TEXT, ' ').matchAll(SEGMENT)) {
      if (BOILERPLATE.test(m[0])) continue;
      n = countLetters(m[0], n, enough);
      if (n >= enough) return n;
    }
    start = end + 1;
  }
  return n;
}

/** Per UTF-16 unit outside ASCII: 0 not known yet, 1 a letter (\p{L}), 2 not. Filled as units arrive. */
const LETTER_UNIT = new Uint8Array(0x10000);
const ONE_LETTER = /^\p{L}$/u;

/**
 * `n` plus the letters (\p{L} code points, what matchAll(/\p{L}/gu) finds) of `s`, counted up to
 * `enough`. Character by character instead of one match object per letter: that was the largest
 * allocation of the picture-only check (~24 KB per message on the bench's 10 KB message).
 * `image-only.test.ts` compares it with the regex for every BMP character and astral letters.
 */
export function countLetters(s: string, n: number, enough: number): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let letter: boolean;
    if (c < 0x80) {
      const lower = c | 0x20;
      letter = lower >= 0x61 && lower <= 0x7a;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      // a surrogate pair: one code point, rare enough to ask the regex
      letter = ONE_LETTER.test(s.slice(i, i + 2));
      i++;
    } else {
      let known = LETTER_UNIT[c]!;
      if (known === 0) LETTER_UNIT[c] = known = ONE_LETTER.test(String.fromCharCode(c)) ? 1 : 2;
      letter = known === 1;
    }
    if (letter && ++n >= enough) return n;
  }
  return n;
}

/** Letters a reader sees: the longer of the text body and the HTML's visible text (multipart/alternative carries both). */
export function visibleLetters(m: ParsedMessage, enough = Infinity): number {
  const textPart = m.text;
  const inText = letters(textPart, enough);
  if (inText >= enough) return inText;
  const htmlFrom = m.visibleText.startsWith(textPart) ? textPart.length : 0;
  return Math.max(inText, letters(m.visibleText, enough, htmlFrom));
}

export function imageOnlyFinding(m: ParsedMessage): Finding | undefined {
  if (m.html.trim() === '') return undefined;
  if (visibleLetters(m, IMAGE_ONLY_MAX_LETTERS) >= IMAGE_ONLY_MAX_LETTERS) return undefined;
  let remote = 0;
  let inline = 0;
  for (const attributes of startTags(m.html.slice(0, HTML_WINDOW), 'img')) {
    const src = IMG_SRC.exec(attributes);
    if (!src) continue;
    if (src[1]!.toLowerCase().startsWith('http')) remote++;
    else inline++;
  }
  remote += m.urls.filter((u) => u.source === 'css' && !u.partId && /^https?$/.test(u.scheme)).length;
  const link = m.urls.some((u) => (u.source === 'href' || u.source === 'text') && !u.partId && /^https?$/.test(u.scheme));
  // A picture among files (a signature logo beside a PDF) is not a picture-only message.
  const otherFiles = m.attachments.some((a) => a.depth === 0 && !a.contentType.startsWith('image/'));
  const tags: string[] = [];
  if (remote > 0 && link) tags.push('remote-image');
  else if (inline > 0 && !otherFiles) tags.push('inline-image');
  else return undefined;
  if (link) tags.push('link');
  const pictures = remote + inline;
  return {
    scanner: 'content',
    kind: 'content.image-only',
    detail: `the body shows ${visibleLetters(m)} letters and ${pictures} picture${pictures > 1 ? 's' : ''}${link ? ' with a link' : ''}: its message is in the pictures`,
    subject: `${pictures} picture${pictures > 1 ? 's' : ''}`,
    tags,
  };
}
