import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../test/fuzz/mutators.js';
import { candidateWords, URLISH, urlishAt } from './urls-text.js';

/** The specification: candidate words found with the URLISH regular expression itself. */
function candidateWordsByRegex(line: string): string {
  const all = new RegExp(URLISH.source, 'giu');
  const words: string[] = [];
  let taken = 0;
  for (let m = all.exec(line); m; m = all.exec(line)) {
    if (m.index < taken) continue;
    let start = m.index;
    while (start > 0 && !/\s/.test(line[start - 1]!)) start--;
    let end = m.index + m[0].length;
    while (end < line.length && !/\s/.test(line[end]!)) end++;
    if (end - start <= 4096) words.push(line.slice(start, end));
    taken = end;
    all.lastIndex = end;
  }
  return words.join(' ');
}


describe('urlishAt: the URLISH expression written out', () => {
  it('finds a match exactly where the expression matches first, on each kind of link-like text', () => {
    const lines = [
      'xem tại https://dichvucong.gov.vn/p?id=1 nhé', 'www.example', 'WWW.EXAMPLE', 'Www.1.2', 'xn--bcher-kva', 'XN--', 'a.b',
      'kết thúc câu. Câu mới', 'số 1.2.3 và 10.0.0.1', '1.2', 'host:8080/x', 'host:8080a', 'host:123456', 'a:12', 'a:1',
      'é.ñ', '_.a', '-.a', '.a', 'a.', 'x:/', '://', '𝐚.𝐛', '𝐚:80', 'ſ:80ſ', 'a:80K', 'mailto:a@b', 'n--', 'xn-', '1.a', 'Ａ.Ｂ',
    ];
    for (const line of lines) {
      const m = new RegExp(URLISH.source, 'iu').exec(line);
      expect(urlishAt(line, 0) >= 0, line).toBe(m !== null);
      expect(candidateWords(line), line).toBe(candidateWordsByRegex(line));
    }
  });

  it('picks the same words as the expression on random text made of the characters that matter', () => {
    const alphabet = ['a', 'W', 'w', 'x', 'X', 'n', 'N', 'é', 'ệ', '𝐚', 'ſ', 'K', '1', '0', '9', '.', '.', ':', ':', '/', '-', '-', '_', ' ', ' ', '\t', '\u00a0', '@', 'Ａ', '٣', '\ud835'];
    const rng = new Rng(20261124);
    for (let n = 0; n < 20_000; n++) {
      const len = 1 + rng.int(24);
      let line = '';
      for (let i = 0; i < len; i++) line += rng.pick(alphabet);
      expect(candidateWords(line), JSON.stringify(line)).toBe(candidateWordsByRegex(line));
    }
  });

  it('picks the same words as the expression on every line of the test fixtures', () => {
    const dir = path.resolve(import.meta.dirname, '../../../test-fixtures');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(20);
    let lines = 0;
    for (const f of files) {
      for (const line of readFileSync(path.join(f.parentPath, f.name), 'latin1').split('\n')) {
        lines++;
        expect(candidateWords(line)).toBe(candidateWordsByRegex(line));
      }
    }
    expect(lines).toBeGreaterThan(1000);
  });
});
