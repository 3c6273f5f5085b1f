import { describe, expect, it } from 'vitest';
import { makeMessage } from '../test-helpers.js';
import { imageOnlyFinding } from './image-only.js';
import { startTags } from './tags.js';

describe('startTags', () => {
  it('gives the attributes of each start tag of the element, case-insensitively', () => {
    const html = '<p><IMG src="cid:a"><img\nalt=x src=https://b.example/p.png /><imgx src=y><input type=password>';
    expect([...startTags(html, 'img')]).toEqual([' src="cid:a"', '\nalt=x src=https://b.example/p.png /']);
    expect([...startTags(html, 'input')]).toEqual([' type=password']);
  });

  it('reads crafted HTML without closing brackets in one pass (the old expression needed seconds for 14 KB)', () => {
    for (const html of ['/<IMG\t'.repeat(40_000) + '/SRC=' + '\t'.repeat(40_000) + '=CID:', '=PASSWORD<INPUT\t'.repeat(20_000)]) {
      const t = performance.now();
      const message = makeMessage({ html, text: '' });
      imageOnlyFinding(message);
      expect([...startTags(html, 'input')].length + [...startTags(html, 'img')].length).toBeGreaterThan(0);
      expect(performance.now() - t).toBeLessThan(2000);
    }
  });
});
