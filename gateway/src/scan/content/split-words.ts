import type { ParsedMessage } from '../../parse/types.js';
import type { Finding } from '../types.js';

/**
 * Words cut apart by empty markup: `W<span style="font-size:0"></span>e h<span></span>ave d<b></b>etected`.
 * On screen the text reads normally; in the source no word is whole, so keyword filters and phrase
 * lists see nothing. Editors do not write this: a styled first letter, a tracked change or a spelling
 * mark holds text between its tags. Counted: a letter, one or more inline elements that open and
 * close with nothing in between, and a letter again.
 */

/** How much of the HTML body is read (the phishing page is at the top; bodies can be megabytes). */
const HTML_READ = 300_000;
/** Cuts before the text counts as disguised: one or two can be an editor's slip, dozens are a tool. */
export const MIN_SPLIT_WORDS = 10;

/** One empty inline element; no nesting, so the expression cannot backtrack. */
const EMPTY_ELEMENT = /<(?:span|font|b|i|u|s|em|strong|small|sup|sub|ins|del|a|label|q)(?:\s[^<>]{0,400})?><\/(?:span|font|b|i|u|s|em|strong|small|sup|sub|ins|del|a|label|q)\s?>/gi;
const MARK = '\u0001';
/** A letter, the mark(s) that replaced empty elements, a letter. */
const CUT = /\p{L}\u0001+(?=\p{L})/gu;

/** Number of places where a word is cut by empty elements. */
export function splitWordCount(html: string): number {
  if (html === '') return 0;
  const marked = html.slice(0, HTML_READ).replace(/\u0001/g, '').replace(EMPTY_ELEMENT, MARK);
  // CUT needs a mark, and marks are only where empty elements were (the HTML's own were removed):
  // HTML without empty elements is answered by one indexOf instead of a Unicode regex over all of it.
  if (!marked.includes(MARK)) return 0;
  let n = 0;
  for (const _ of marked.matchAll(CUT)) n++;
  return n;
}

/** content.obfuscated-text tagged 'markup' when MIN_SPLIT_WORDS or more cuts are found. */
export function splitWordsFinding(message: ParsedMessage): Finding | undefined {
  const n = splitWordCount(message.html);
  if (n < MIN_SPLIT_WORDS) return undefined;
  return {
    scanner: 'content',
    kind: 'content.obfuscated-text',
    detail: `the HTML cuts words apart with ${n} empty elements between their letters (it reads normally on screen, but no word is whole for a filter)`,
    subject: `${n} cuts`,
    tags: ['markup'],
  };
}
