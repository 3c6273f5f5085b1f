import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/fuzz/mutators.js';
import { cssUrls, srcsetUrls } from './urls-html.js';

/** The specification: what the regular expression cssUrls once was finds. */
function cssUrlsByRegex(css: string): string[] {
  if (!/url|@import/i.test(css)) return [];
  const unescaped = css.replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_m, hex: string) => {
    const code = Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;
  return [...unescaped.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]).filter((u): u is string => Boolean(u));
}


describe('cssUrls: url() and @import without backtracking', () => {
  it('finds what the regular expression found, on CSS written by hand', () => {
    const samples = [
      'background:url(https://a.example/x.png)', "b{background:URL( 'https://b.example/y' )}", '@import "https://c.example/s.css";',
      "@import 'd.css'", '@import"e.css"', 'url("f") url(g) url( h ) url(i j) url("k" x) url(', 'url("unclosed', "url('x\")",
      'x:url(\\68 ttps://l.example/)', 'url()', 'url("")', '@import url(m.css)', 'url(url(n))', 'url("o"\n)', '@IMPORT  "p"',
    ];
    for (const css of samples) expect(cssUrls(css), css).toEqual(cssUrlsByRegex(css));
  });

  it('finds what the regular expression found, on random CSS made of the characters that matter', () => {
    const pieces = ['url(', 'URL(', '@import', '@import ', '"', "'", ')', ' ', '\n', 'a', 'x.png', '(', '\\41 ', ';', ','];
    const rng = new Rng(7);
    for (let n = 0; n < 20_000; n++) {
      let css = '';
      const len = 1 + rng.int(14);
      for (let i = 0; i < len; i++) css += rng.pick(pieces);
      expect(cssUrls(css), JSON.stringify(css)).toEqual(cssUrlsByRegex(css));
    }
  });

  it('reads 2 MB of unclosed url( in one pass (the expression needed minutes)', () => {
    for (const unit of ['url(U', 'url("a', "url('a url(", '@import "x']) {
      const css = unit.repeat(Math.ceil(2_000_000 / unit.length)) + '"';
      const t = performance.now();
      cssUrls(css);
      expect(performance.now() - t).toBeLessThan(2000);
    }
  });

  it('srcset candidates lose their trailing commas', () => {
    expect(srcsetUrls('a.png,,, b.png 2x')).toEqual(['a.png', 'b.png']);
  });
});
