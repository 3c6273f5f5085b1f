/**
 * The alternatives of a word list (`verify|validate|confirm|click`), grouped by their first
 * character: `v(?:erify|alidate)|c(?:onfirm|lick)`. The readers' word-list expressions
 * (`(?:^|[^a-z0-9])(?:…)(?![a-z0-9])`, lure.ts and the others) try their alternatives at every
 * word start of up to 8,000 characters; grouped, the engine tests each first letter once instead
 * of once per alternative (~30% less time for such an expression).
 *
 * The matches stay exactly the same. At one position only alternatives starting with the character
 * there can match, so moving alternatives with different first characters past each other changes
 * nothing, and alternatives with the same first character keep their order (which one wins, and
 * what backtracking tries next). An alternative whose first character is not a plain literal
 * (a class, an escape, a group, a quantified first letter, a capturing group anywhere) is a fence:
 * it stays where it is and nothing is moved across it. For expressions without the `i` flag only.
 */

/** The literal first character of an alternative, or undefined when it is not one (then it is a fence). */
function literalFirst(alternative: string): string | undefined {
  const first = alternative[0];
  if (first === undefined || !/[a-z0-9 '-]/.test(first)) return undefined;
  const second = alternative[1];
  if (second === '?' || second === '*' || second === '+' || second === '{') return undefined;
  // a capturing group: its number would change with the order; a top-level | would split the alternative
  if (/\((?!\?)/.test(alternative.replace(/\\./g, '')) || topLevelBar(alternative)) return undefined;
  return first;
}

const topLevelBar = (source: string): boolean => alternativesOf(source).length > 1;

/** The top-level alternatives of a regex source: `a|b(?:c|d)|[|]` → `a`, `b(?:c|d)`, `[|]`. */
export function alternativesOf(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
  }
  out.push(source.slice(start));
  return out;
}

/** The alternation of `alternatives` (regex sources), grouped by first character; the same matches in the same order. */
export function groupedAlternatives(alternatives: readonly string[]): string {
  const out: string[] = [];
  let groups = new Map<string, string[]>();
  const flush = (): void => {
    for (const [first, rests] of groups) out.push(rests.length === 1 ? first + rests[0] : `${first}(?:${rests.join('|')})`);
    groups = new Map();
  };
  for (const alternative of alternatives) {
    const first = literalFirst(alternative);
    if (first === undefined) {
      flush();
      out.push(alternative);
      continue;
    }
    const rests = groups.get(first);
    if (rests) rests.push(alternative.slice(1));
    else groups.set(first, [alternative.slice(1)]);
  }
  flush();
  return out.join('|');
}

/**
 * A word list as the readers write it: one of `alternatives` (regex sources, plain letters first) as
 * whole words of folded text, `(?:^|[^a-z0-9])(?:…)(?![a-z0-9])`, grouped by first letter. A match
 * starts at the boundary character before the word. `before`: the characters that may not stand
 * before the word (a class body; crypto-claim.ts adds `$`).
 */
export function wordList(alternatives: readonly string[], flags = 'g', before = 'a-z0-9'): RegExp {
  if (flags.includes('i')) throw new Error('wordList: alternatives grouped by first letter need case-sensitive matching');
  const loose = alternatives.map(hyphenLoose);
  const re = new WordListRegExp(`(?:^|[^${before}])(?:${groupedAlternatives(loose)})(?![a-z0-9])`, flags, listAnchors(loose));
  if (builtWordLists.length < MAX_REGISTERED) builtWordLists.push(re);
  return re;
}

/** Every word list built (the scanners build theirs once, at load): the tests check each one's anchors. */
export const builtWordLists: WordListRegExp[] = [];
const MAX_REGISTERED = 1000;

/**
 * A word-list expression that first checks whether the text holds one of its anchors (listAnchors),
 * literal pieces of which every match holds one. When none is there it answers "no match" at once,
 * exactly as the expression would after reading the whole text: exec returns null (and, global or
 * sticky, resets lastIndex), test false, matchAll nothing, match null. Most lists are about another
 * language or another lure than the message's, so ~20 passes over 5,000 characters (~10 µs each)
 * become a few lookups in one table of the text's three-character pieces (pieceTable). When an
 * anchor is there, the expression runs as it always did.
 */
export class WordListRegExp extends RegExp {
  /** matchAll, split and the like clone the expression: a plain RegExp (the check was made before). */
  static override get [Symbol.species](): RegExpConstructor {
    return RegExp;
  }

  /** The anchors (undefined: always run) and, per anchor, its pieces (anchorPieces). */
  readonly anchors: readonly string[] | undefined;
  private readonly pieces: Int32Array[];

  constructor(source: string, flags: string, anchors: readonly string[] | undefined) {
    super(source, flags);
    this.anchors = anchors;
    this.pieces = (anchors ?? []).map(anchorPieces);
  }

  /** Whether `text` holds one of the anchors (always true without anchors): false means no match anywhere in it. */
  mayMatch(text: string): boolean {
    if (this.anchors === undefined) return true;
    const table = pieceTable(text);
    for (let a = 0; a < this.anchors.length; a++) {
      const pieces = this.pieces[a]!;
      // bit j of `at`: the anchor may start at a position ≡ j (mod 32), as far as its pieces tell
      let at = -1;
      for (let k = 0; k < pieces.length && at !== 0; k += 2) {
        const mask = table[pieces[k]!]!;
        const shift = pieces[k + 1]!;
        at &= (mask >>> shift) | (mask << (32 - shift));
      }
      if (at !== 0 && text.includes(this.anchors[a]!)) return true;
    }
    return false;
  }

  override exec(text: string): RegExpExecArray | null {
    const s = String(text);
    if (!this.mayMatch(s)) {
      if (this.global || this.sticky) this.lastIndex = 0;
      return null;
    }
    return super.exec(s);
  }

  override [Symbol.matchAll](text: string): RegExpStringIterator<RegExpMatchArray> {
    const s = String(text);
    if (!this.mayMatch(s)) return [][Symbol.iterator]() as unknown as RegExpStringIterator<RegExpMatchArray>;
    return super[Symbol.matchAll](s);
  }
}

/** Slots of the piece table: 2^12. */
const TABLE_BITS = 12;
/** Stands for "no unit" in the slot of a single unit. */
const NO_UNIT = 0x10000;

/** The slot of the three UTF-16 units a, b, c (a piece of one non-ASCII unit: a = b = NO_UNIT). */
const slotOf = (a: number, b: number, c: number): number => Math.imul((a * 0x20000 + b) ^ Math.imul(c, 0x9e3779b1), 0x85ebca6b) >>> (32 - TABLE_BITS);

/**
 * The pieces of an anchor, as (slot, offset) pairs: each run of three units, at the offset of its
 * last unit, and each non-ASCII unit alone (a CJK anchor has two units), at its own offset. An
 * ASCII anchor shorter than three has none: includes() alone decides.
 */
function anchorPieces(anchor: string): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < anchor.length; i++) {
    const c = anchor.charCodeAt(i);
    if (i >= 2) out.push(slotOf(anchor.charCodeAt(i - 2), anchor.charCodeAt(i - 1), c), i & 31);
    if (c >= 0x80) out.push(slotOf(NO_UNIT, NO_UNIT, c), i & 31);
  }
  return Int32Array.from(out);
}

/**
 * The piece table of the last text looked at (the scanners read the same folded text one list after
 * another): per slot, bit j set when a piece of that slot ends at a position ≡ j (mod 32). An anchor
 * at position p sets, for each of its pieces, the bit (p + offset) mod 32 of its slot; rotated back
 * by the offsets, all of them keep the bit p mod 32. Where the rotated masks have no bit in common,
 * the anchor is nowhere in the text; where they have, includes() tells for sure. (Words of one
 * language share their three-letter pieces: without the positions, "kien hang" looked present in
 * any Vietnamese text.)
 */
let tableText: string | undefined;
const table = new Int32Array(1 << TABLE_BITS);

function pieceTable(text: string): Int32Array {
  if (text === tableText) return table;
  table.fill(0);
  let a = NO_UNIT;
  let b = NO_UNIT;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const bit = 1 << (i & 31);
    if (i >= 2) table[slotOf(a, b, c)]! |= bit;
    if (c >= 0x80) table[slotOf(NO_UNIT, NO_UNIT, c)]! |= bit;
    a = b;
    b = c;
  }
  tableText = text;
  return table;
}

/**
 * The anchors of a list of alternatives (regex sources as the expression holds them, after
 * hyphenLoose): literal strings such that every match of every alternative holds one of them. One
 * alternative without a sure literal piece (see requiredLiterals) leaves the whole list without
 * anchors (undefined: always run).
 */
export function listAnchors(alternatives: readonly string[]): string[] | undefined {
  const out = new Set<string>();
  for (const alternative of alternatives) {
    const required = requiredLiterals(alternative);
    if (required === undefined) return undefined;
    for (const r of required) out.add(r);
  }
  // an anchor that holds another one adds nothing: the shorter is there whenever the longer is
  const all = [...out];
  return all.filter((x) => !all.some((y) => y !== x && x.includes(y)));
}

/**
 * Literal strings of which every match of `source` holds at least one, or undefined when unsure.
 * Read: plain characters and escaped punctuation (`\.`, `\$`) as themselves; a quantified atom (`s?`,
 * `x+`, `(?:es)?`), a class (`[oa]`), `.`, `\d`, `\s`, `\w`, `\b`, `^`, `$` and lookarounds end a
 * literal run; a group that must match gives the literals of its alternatives. Anything else (other
 * escapes, back-references, `{` that is not a quantifier, a stray `)` or `]`) makes it unsure.
 * Of the candidates the one whose shortest string is longest wins.
 */
export function requiredLiterals(source: string): string[] | undefined {
  const alternatives = alternativesOf(source);
  if (alternatives.length > 1) {
    const out: string[] = [];
    for (const alternative of alternatives) {
      const r = requiredLiterals(alternative);
      if (r === undefined) return undefined;
      out.push(...r);
    }
    return out;
  }
  let best: string[] | undefined;
  const consider = (candidate: string[] | undefined): void => {
    if (candidate === undefined || candidate.length === 0) return;
    const shortest = (xs: string[]): number => Math.min(...xs.map((x) => x.length));
    if (shortest(candidate) === 0) return;
    if (best === undefined || shortest(candidate) > shortest(best) || (shortest(candidate) === shortest(best) && candidate.length < best.length)) best = candidate;
  };
  let run = '';
  const endRun = (): void => {
    consider(run === '' ? undefined : [run]);
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let atom: { literal: string } | { group: string[] | undefined } | 'other';
    let end: number;
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) return undefined;
      if (/[dDwWsSbB]/.test(e)) atom = 'other';
      else if (/[A-Za-z0-9]/.test(e)) return undefined;
      else atom = { literal: e };
      end = i + 2;
    } else if (c === '[') {
      const close = classEnd(source, i);
      if (close < 0) return undefined;
      end = close + 1;
      atom = 'other';
    } else if (c === '(') {
      const close = groupEnd(source, i);
      if (close < 0) return undefined;
      end = close + 1;
      if (source.startsWith('(?:', i)) atom = { group: requiredLiterals(source.slice(i + 3, close)) };
      else if (/^\(\?<?[=!]/.test(source.slice(i, i + 4))) atom = 'other';
      else if (source[i + 1] === '?') return undefined; // named groups and anything else unusual
      else atom = { group: requiredLiterals(source.slice(i + 1, close)) };
    } else if (c === '.' || c === '^' || c === '$') {
      atom = 'other';
      end = i + 1;
    } else if (/[)\]{}|*+?]/.test(c)) {
      return undefined;
    } else {
      atom = { literal: c };
      end = i + 1;
    }
    // the quantifier after the atom, if any
    const q = /^(?:([?*])|(\+)|\{(\d+)(?:,(\d*))?\})\??/.exec(source.slice(end));
    if (source[end] === '{' && !q) return undefined;
    const optional = q !== null && (q[1] !== undefined || (q[3] !== undefined && Number(q[3]) === 0));
    if (q) end += q[0].length;
    if (atom !== 'other' && 'literal' in atom && !q) run += atom.literal;
    else {
      // a repeated literal is there at least once (x+), a run with it stops after it
      if (atom !== 'other' && 'literal' in atom && !optional) run += atom.literal;
      endRun();
      if (atom !== 'other' && 'group' in atom && !optional) consider(atom.group);
    }
    i = end;
  }
  endRun();
  return best;
}

/** The index of the `]` that closes the class opened at `start`, or -1. */
function classEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']' && i > start + 1) return i;
    else if (source[i] === ']') return -1; // `[]`: nothing we read
  }
  return -1;
}

/** The index of the `)` that closes the group opened at `start`, or -1. */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * An alternative whose literal hyphens (`-` or `-?` outside a class) match a hyphen, a space or
 * nothing: the readers read de-obfuscated text, where "connectez-vous" is "connectez vous" (two
 * words: a space) and "e-mail" is "email" (a one-letter piece: joined), so a list word written
 * with its hyphen ("connectez-vous", "two-factor", "re-enter") matched neither.
 */
export function hyphenLoose(alternative: string): string {
  if (!alternative.includes('-')) return alternative;
  let out = '';
  let inClass = false;
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i]!;
    if (c === '\\') {
      out += c + (alternative[i + 1] ?? '');
      i++;
    } else if (inClass) {
      inClass = c !== ']';
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '-') {
      out += '[- ]?';
      if (alternative[i + 1] === '?') i++;
    } else out += c;
  }
  return out;
}
