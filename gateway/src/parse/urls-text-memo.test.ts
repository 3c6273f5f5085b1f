import { find } from 'linkifyjs';
import { describe, expect, it } from 'vitest';
import { seededRandom as random, seededText as text } from '../../test/support/seeded.js';
import { linksIn, MEMO_ENTRIES, MEMO_PIECE, textUrls } from './urls-text.js';

/**
 * linkify's answer remembered per piece (linksIn) is the answer linkify gives for it, asked
 * again and again, after the memory has started over, for pieces too long to be remembered; and
 * nothing a caller does to what it gets back changes a later answer. A difference is a change of output.
 */

/** Pieces of link words and of what makes linkify stop or go on, for pieces as candidateWords joins them. */
const ALPHABET = [
  'http://', 'https://', 'www.', 'xn--', 'a', 'B', 'vn', 'gov', 'com', 'ngân-hàng', 'đăng', '.', '.', '/', '/', '-', '_', ':', ':8443', '?q=1', '#x',
  '@', 'mail', '(', ')', '"', '>', '<', ',', ' ', ' ', '1', '10.0.0.1', 'setup.zip', 'а', 'ü', '😀', 'href="', '">Xem', 'e.g.', '..',
];

const direct = (piece: string) => {
  try {
    return find(piece, 'url').map((l) => ({ href: l.href, value: l.value }));
  } catch {
    return [];
  }
};

describe('linkify answers remembered per piece: the same as asking linkify', () => {
  it('gives what find gives on random pieces asked many times, across the memory starting over', () => {
    const next = random(31);
    // a small pool asked often (hits) among many asked once (misses and the memory filling up)
    const pool = Array.from({ length: 300 }, () => text(next, ALPHABET, 1 + Math.floor(next() * 14)));
    let links = 0;
    for (let i = 0; i < 12000; i++) {
      const piece = next() < 0.6 ? pool[Math.floor(next() * pool.length)]! : text(next, ALPHABET, 1 + Math.floor(next() * 20));
      const got = linksIn(piece);
      const want = direct(piece);
      expect(got, JSON.stringify(piece)).toEqual(want);
      links += want.length;
    }
    // the pieces hold links (and pieces without any)
    expect(links).toBeGreaterThan(2500);
  });

  it('answers pieces longer than the remembered ones the same, and a kept answer cannot be changed by a caller', () => {
    const long = `https://a.example/${'x'.repeat(MEMO_PIECE)} www.b.example`;
    expect(linksIn(long)).toEqual(direct(long));
    expect(linksIn(long)).toEqual(direct(long));
    const first = linksIn('https://dichvucong.gov.vn/p/home.html');
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
    expect(() => (first as unknown as { href: string; value: string }[]).push({ href: 'x', value: 'y' })).toThrow();
    // textUrls hands out UrlRefs of its own: changing one does not touch the next answer
    const ref = textUrls('Xem https://dichvucong.gov.vn/p/home.html')[0]!;
    ref.raw = 'changed';
    expect(textUrls('Xem https://dichvucong.gov.vn/p/home.html')[0]!.raw).toBe('https://dichvucong.gov.vn/p/home.html');
    expect(linksIn('https://dichvucong.gov.vn/p/home.html')).toEqual(direct('https://dichvucong.gov.vn/p/home.html'));
  });

  it('answers the same through a flood of distinct words (the memory starting over several times)', () => {
    for (let i = 0; i < MEMO_ENTRIES * 3; i++) expect(linksIn(`h${i}.example`)).toEqual(direct(`h${i}.example`));
    expect(linksIn('h0.example')).toEqual(direct('h0.example'));
  });
});
