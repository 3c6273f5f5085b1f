import { endianness } from 'node:os';
import type { Policy, PolicyList } from '../../policy/types.js';
import { deobfuscate } from './deobfuscate.js';
import { foldText, INVISIBLE_BMP, isWordUnit } from './fold.js';
import { HARMFUL_LISTS } from './harmful-lists.js';

/** One phrase of one list, as written there. */
export interface PhraseEntry {
  list: string;
  phrase: string;
}

interface Pattern {
  length: number;
  /** Whether the folded pattern begins / ends with a word character: then it needs a boundary there. */
  boundaryStart: boolean;
  boundaryEnd: boolean;
  entries: PhraseEntry[];
}

const ASCII = 128;

/**
 * All phrases of all phrase lists in one Aho-Corasick automaton over folded text, matched on word
 * boundaries. ASCII transitions (nearly all of folded Vietnamese) are a dense table, so the scan is
 * one array read per character; other characters follow the trie and its failure links.
 *
 * The table has one column per ASCII character that occurs in some phrase, plus one (column 0) for
 * all the others, which lead back to the root from every state. With the default policy that is
 * ~45 columns instead of 128: the table shrinks from 2.3 MB to under 1 MB, and under load, with
 * other work between two messages, the scan misses the cache far less (findFolded was ~2% of the
 * gateway's CPU under the bench's 10 KB load, ~70 µs a message against 17 µs in a tight loop).
 */
export class PhraseMatcher {
  private readonly patterns: Pattern[] = [];
  /** Column of each ASCII unit in `delta` (0: in no phrase). */
  private readonly column = new Uint8Array(ASCII);
  /** Columns of `delta`: 1 + the distinct ASCII units of the phrases. */
  private width = 1;
  /** Dense ASCII transitions, state * width + column; 16-bit while the states fit (half the memory, fewer cache misses). */
  private delta: Int32Array | Uint16Array = new Int32Array(0);
  private other: Map<number, number>[] = [new Map()];
  /** The trie's ASCII edges (by column) while it is built; dropped once `delta` holds them. */
  private asciiGoto: Int32Array[] = [];
  private fail: Int32Array = new Int32Array(1);
  private output: number[][] = [[]];
  /** 1 for the states with an output: findFolded reads this byte, not output[s], at every character. */
  private terminal = new Uint8Array(1);
  /**
   * 1 for the non-ASCII units some phrase holds. Any other unit has no edge anywhere in the trie, so
   * every state goes back to the root on it, which findFolded then knows without walking failure
   * links (exact text keeps its diacritics: a third of its units are non-ASCII, most in no phrase).
   */
  private readonly inSomePhrase = new Uint8Array(0x10000);

  /**
   * `normalise` turns text (and each phrase) into the form matched: by default foldText
   * (no case, no diacritics); exactText for lists declared `match: exact`.
   */
  constructor(
    entries: Iterable<PhraseEntry>,
    private readonly normalise: (text: string) => string = foldText,
  ) {
    const byFolded = new Map<string, Pattern>();
    const normalised: Array<[PhraseEntry, string]> = [];
    for (const entry of entries) {
      const folded = normalise(entry.phrase).trim();
      if (folded === '') continue;
      normalised.push([entry, folded]);
      for (let i = 0; i < folded.length; i++) {
        const c = folded.charCodeAt(i);
        if (c < ASCII && this.column[c] === 0) this.column[c] = this.width++;
        if (c >= ASCII) this.inSomePhrase[c] = 1;
      }
    }
    this.asciiGoto.push(new Int32Array(this.width).fill(-1));
    for (const [entry, folded] of normalised) {
      let pattern = byFolded.get(folded);
      if (!pattern) {
        pattern = {
          length: folded.length,
          boundaryStart: isWordUnit(folded.charCodeAt(0)),
          boundaryEnd: isWordUnit(folded.charCodeAt(folded.length - 1)),
          entries: [],
        };
        byFolded.set(folded, pattern);
        this.insert(folded, this.patterns.length);
        this.patterns.push(pattern);
      }
      if (!pattern.entries.some((e) => e.list === entry.list && e.phrase === entry.phrase)) pattern.entries.push(entry);
    }
    this.renumberBreadthFirst();
    this.build();
  }

  get size(): number {
    return this.patterns.length;
  }

  private insert(word: string, id: number): void {
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let next = c < ASCII ? this.asciiGoto[s]![this.column[c]!]! : (this.other[s]!.get(c) ?? -1);
      if (next === -1) {
        next = this.asciiGoto.length;
        this.asciiGoto.push(new Int32Array(this.width).fill(-1));
        this.other.push(new Map());
        this.output.push([]);
        if (c < ASCII) this.asciiGoto[s]![this.column[c]!] = next;
        else this.other[s]!.set(c, next);
      }
      s = next;
    }
    this.output[s]!.push(id);
  }

  /**
   * Numbers the trie's states breadth first (the root, then every state one character deep, ...).
   * Insertion numbered them phrase by phrase, which scatters the shallow states the scan sits in most
   * of the time over the whole table; breadth first, they share the table's first rows, which stay in
   * the cache while other work runs between two messages. Only the numbering changes: the same
   * transitions, failure links and outputs, so the same matches.
   */
  private renumberBreadthFirst(): void {
    const order = [0];
    for (let head = 0; head < order.length; head++) {
      const s = order[head]!;
      for (const t of this.asciiGoto[s]!) if (t !== -1) order.push(t);
      for (const t of this.other[s]!.values()) order.push(t);
    }
    const rank = new Int32Array(order.length);
    order.forEach((s, i) => {
      rank[s] = i;
    });
    this.asciiGoto = order.map((s) => this.asciiGoto[s]!.map((t) => (t === -1 ? -1 : rank[t]!)));
    this.other = order.map((s) => new Map([...this.other[s]!].map(([c, t]) => [c, rank[t]!])));
    this.output = order.map((s) => this.output[s]!);
  }

  private build(): void {
    const n = this.asciiGoto.length;
    const W = this.width;
    this.fail = new Int32Array(n);
    this.delta = new Int32Array(n * W);
    const queue: number[] = [];
    for (let c = 0; c < W; c++) {
      const t = this.asciiGoto[0]![c]!;
      this.delta[c] = t === -1 ? 0 : t;
      if (t !== -1) queue.push(t);
    }
    for (const t of this.other[0]!.values()) queue.push(t);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const f = this.fail[s]!;
      if (this.output[f]!.length > 0) this.output[s] = [...this.output[s]!, ...this.output[f]!];
      for (let c = 0; c < W; c++) {
        const t = this.asciiGoto[s]![c]!;
        if (t === -1) {
          this.delta[s * W + c] = this.delta[f * W + c]!;
        } else {
          this.delta[s * W + c] = t;
          this.fail[t] = s === 0 ? 0 : this.delta[f * W + c]!;
          queue.push(t);
        }
      }
      for (const [c, t] of this.other[s]!) {
        this.fail[t] = this.stepOther(f, c, s === 0);
        queue.push(t);
      }
    }
    for (const t of this.other[0]!.values()) this.fail[t] = 0;
    this.terminal = Uint8Array.from(this.output, (o) => (o.length > 0 ? 1 : 0));
    if (n <= 0xffff) this.delta = Uint16Array.from(this.delta);
    this.asciiGoto = [];
  }

  /** Transition on a non-ASCII unit, following failure links. */
  private stepOther(state: number, c: number, fromRoot = false): number {
    if (fromRoot) return 0;
    let s = state;
    for (;;) {
      const t = this.other[s]!.get(c);
      if (t !== undefined) return t;
      if (s === 0) return 0;
      s = this.fail[s]!;
    }
  }

  /**
   * Every phrase entry found in `folded` (text already passed through foldText). `skip(start,
   * entries)`: an occurrence it answers true for is not counted (a later one of the same phrase may be).
   */
  findFolded(folded: string, skip?: (start: number, entries: readonly PhraseEntry[]) => boolean): PhraseEntry[] {
    const found = new Set<number>();
    if (this.patterns.length === 0) return [];
    const { delta, output, terminal, patterns, column, width, inSomePhrase } = this;
    let s = 0;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      s = c < ASCII ? delta[s * width + column[c]!]! : inSomePhrase[c] === 1 ? this.stepOther(s, c) : 0;
      if (terminal[s] === 0) continue;
      for (const id of output[s]!) {
        if (found.has(id)) continue;
        const p = patterns[id]!;
        const start = i - p.length + 1;
        if (p.boundaryStart && start > 0 && isWordUnit(folded.charCodeAt(start - 1))) continue;
        if (p.boundaryEnd && i + 1 < folded.length && isWordUnit(folded.charCodeAt(i + 1))) continue;
        if (skip?.(start, p.entries)) continue;
        found.add(id);
      }
      if (found.size === patterns.length) break;
    }
    return [...found].sort((a, b) => a - b).flatMap((id) => patterns[id]!.entries);
  }

  find(text: string): PhraseEntry[] {
    return this.findFolded(this.normalise(text));
  }
}

/**
 * For lists matched exactly: NFKC (stylised letters → plain), lower case, invisible characters
 * removed, whitespace collapsed; diacritics KEPT, so "lồn" never matches "lớn" or "lon".
 */
export function exactText(text: string): string {
  return exactFold(text.normalize('NFKC').toLowerCase()).normalize('NFC');
}

/**
 * Texts longer than this with many changes are folded by exactFoldUnits instead of the two
 * `.replace`s. A global `.replace` that changes many places builds its result out of one piece per
 * match: a text of 1.4 million short lines (1.4 million newlines to fold) took ~88 MB of heap in
 * one call, 64 bytes a match, kept until the result was flattened (by the NFC after it).
 */
export const EXACT_PIECE = 64 * 1024;

/**
 * Invisible characters removed, then every whitespace run turned into one space (exactText's
 * middle): by the two regular expressions up to `piece` characters, or when a longer text has few
 * changes; otherwise exactFoldUnits. exact-fold.test.ts compares the two forms on many inputs.
 */
export function exactFold(s: string, piece = EXACT_PIECE): string {
  if (s.length <= piece || changes(s) * CHANGES_FOR_UNITS < s.length) return s.replace(EXACT_INVISIBLE, '').replace(WHITESPACE_TO_FOLD, ' ');
  return exactFoldUnits(s);
}

/**
 * Long texts with fewer changes than one in this many units still go through the expressions:
 * their pieces then take at most ~4 bytes of heap per unit (~64 a change), and `.replace` is
 * faster where most of the text is unchanged (3.7 MB of Vietnamese prose with a line break every
 * 48 characters: ~20 ms against ~50 ms; a text without any change is not even copied).
 */
const CHANGES_FOR_UNITS = 16;

/** About how many places exactFold changes (invisible units, whitespace that is not one lone space): only to choose the form. */
function changes(s: string): number {
  const table = kinds();
  let n = 0;
  let prev = KEEP;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const kind = table[c]!;
    if (kind === DROP || (kind === SPACE && (prev === SPACE || c !== 0x20))) n++;
    prev = kind;
  }
  return n;
}

const FOLD_WINDOW = 8192;
const LITTLE_ENDIAN = endianness() === 'LE';

/** The first n units as a string: Buffer's UTF-16 decoding copies them as they are (a lone half of a pair stays; TextDecoder would make it U+FFFD). */
function unitString(units: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, n * 2).toString('utf16le');
  return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
}

/** For each UTF-16 unit: KEEP, DROP (in INVISIBLE_BMP) or SPACE (JavaScript's `\s`); made once, on first use. */
const KEEP = 0;
const DROP = 1;
const SPACE = 2;
let unitKinds: Uint8Array | undefined;

function kinds(): Uint8Array {
  if (unitKinds) return unitKinds;
  const table = new Uint8Array(0x10000);
  const invisible = new RegExp(`^${INVISIBLE_BMP.source}$`);
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    // the expressions are not Unicode-aware: they see one unit at a time, halves of pairs included
    table[c] = invisible.test(ch) ? DROP : /^\s$/.test(ch) ? SPACE : KEEP;
  }
  return (unitKinds = table);
}

/**
 * exactFold unit by unit, through a table made from the same expressions, into a window of
 * FOLD_WINDOW units turned into a string at a time: the heap it takes is the result and a window
 * (the short-lines text above: 88 → 8 MB, 480 → 40 ms). Exported for its test.
 */
export function exactFoldUnits(s: string): string {
  const table = kinds();
  const window = new Uint16Array(FOLD_WINDOW);
  const out: string[] = [];
  let n = 0;
  let inRun = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const kind = table[c]!;
    if (kind === DROP) continue; // removed before runs are looked at: it does not end one
    if (kind === SPACE) {
      if (inRun) continue;
      inRun = true;
      window[n++] = 0x20;
    } else {
      inRun = false;
      window[n++] = c;
    }
    if (n === FOLD_WINDOW) {
      out.push(unitString(window, n));
      n = 0;
    }
  }
  if (n > 0) out.push(unitString(window, n));
  return out.join('');
}

const EXACT_INVISIBLE = new RegExp(INVISIBLE_BMP.source, 'g');
/**
 * The same result as replacing every /\s+/ run with one space, but it matches only the runs that
 * change (two or more, or one that is not a plain space), so ordinary single spaces cost no
 * replacement: 24 → 6 µs on the bench's 10 KB message, a third of exactText.
 */
const WHITESPACE_TO_FOLD = /\s\s+|[^\S ]/g;

/** Folding for phrase lists: obfuscation undone, then foldText ("risk-free" and "risk free" alike). */
export const foldPhraseText = (text: string): string => foldText(deobfuscate(text).text);
/** Exact matching: obfuscation undone, then exactText. */
export const exactPhraseText = (text: string): string => exactText(deobfuscate(text).text);

/** Whether a phrase list is matched with diacritics (match: exact) rather than folded. */
const isExact = (list: PolicyList): boolean => list.match === 'exact';

const cache = new WeakMap<Policy, PhraseMatcher>();
const exactCache = new WeakMap<Policy, PhraseMatcher>();

function build(policy: Policy, exact: boolean): PhraseMatcher {
  const entries: PhraseEntry[] = [];
  for (const list of policy.lists.values()) {
    // the harmful lists have a reader of their own (harmful.ts)
    if (list.type === 'phrase' && isExact(list) === exact && !HARMFUL_LISTS.has(list.name)) for (const phrase of list.entries) entries.push({ list: list.name, phrase });
  }
  return new PhraseMatcher(entries, exact ? exactPhraseText : foldPhraseText);
}

/** One matcher over every folded list of type phrase in the policy (text: foldPhraseText), built once per Policy object. */
export function phraseMatcher(policy: Policy): PhraseMatcher {
  let m = cache.get(policy);
  if (!m) {
    m = build(policy, false);
    cache.set(policy, m);
  }
  return m;
}

/** One matcher over the phrase lists declared `match: exact` (text: exactPhraseText), built once per Policy object. */
export function exactPhraseMatcher(policy: Policy): PhraseMatcher {
  let m = exactCache.get(policy);
  if (!m) {
    m = build(policy, true);
    exactCache.set(policy, m);
  }
  return m;
}
