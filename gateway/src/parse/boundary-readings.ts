import { trimEndWhile } from '../trim.js';

/**
 * The boundaries other parsers may read from a Content-Type whose boundary parameter is folded
 * (`boundary="abc\r\n def"`) or, unquoted, holds whitespace (`boundary=abc def`).
 *
 * RFC 5322 unfolding removes only the line break: "abc def", which is what mailsplit (and so the
 * gateway) splits by. Other readers differ: Python's compat32 policy keeps the line break in the
 * value (no line matches it, the body is one text part), some cut the value at the fold ("abc"),
 * some drop the fold with its whitespace ("abcdef"), and an unquoted token ends at the first space
 * ("abc", RFC 2045). A sender who writes delimiter lines for one of those readings shows that
 * reader parts the gateway never split out.
 */

/** Longest Content-Type value looked at (a boundary is at most 70 characters; RFC 2046). */
const MAX_VALUE = 4096;

export interface BoundaryReadings {
  /** The value was folded (a line break inside it), not just spaced. */
  folded: boolean;
  /** Boundaries other parsers may split by, each different from the one the gateway uses. */
  others: Buffer[];
}

const isWsp = (c: number) => c === 0x20 || c === 0x09;
const isSpace = (c: number) => isWsp(c) || c === 0x0d || c === 0x0a;

/** Where the first `boundary` parameter's value starts in a raw (still folded) value; -1 if none. */
function valueStart(raw: string): number {
  const lower = raw.toLowerCase();
  for (let at = lower.indexOf('boundary'); at !== -1; at = lower.indexOf('boundary', at + 1)) {
    let before = at - 1;
    while (before >= 0 && isSpace(lower.charCodeAt(before))) before--;
    if (before >= 0 && lower[before] !== ';') continue;
    let i = at + 'boundary'.length;
    while (i < lower.length && isSpace(lower.charCodeAt(i))) i++;
    if (lower[i] !== '=') continue;
    i++;
    while (i < lower.length && isSpace(lower.charCodeAt(i))) i++;
    return i;
  }
  return -1;
}

/**
 * The readings of a folded value: `kept` with each line break removed (RFC 5322 unfolding),
 * `joined` with each fold removed with the whitespace after it, `cut` up to the first line break.
 */
function unfold(value: string): { kept: string; joined: string; cut: string } {
  let kept = '';
  let joined = '';
  let cut: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x0d && c !== 0x0a) {
      kept += value[i];
      joined += value[i];
      continue;
    }
    cut ??= kept;
    let j = i;
    while (j < value.length && (value.charCodeAt(j) === 0x0d || value.charCodeAt(j) === 0x0a)) j++;
    const ws = j;
    while (j < value.length && isWsp(value.charCodeAt(j))) j++;
    kept += value.slice(ws, j);
    i = j - 1;
  }
  return { kept, joined, cut: cut ?? kept };
}

/**
 * The other readings of the boundary parameter in `raw` (a Content-Type value as it stood, folds
 * included), given the boundary the gateway uses; undefined when the parameter is neither folded
 * nor an unquoted value with whitespace (every parser reads it alike).
 */
export function boundaryReadings(raw: string, used: string): BoundaryReadings | undefined {
  // the field's own line end is no fold
  const text = trimEndWhile(raw.slice(0, MAX_VALUE), (c) => c === 0x0d || c === 0x0a);
  const start = valueStart(text);
  if (start === -1) return undefined;
  let value: string;
  const quoted = text[start] === '"';
  if (quoted) {
    let end = start + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    value = text.slice(start + 1, Math.min(end, text.length));
  } else {
    const semi = text.indexOf(';', start);
    value = text.slice(start, semi === -1 ? text.length : semi);
  }
  const folded = value.includes('\n') || value.includes('\r');
  const { kept, joined, cut } = unfold(value);
  const readings = [kept, joined, cut];
  if (!quoted) {
    // an RFC 2045 token ends at the first space
    const trimmed = kept.trim();
    let end = 0;
    while (end < trimmed.length && !isSpace(trimmed.charCodeAt(end))) end++;
    if (end === trimmed.length && !folded) return undefined;
    readings.push(trimmed.slice(0, end));
  } else if (!folded) {
    return undefined;
  }
  const others = new Map<string, Buffer>();
  for (const reading of readings) {
    const b = reading.trim();
    // a boundary with 8-bit characters counts as none (mailsplit, Python)
    if (!b || b === used || others.has(b) || Buffer.byteLength(b) !== b.length) continue;
    others.set(b, Buffer.from(b, 'latin1'));
  }
  return { folded, others: [...others.values()] };
}
