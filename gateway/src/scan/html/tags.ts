/**
 * Start tags of one element in raw HTML, read in one pass. Written this way because the obvious
 * expression, /<img\b[^>]*?\bsrc\s*=\s*["']?\s*(…)/, backtracks over everything after an unclosed
 * tag from every "<img" (14 KB of crafted HTML took 5 s, a 256 KB window hours). Here the
 * attributes of a tag end at the next '<' or '>' and are at most MAX_TAG characters long, so every
 * character is looked at once; the caller then tests each tag with an expression that cannot
 * backtrack (no two adjacent repetitions of the same characters).
 */
const MAX_TAG = 4096;

const cache = new Map<string, RegExp>();

/** The attribute text of every `<name …` start tag in `html` (case-insensitive). */
export function* startTags(html: string, name: string): Generator<string> {
  let re = cache.get(name);
  if (!re) {
    re = new RegExp(`<${name}\\b([^<>]{0,${MAX_TAG}})`, 'gi');
    cache.set(name, re);
  }
  // a fresh copy: generators of the same element may be read at the same time
  const scan = new RegExp(re.source, re.flags);
  for (let m = scan.exec(html); m; m = scan.exec(html)) yield m[1]!;
}
