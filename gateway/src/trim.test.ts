import { describe, expect, it } from 'vitest';
import { trimEndChar, trimEndWhile, trimStartWhile, unitTest } from './trim.js';

describe('trim loops', () => {
  it('do what the regular expressions they replace do', () => {
    const cases = ['', '/', '///', 'a///', 'a/b//', '//a', 'a'];
    for (const s of cases) expect(trimEndChar(s, '/')).toBe(s.replace(/\/+$/, ''));
    const ws = unitTest(/[\s.]/u);
    for (const s of ['a. ', 'a .\t.', '...', 'a', '', ' a']) expect(trimEndWhile(s, ws)).toBe(s.replace(/[\s.]+$/u, ''));
    for (const s of ['..a', 'a', '', '...']) expect(trimStartWhile(s, (c) => c === 46)).toBe(s.replace(/^\.+/, ''));
  });

  it('stay linear on a long run that is not at the end (where /x+$/ is quadratic)', () => {
    const s = '\r'.repeat(2_000_000) + 'x\r';
    expect(trimEndWhile(s, (c) => c === 13 || c === 10)).toHaveLength(2_000_001);
  });
});
