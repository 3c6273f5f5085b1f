import { describe, expect, it } from 'vitest';
import { MIN_SPLIT_WORDS, splitWordCount, splitWordsFinding } from './split-words.js';
import type { ParsedMessage } from '../../parse/types.js';

/** Cut every letter of the words apart with an empty zero-size span, the way the tool does. */
function cut(text: string): string {
  return [...text].map((c) => (c === ' ' ? ' ' : `${c}<span style="font-size:0px" class="x"></span>`)).join('');
}

describe('words cut apart by empty markup', () => {
  it('counts letters separated by empty inline elements', () => {
    expect(splitWordCount(`<p>${cut('Please confirm your mailbox today')}</p>`)).toBeGreaterThanOrEqual(MIN_SPLIT_WORDS);
    expect(splitWordCount('<p>Pa<b></b>ss<i></i>word</p>')).toBe(2);
  });

  it('does not count ordinary formatting that holds text, or empty elements between words', () => {
    const html = '<p><b>H</b>ello <span class="SpellE">Nguyen</span>, the <i>minutes</i> are attached.<span></span> <a href="https://example.org/"></a> Thanks</p>';
    expect(splitWordCount(html)).toBe(0);
    expect(splitWordCount('')).toBe(0);
  });

  it('reports content.obfuscated-text tagged markup only past the threshold', () => {
    const msg = (html: string) => ({ html }) as unknown as ParsedMessage;
    expect(splitWordsFinding(msg(`<div>${cut('Your account will be closed')}</div>`))).toMatchObject({ kind: 'content.obfuscated-text', tags: ['markup'] });
    expect(splitWordsFinding(msg('<div>Ki<span></span>nd regards</div>'))).toBeUndefined();
  });
});
