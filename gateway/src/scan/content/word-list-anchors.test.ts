import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import '../index.js'; // every scanner, so that every word list is built
import { Rng } from '../../../test/fuzz/mutators.js';
import { deobfuscate } from './deobfuscate.js';
import { foldText } from './fold.js';
import { alternativesOf, builtWordLists, hyphenLoose, listAnchors, requiredLiterals, wordList, WordListRegExp } from './word-list.js';

/** A deterministic generator (the fuzzer's mulberry32), so a failure replays. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/**
 * A string the regex source `source` (the syntax the lists use) would likely match: one alternative,
 * optional parts in or out, a class's first listed member or a letter of its range, \d a digit.
 * Only a generator of texts: whether it really matches does not matter, both searches read the same.
 */
function sample(source: string, next: () => number): string {
  const alternatives = alternativesOf(source);
  const alternative = alternatives[Math.floor(next() * alternatives.length)]!;
  let out = '';
  let i = 0;
  while (i < alternative.length) {
    const c = alternative[i]!;
    let piece: () => string;
    if (c === '\\') {
      const e = alternative[i + 1]!;
      piece = () => (e === 'd' ? String(Math.floor(next() * 10)) : e === 's' ? ' ' : e === 'w' ? 'a' : e === 'b' || e === 'B' ? '' : e);
      i += 2;
    } else if (c === '[') {
      let close = i + 2;
      while (alternative[close] !== ']') close += alternative[close] === '\\' ? 2 : 1;
      const body = alternative.slice(i + 1, close);
      piece = () => {
        if (body.startsWith('^')) return ' ';
        const range = /^(.)-(.)/.exec(body);
        if (range && next() < 0.5) return String.fromCharCode(range[1]!.charCodeAt(0) + Math.floor(next() * (range[2]!.charCodeAt(0) - range[1]!.charCodeAt(0) + 1)));
        const members = body.replace(/\\(.)/g, '$1');
        return members[Math.floor(next() * members.length)]!;
      };
      i = close + 1;
    } else if (c === '(') {
      let depth = 0;
      let close = i;
      for (; close < alternative.length; close++) {
        if (alternative[close] === '\\') close++;
        else if (alternative[close] === '(') depth++;
        else if (alternative[close] === ')' && --depth === 0) break;
      }
      const inner = alternative.slice(i, close + 1);
      const body = inner.replace(/^\((?:\?:|\?<?[=!])?/, '').slice(0, -1);
      piece = /^\(\?<?[=!]/.test(inner) ? () => '' : () => sample(body, next);
      i = close + 1;
    } else {
      piece = () => (c === '.' ? 'x' : c === '^' || c === '$' ? '' : c);
      i += 1;
    }
    const q = /^(?:([?*])|(\+)|\{(\d+)(?:,(\d*))?\})\??/.exec(alternative.slice(i));
    let times = 1;
    if (q) {
      i += q[0].length;
      const min = q[1] !== undefined ? 0 : q[2] !== undefined ? 1 : Number(q[3]);
      const max = q[1] === '?' ? 1 : q[1] === '*' || q[2] !== undefined ? 2 : q[4] === undefined ? min : q[4] === '' ? min + 2 : Math.min(Number(q[4]), min + 2);
      times = min + Math.floor(next() * (max - min + 1));
    }
    for (let k = 0; k < times; k++) out += piece();
  }
  return out;
}

/** A near miss: one unit dropped, doubled or changed. */
function nearMiss(s: string, next: () => number): string {
  if (s.length === 0) return s;
  const at = Math.floor(next() * s.length);
  const r = next();
  if (r < 0.33) return s.slice(0, at) + s.slice(at + 1);
  if (r < 0.66) return s.slice(0, at + 1) + s.slice(at);
  return s.slice(0, at) + 'xq1 '[Math.floor(next() * 4)] + s.slice(at + 1);
}

/** What a plain RegExp with the same source answers, next to what the word list answers: exec, test, match, matchAll, lastIndex. */
function answers(re: RegExp, text: string): unknown {
  re.lastIndex = 0;
  const exec = re.exec(text);
  const afterExec = re.lastIndex;
  re.lastIndex = 0;
  const test = re.test(text);
  re.lastIndex = 0;
  const match = text.match(re);
  re.lastIndex = 0;
  const all = re.global ? [...text.matchAll(re)].map((m) => [m.index, m[0]]) : undefined;
  const search = text.search(re);
  return { exec: exec && [exec.index, exec[0]], afterExec, test, match: match && [...match], all, search };
}

/** The folded visible text of every fixture message, as the content readers see it. */
async function fixtureTexts(): Promise<string[]> {
  const root = path.resolve(import.meta.dirname, '../../../../test-fixtures');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.eml')) files.push(path.join(dir, e.name));
    }
  };
  walk(root);
  const out: string[] = [];
  for (const file of files.sort()) {
    try {
      const m = await parseMessage(readFileSync(file), DEFAULT_LIMITS);
      const visible = [m.subject, m.visibleText || m.text, m.calendarText].filter(Boolean).join(' | ');
      out.push(foldText(deobfuscate(visible).text));
    } catch {
      // a malformed fixture the parser refuses: nothing to read
    }
  }
  return out;
}

/** The texts a list is checked on: its own alternatives' expansions and near misses, mixed, and pieces of the fixtures. */
function textsFor(re: RegExp, fixtures: readonly string[], next: () => number, count: number): string[] {
  const body = /^\(\?:\^\|\[\^[^\]]*\]\)\(\?:([\s\S]*)\)\(\?!\[a-z0-9\]\)$/.exec(re.source)![1]!;
  const separators = [' ', ' ', '', '-', ', ', '. ', 'x', '1', '$', '\n', ' | '];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const parts: string[] = [];
    const pieces = 1 + Math.floor(next() * 4);
    for (let k = 0; k < pieces; k++) {
      const r = next();
      if (r < 0.45) parts.push(sample(body, next));
      else if (r < 0.75) parts.push(nearMiss(sample(body, next), next));
      else {
        const f = pick(fixtures);
        const at = Math.floor(next() * f.length);
        parts.push(f.slice(at, at + 1 + Math.floor(next() * 200)));
      }
      parts.push(pick(separators));
    }
    out.push(parts.join(''));
  }
  return out;
}

describe('word-list anchors: the literal pieces that every match holds', () => {
  it('reads plain runs, and stops a run at an optional atom, a class, an escape class or a dot', () => {
    expect(requiredLiterals('accounts?')).toEqual(['account']);
    expect(requiredLiterals('mailbox(?:es)?')).toEqual(['mailbox']);
    expect(requiredLiterals('stipendi[oa]?')).toEqual(['stipendi']);
    expect(requiredLiterals('unauthori[sz]ed')).toEqual(['unauthori']);
    expect(requiredLiterals('\\d+ days')).toEqual([' days']);
    expect(requiredLiterals('a.bc')).toEqual(['bc']);
    expect(requiredLiterals('ab+c')).toEqual(['ab']);
    expect(requiredLiterals('ab*cd')).toEqual(['cd']);
    expect(requiredLiterals('abc{0,2}x')).toEqual(['ab']);
    expect(requiredLiterals('ab{2}x')).toEqual(['ab']);
    expect(requiredLiterals('y\\-z')).toEqual(['y-z']);
    expect(requiredLiterals('\\$ ?\\d')).toEqual(['$']);
    expect(requiredLiterals('x(?=abc)yz')).toEqual(['yz']);
    expect(requiredLiterals('^abc$')).toEqual(['abc']);
  });

  it('takes the alternatives of a group that must match, and skips one that may not', () => {
    expect(requiredLiterals('(?:is|are) (?:now )?(?:ready|live)')).toEqual(['ready', 'live']);
    expect(requiredLiterals('(?:your|account) balance')).toEqual([' balance']);
    expect(requiredLiterals('deliver(?:y|ies)')).toEqual(['deliver']);
    expect(requiredLiterals('x(?:ab|cd)+')).toEqual(['ab', 'cd']);
    expect(requiredLiterals('x(?:ab|cd)?')).toEqual(['x']);
    expect(requiredLiterals('(ab|cde)')).toEqual(['ab', 'cde']);
    expect(requiredLiterals('ab|c(?:d|ef)')).toEqual(['ab', 'c']);
  });

  it('reads a hyphen made loose (e-mail: hyphen, space or nothing) as the end of a run', () => {
    expect(requiredLiterals(hyphenLoose('e-?mail account'))).toEqual(['mail account']);
    expect(requiredLiterals(hyphenLoose('two-factor'))).toEqual(['factor']);
  });

  it('reads entries in scripts that folding changes as folded, the form the expression holds', () => {
    for (const word of ['パスワード', '비밀번호', 'посылк', 'รหัสผ่าน', '账户']) {
      const folded = foldText(word);
      expect(requiredLiterals(folded)).toEqual([folded]);
      const re = wordList([folded]) as WordListRegExp;
      expect(re.mayMatch(foldText(`xin ${word} day`))).toBe(true);
      expect(re.mayMatch('xin day')).toBe(false);
    }
  });

  it('is unsure (no anchor) without a sure literal or with syntax it does not read', () => {
    for (const source of ['\\d+', '[€£] ?\\d[\\d.,]{0,20}', 'a?', '(?:ab)?', '(?:a|\\d)', '.', '\\u00e9x', '\\x41', '(?<n>ab)', '(a)\\1', 'x{', 'a]b', 'a}', '[ab]', '']) {
      expect(requiredLiterals(source), source).toBeUndefined();
    }
  });

  it('leaves a list without anchors (always run) when one alternative has none', () => {
    expect(listAnchors(['accounts?', '\\d+ days'])).toEqual(['account', ' days']);
    expect(listAnchors(['accounts?', '\\d+'])).toBeUndefined();
    const re = wordList(['accounts?', '\\d+']) as WordListRegExp;
    expect(re.anchors).toBeUndefined();
    expect(re.mayMatch('nothing here')).toBe(true);
    expect([...'pay 25 now'.matchAll(re)].map((m) => m[0])).toEqual([' 25']);
  });

  it('keeps the shorter of two anchors when one holds the other', () => {
    expect(listAnchors(['accounts?', 'account manager', 'user accounts'])).toEqual(['account']);
  });
});

describe('word lists that skip a text without their anchors', () => {
  it('answer exactly as the plain expression, for every list the scanners build, on many texts', async () => {
    const fixtures = await fixtureTexts();
    expect(fixtures.length).toBeGreaterThan(300);
    const lists = [...builtWordLists];
    expect(lists.length).toBeGreaterThan(60);
    expect(lists.filter((re) => re.anchors !== undefined).length).toBeGreaterThan(lists.length * 0.9);
    const next = random(20261125);
    let matched = 0;
    let skipped = 0;
    let checked = 0;
    for (const re of lists) {
      const plain = new RegExp(re.source, re.flags);
      const texts = [...textsFor(re, fixtures, next, 150), ...fixtures.filter((_, k) => k % 3 === lists.indexOf(re) % 3)];
      for (const text of texts) {
        // another text in between: the per-text caches must not answer for the wrong one
        if (next() < 0.2) re.mayMatch(fixtures[Math.floor(next() * fixtures.length)]!);
        const expected = answers(plain, text);
        expect(answers(re, text), `${re.source.slice(0, 80)} on ${JSON.stringify(text.slice(0, 200))}`).toEqual(expected);
        checked++;
        if (plain.test(text)) matched++;
        if (!re.mayMatch(text)) skipped++;
        plain.lastIndex = 0;
      }
    }
    // the texts exercise both ways: many with a match, many skipped
    expect(matched).toBeGreaterThan(checked * 0.2);
    expect(skipped).toBeGreaterThan(checked * 0.2);
  }, 120_000);

  it('would catch a wrong anchor', () => {
    // the check above compares exactly these answers: an anchor that takes the optional "s" of "accounts?" as required misses "account"
    const right = wordList(['accounts?']) as WordListRegExp;
    const wrong = new WordListRegExp(right.source, right.flags, ['accounts']);
    const plain = new RegExp(right.source, right.flags);
    expect(answers(right, 'your account')).toEqual(answers(plain, 'your account'));
    expect(answers(wrong, 'your account')).not.toEqual(answers(plain, 'your account'));
  });

  it('resets lastIndex as a failed global search does, and leaves it alone without the g flag', () => {
    const g = wordList(['accounts?']) as WordListRegExp;
    g.lastIndex = 3;
    expect(g.exec('nothing here')).toBeNull();
    expect(g.lastIndex).toBe(0);
    const once = wordList(['accounts?'], '') as WordListRegExp;
    once.lastIndex = 3;
    expect(once.test('nothing here')).toBe(false);
    expect(once.lastIndex).toBe(3);
    expect('nothing here'.replace(g, 'X')).toBe('nothing here');
    expect('an account, accounts'.replace(g, '#')).toBe('an#,#');
  });
});
