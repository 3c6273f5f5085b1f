import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { editDistance, skeleton } from './confusables.js';
import { LookalikeMatcher } from './lookalike.js';

const PROTECTED = [
  'gov.vn',
  'chinhphu.vn',
  'dichvucong.gov.vn',
  'vietcombank.com.vn',
  'acb.com.vn',
  'tpb.vn',
  'microsoft.com',
  'office.com',
  'live.com',
  'google.com',
  'paypal.com',
  'apple.com',
  'zalo.me',
];
const matcher = new LookalikeMatcher(PROTECTED);
const check = (host: string) => matcher.check(domainToASCII(host));

describe('skeleton', () => {
  it('maps Cyrillic and Greek look-alikes to Latin letters', () => {
    expect(skeleton('vіetсombаnk')).toBe(skeleton('vietcombank')); // і, с, а are Cyrillic
    expect(skeleton('gοv.vn')).toBe('gov.vn'); // Greek omicron
  });
  it('reads digit/letter swaps and multi-letter shapes alike', () => {
    expect(skeleton('micr0s0ft')).toBe(skeleton('microsoft'));
    expect(skeleton('paypa1')).toBe(skeleton('paypal'));
    expect(skeleton('rnicrosoft')).toBe(skeleton('microsoft'));
    expect(skeleton('vvikipedia')).toBe(skeleton('wikipedia'));
  });
  it('drops Vietnamese diacritics and đ', () => {
    expect(skeleton('vietcombánk')).toBe(skeleton('vietcombank'));
    expect(skeleton('đichvucong')).toBe(skeleton('dichvucong'));
  });
  it('keeps different names different', () => {
    expect(skeleton('acb')).not.toBe(skeleton('abc'));
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistance('vietcombank', 'vietcombank', 2)).toBe(0);
    expect(editDistance('vietcombamk', 'vietcombank', 2)).toBe(1);
    expect(editDistance('vietcombnak', 'vietcombank', 2)).toBe(1);
    expect(editDistance('vietcobank', 'vietcombank', 2)).toBe(1);
    expect(editDistance('vietcommbank', 'vietcombank', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });
  it('stops early once the distance exceeds the maximum', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });
});

describe('LookalikeMatcher', () => {
  it('never flags a protected domain or its subdomains', () => {
    for (const host of ['gov.vn', 'hanoi.gov.vn', 'dichvucong.gov.vn', 'thutuc.dichvucong.gov.vn', 'www.vietcombank.com.vn',
      'login.microsoft.com', 'acb.com.vn', 'chinhphu.vn', 'mail.google.com']) {
      expect(check(host), host).toBeUndefined();
    }
  });

  it('flags confusable characters, also in punycode form', () => {
    const cyrillic = domainToASCII('vietсombank.com.vn'); // Cyrillic с
    expect(cyrillic.startsWith('xn--')).toBe(true);
    expect(matcher.check(cyrillic)).toEqual({ imitated: 'vietcombank.com.vn', reason: 'homoglyph' });
    expect(check('www.vietc0mbank.com.vn')).toMatchObject({ imitated: 'vietcombank.com.vn', reason: 'homoglyph' });
    expect(check('rnicrosoft.com')).toMatchObject({ imitated: 'microsoft.com', reason: 'homoglyph' });
    expect(check('paypai.com')).toMatchObject({ imitated: 'paypal.com', reason: 'homoglyph' });
    expect(check('hanoi.gоv.vn')).toMatchObject({ imitated: 'gov.vn', reason: 'homoglyph' }); // Cyrillic о
    expect(check('micros0ft.net')).toMatchObject({ imitated: 'microsoft.com' });
  });

  it('flags near-miss spellings, scaled by the length of the name', () => {
    expect(check('vietcombamk.com.vn')).toMatchObject({ imitated: 'vietcombank.com.vn', reason: 'edit-distance' });
    expect(check('vietcobank.com')).toMatchObject({ imitated: 'vietcombank.com.vn', reason: 'edit-distance' });
    expect(check('micosoft.com')).toMatchObject({ imitated: 'microsoft.com', reason: 'edit-distance' });
    expect(check('gooogle.com')).toMatchObject({ imitated: 'google.com', reason: 'edit-distance' });
  });

  it('flags a protected name written into another domain', () => {
    for (const [host, imitated] of [
      ['dichvucong-gov.vn.example.com', 'dichvucong.gov.vn'],
      ['vietcombank.com.vn.login-secure.xyz', 'vietcombank.com.vn'],
      ['gov-vn.com', 'gov.vn'],
      ['chinhphu-vn.net', 'chinhphu.vn'],
      ['hanoi.gov.vn-portal.com', 'gov.vn'],
      ['govvn.top', 'gov.vn'],
      ['gov.vn.abc.xyz', 'gov.vn'],
      ['vietcombank-secure.com', 'vietcombank.com.vn'],
      ['login.microsoft.com.account-check.ru', 'microsoft.com'],
    ] as const) {
      expect(check(host), host).toMatchObject({ imitated });
    }
  });

  it('flags a Vietnamese name under another suffix, but not global brands in their country domains', () => {
    expect(check('dichvucong.vn')).toMatchObject({ imitated: 'dichvucong.gov.vn', reason: 'tld-swap' });
    expect(check('vietcombank.net')).toMatchObject({ imitated: 'vietcombank.com.vn', reason: 'tld-swap' });
    expect(check('google.com.vn')).toBeUndefined();
    expect(check('www.apple.com.cn')).toBeUndefined();
  });

  it('does not flag unrelated domains that are merely close to a short name', () => {
    for (const host of ['abc.com', 'acb.com', 'tbp.vn', 'olive.com', 'homeoffice.gov.uk', 'officedepot.com',
      'pineapple.com', 'apply.com', 'googleapis.com', 'microsoftonline.com', 'zalora.com', 'example.com',
      'github.com', 'vnexpress.net', 'thanhnien.vn', 'mygov.vn', 'tuoitre.vn', 'edu.vn', 'hcmus.edu.vn']) {
      expect(check(host), host).toBeUndefined();
    }
  });

  it('matches nothing with an empty protected list', () => {
    expect(new LookalikeMatcher([]).check('vietc0mbank.com.vn')).toBeUndefined();
  });
});
