import { describe, expect, it } from 'vitest';
import { seededRandom as random, seededText as text } from '../../test/support/seeded.js';
import libmime from './libmime.js';
import { decodeWords } from './headers.js';
import { isSpaceCode } from './urls-text.js';
import { elementStyle, tidyText, type CssEffect, type ElementStyle } from './visible-text.js';
import { walkHtml } from './html-walk.js';
import { PartText, TextKeep } from './text-decode.js';
import { parseMessage } from './index.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';

/**
 * The parse stage's cheaper forms (CPU work, not behaviour) give what the forms they replaced gave:
 * each is compared with the old one on generated input. A difference here is a change of output.
 */

const BLANKS = [' ', ' ', ' ', '\n', '\t', '\f', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\v'];
const WORDS = ['a', 'b', 'ồ', 'x.y', '-', '='];

describe('same output as before', () => {
  it('tidyText collapses blanks as the two whole-text replacements did', () => {
    const old = (t: string) => t.replace(/[ \t\f\r\u00a0]+/g, ' ').replace(/ ?\n[ \n]*/g, '\n').trim();
    const next = random(1);
    for (let i = 0; i < 5000; i++) {
      const t = text(next, [...BLANKS, ...WORDS], Math.floor(next() * 40));
      expect(tidyText(t), JSON.stringify(t)).toBe(old(t));
    }
  });

  it('HTML text runs of white space become one space, as /\\s+/ did', () => {
    const next = random(2);
    for (let i = 0; i < 3000; i++) {
      const t = text(next, [...BLANKS, ...WORDS], 1 + Math.floor(next() * 30));
      const html = `<p>${t.replace(/[<&]/g, '')}</p><div style="color:red">${t}</div><span style="display:none">${t}</span>`;
      const cleaned = (s: string) => s.replace(/\s+/g, ' ');
      const walk = walkHtml(html, 1 << 20);
      // what the old form gave: each text run cleaned with /\s+/, then tidied the old way
      const old = (s: string) => s.replace(/[ \t\f\r\u00a0]+/g, ' ').replace(/ ?\n[ \n]*/g, '\n').trim();
      const plain = cleaned(t.replace(/[<&]/g, ''));
      expect(walk.visible, JSON.stringify(t)).toBe(old(`\n${plain}\n\n${cleaned(t)}\n`));
      expect(walk.hidden, JSON.stringify(t)).toBe(old(`\n\n\n\n${cleaned(t)}`));
    }
  });

  it('isSpaceCode is \\s for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });

  it('decodeWords leaves text without an encoded word as libmime does', () => {
    const next = random(3);
    const pieces = ['a', ' ', '=', '?', '=?', '?=', '\0', '__\0JOIN\0__', 'ồ', '=?utf-8?B?w7Q=?=', '=?utf-8?Q?=C3=B4?='];
    for (let i = 0; i < 3000; i++) {
      const t = text(next, pieces, Math.floor(next() * 12));
      expect(decodeWords(t), JSON.stringify(t)).toBe(libmime.decodeWords(t));
    }
  });

  it('a style attribute read once per body gives the style read each time', () => {
    const styles = [
      'margin:0 0 12px 0',
      'display:none',
      'color:#fff',
      'background:#FFF url(x.png)',
      'background-color: rgb(255,255,255); color: white',
      'font-size:0',
      'color:red !important',
      'position:absolute;left:-9999px',
      'opacity:0.01',
      '',
    ];
    const next = random(4);
    const cache = new Map<string, CssEffect>();
    let parent: ElementStyle = { hidden: false };
    let cachedParent: ElementStyle = { hidden: false };
    for (let i = 0; i < 2000; i++) {
      const attribs: Record<string, string> = { style: styles[Math.floor(next() * styles.length)]! };
      if (next() < 0.2) attribs.bgcolor = 'white';
      if (next() < 0.2) attribs.color = '#FFFFFF';
      if (next() < 0.05) attribs.hidden = '';
      const fresh = elementStyle(attribs, parent);
      const cached = elementStyle(attribs, cachedParent, cache);
      expect(cached, JSON.stringify(attribs)).toEqual(fresh);
      if (next() < 0.5) [parent, cachedParent] = [fresh, cached];
      else [parent, cachedParent] = [{ hidden: false }, { hidden: false }];
    }
    expect(cache.size).toBeGreaterThan(1);
  });

  it('decoded text has CRLF made LF, a lone CR kept, as /\\r?\\n/ did', async () => {
    const next = random(5);
    for (let i = 0; i < 500; i++) {
      const t = text(next, ['a', 'ồ', '\r', '\n', '\r\n', ' '], Math.floor(next() * 30));
      const part = new PartText('utf-8', new TextKeep(1 << 20));
      await part.write(Buffer.from(t, 'utf8'));
      expect(await part.end(), JSON.stringify(t)).toBe(t.replace(/\r?\n/g, '\n'));
    }
  });

  it('a header line longer than the line buffer first allocated is kept whole (the buffer grows)', async () => {
    const subject = 'Thông báo '.repeat(900); // ~10 KB of UTF-8 on one line
    const raw = Buffer.from(`Subject: ${subject}\r\nX-Long: ${'x'.repeat(70_000)}\r\nFrom: a@b.example\r\n\r\nbody\r\n`, 'utf8');
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    expect(parsed.subject).toBe(subject.trim());
    expect(parsed.from).toEqual([{ name: '', address: 'a@b.example' }]);
    // the 70 KB field is past maxHeaderLineLength: reported, and cut where it was before
    expect(parsed.problems.map((p) => p.code)).toContain('header-too-long');
    expect(parsed.headers.find((h) => h.key === 'x-long')!.value.length).toBe(DEFAULT_LIMITS.maxHeaderLineLength + 2 - 'X-Long: '.length);
  });
});
