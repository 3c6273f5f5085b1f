/**
 * A compact "skeleton" in the spirit of Unicode TR39 (confusable detection), for host names:
 * two strings that look alike to a reader get the same skeleton. It covers what phishing domains
 * actually use: Cyrillic and Greek letters that look Latin, dotless/small-capital Latin letters,
 * digit/letter swaps (0/o, 1/l/i), multi-letter look-alikes (rn/m, vv/w, cl/d) and diacritics
 * (vietcombánk → vietcombank). It is deliberately not the full TR39 table: only characters that
 * are valid in IDN host names and confusable with a-z in a lower-case host.
 */

/** One character → the Latin letter it is read as. Letters i, l, 1 and their kin all become 'l'. */
const CHAR_MAP: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', ь: 'b', с: 'c', ԁ: 'd', е: 'e', ё: 'e', ҽ: 'e', һ: 'h', і: 'l', ї: 'l', ј: 'j',
  к: 'k', ӏ: 'l', о: 'o', р: 'p', ԛ: 'q', г: 'r', ѕ: 's', т: 't', у: 'y', ү: 'y', ԝ: 'w', х: 'x',
  п: 'n', м: 'm', н: 'h',
  // Greek
  α: 'a', β: 'b', ϲ: 'c', ε: 'e', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', γ: 'y', ω: 'w', ϳ: 'j',
  // Latin look-alikes that NFKD does not fold
  ı: 'l', ɩ: 'l', ɪ: 'l', ǀ: 'l', ł: 'l', ℓ: 'l', ʟ: 'l', ɑ: 'a', ɡ: 'g', ᴏ: 'o', ø: 'o', ɵ: 'o',
  đ: 'd', ð: 'd', ħ: 'h', ʜ: 'h', ʀ: 'r', ꜱ: 's', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ƅ: 'b',
  // digits and letters read as each other
  '0': 'o', '1': 'l', i: 'l', '|': 'l',
};

/** Sequences that read as one letter; applied after the character map. */
const SEQUENCES: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

const MARKS = /\p{M}+/gu;

/** The skeleton of a host name or label (Unicode or ASCII). Dots and hyphens are kept. `sequences`
 *  false: single characters only (rn stays rn). */
export function skeleton(input: string, sequences = true): string {
  const base = input.normalize('NFKD').toLowerCase().replace(MARKS, '');
  let out = '';
  for (const ch of base) out += CHAR_MAP[ch] ?? ch;
  if (sequences) for (const [re, to] of SEQUENCES) out = out.replace(re, to);
  return out;
}

/**
 * Optimal-string-alignment (restricted Damerau-Levenshtein) distance, stopping early once it
 * exceeds `max` (then returns max + 1). Strings are host labels: short.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, max + 1);
}
