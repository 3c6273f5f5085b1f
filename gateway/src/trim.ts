/**
 * Trimming written as loops. `/x+$/` looks like one pass but is not: the engine tries each start
 * position in a run of x and scans the run to its end before failing, so a long run that is not at
 * the end of the string costs its length squared (64 KB of '\r' inside a header value took seconds).
 * These are linear whatever the input.
 */

/** `s` without its trailing UTF-16 units for which `drop` is true. */
export function trimEndWhile(s: string, drop: (code: number) => boolean): string {
  let end = s.length;
  while (end > 0 && drop(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without its leading UTF-16 units for which `drop` is true. */
export function trimStartWhile(s: string, drop: (code: number) => boolean): string {
  let start = 0;
  while (start < s.length && drop(s.charCodeAt(start))) start++;
  return start === 0 ? s : s.slice(start);
}

/** `s` without trailing copies of the one-unit string `ch`: trimEnd(url, '/') for /\/+$/. */
export function trimEndChar(s: string, ch: string): string {
  const c = ch.charCodeAt(0);
  return trimEndWhile(s, (u) => u === c);
}

/** A unit test for a regular expression matching one character (no surrogate pairs): `unitTest(/[\s.]/u)`. */
export function unitTest(re: RegExp): (code: number) => boolean {
  return (code) => re.test(String.fromCharCode(code));
}
