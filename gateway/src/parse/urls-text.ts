import { find } from 'linkifyjs';
import type { UrlRef } from './types.js';
import { toUrlRef } from './url-ref.js';

/** Longest whitespace-free run handed to linkify: longer runs are not links anyone clicks. */
const MAX_SEGMENT = 4096;
/**
 * Longest piece of one line handed to linkify at once, cut at whitespace (a link never spans it).
 * linkify builds a token object per word: a 900 KB line without newlines took 200 MB of heap.
 */
const MAX_WINDOW = 16 * 1024;

/** The line in pieces of at most MAX_WINDOW (+ one segment), each ending at whitespace. */
function windows(line: string): string[] {
  if (line.length <= MAX_WINDOW) return [line];
  const out: string[] = [];
  let start = 0;
  while (line.length - start > MAX_WINDOW) {
    let cut = start + MAX_WINDOW;
    // runs of non-space are at most MAX_SEGMENT long here, so whitespace is near
    while (cut < line.length && !/\s/.test(line[cut]!)) cut++;
    out.push(line.slice(start, cut));
    start = cut;
  }
  out.push(line.slice(start));
  return out;
}

/**
 * A line can hold a link only if it has a scheme, `www.`, a punycode label, a dot between a name
 * character and a letter (`example.com`, not the end of a sentence), or a dotted number that may
 * be an IP address, or `name:port`. Prose lines without any of these are not handed to linkify, which is the
 * costly part of parsing plain text.
 */
const URLISH = /:\/\/|www\.|xn--|[\p{L}\p{N}_-]\.\p{L}|\d\.\d+\.\d|\p{L}:\d{2,5}\b/iu;

/** The same pattern, to find every place in a line that may hold a link. */
const URLISH_ALL = new RegExp(URLISH.source, 'giu');

/**
 * The whitespace-delimited words of a line that may hold a link, in order, joined by single spaces.
 * linkify ends every link at whitespace (its scanner's whitespace is JavaScript's `\s`), so it
 * finds the same links in these words as in the whole line, and a paragraph of prose with one
 * link in it costs one word of tokenizing instead of the paragraph. Words longer than MAX_SEGMENT
 * are left out (not links anyone clicks).
 */
function candidateWords(line: string): string {
  const words: string[] = [];
  let taken = 0; // end of the last word taken: later matches inside it are skipped
  URLISH_ALL.lastIndex = 0;
  for (let m = URLISH_ALL.exec(line); m; m = URLISH_ALL.exec(line)) {
    if (m.index < taken) continue;
    let start = m.index;
    while (start > 0 && !/\s/.test(line[start - 1]!)) start--;
    let end = m.index + m[0].length;
    while (end < line.length && !/\s/.test(line[end]!)) end++;
    if (end - start <= MAX_SEGMENT) words.push(line.slice(start, end));
    taken = end;
    URLISH_ALL.lastIndex = end;
  }
  return words.join(' ');
}

/**
 * URLs in plain text, found by linkifyjs (`find`), including scheme-less ones like
 * `dichvucong-gov.vn/login` (taken as http://, as mail clients linkify them). E-mail addresses
 * are not URLs here. Only the words that may hold a link are handed to linkify (candidateWords), in
 * windows, to bound the work.
 */
export function textUrls(text: string, partId?: string): UrlRef[] {
  const refs: UrlRef[] = [];
  for (const line of text.split('\n')) {
    if (!URLISH.test(line)) continue;
    for (const piece of windows(candidateWords(line))) {
      let found: ReturnType<typeof find>;
      try {
        found = find(piece, 'url');
      } catch {
        continue;
      }
      for (const link of found) {
        const ref = toUrlRef(link.href, 'text');
        if (!ref) continue;
        ref.raw = link.value;
        if (partId) ref.partId = partId;
        refs.push(ref);
      }
    }
  }
  return refs;
}
