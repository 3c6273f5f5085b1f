import { describe, expect, it } from 'vitest';
import { registrableDomain } from './domains.js';
import { governmentDisguise } from './government.js';
import { publicBodyName } from './public-body.js';

describe('publicBodyName: a registrable name spelling a public body and a place or ministry', () => {
  for (const [domain, words] of [
    ['ubnd-thanhhoa.info', 'ubnd+thanhhoa'],
    ['tinhuy-thanhhoa.org', 'tinhuy+thanhhoa'],
    ['sonoivu-thanhhoa.com', 'sonoivu+thanhhoa'],
    ['hcc-thanhhoa.net', 'hcc+thanhhoa'],
    ['thiduakhenthuong-thanhhoa.com', 'thiduakhenthuong+thanhhoa'],
    ['conganhanoi.net', 'conganhanoi'],
    ['ubnd-tinh-nghean.vn', 'ubnd+tinh+nghean'],
    ['sotttt_nghean.com.vn', 'sotttt+nghean'],
    ['cucthue-online-hatinh.com', 'cucthue+online+hatinh'],
    ['bocongan-vn.org', 'bocongan+vn'],
    ['dichvucong-botaichinh.net', 'dichvucong+botaichinh'],
  ] as const) {
    it(`${domain}: ${words}`, () => {
      expect(publicBodyName(domain)).toEqual({ words });
    });
  }

  for (const domain of [
    // the state's own suffixes
    'ubnd.thanhhoa.gov.vn', 'thanhhoa.gov.vn', 'thanhhoa.dcs.vn', 'sogddt-thanhhoa.edu.vn',
    // newspapers and businesses with one of the words, or a word inside another word
    'baothanhhoa.vn', 'congan.com.vn', 'thuexethanhhoa.com', 'hanoimoi.com.vn', 'thanhhoa-travel.com', 'dulichnghean.vn',
    'thiduakhenthuongvn.org.vn', 'bhxh-tuvan.com', 'vneid-bocongan.com', 'sohoa-hanoi.com', 'so-hanoi.com',
    // a body's word alone, a place alone
    'dichvucong.online', 'hanoi.com', 'ubnd.example',
  ]) {
    it(`${domain}: not read`, () => {
      expect(publicBodyName(registrableDomain(domain))).toBeUndefined();
    });
  }

  it('reads a long made-up label in bounded steps and gives up past the longest name', () => {
    expect(publicBodyName(`${'ubnd'.repeat(15)}thanhhoa.com`)).toBeUndefined();
    expect(publicBodyName(`${'ubnd'.repeat(14)}-thanhhoa.com`)).toEqual({ words: `${'ubnd'.repeat(14)}+thanhhoa` });
  });
});

describe('governmentDisguise: the public-body form', () => {
  const check = (host: string) => governmentDisguise(host, registrableDomain(host));
  it('names gov.vn for a host under such a name, and leaves the suffix forms first', () => {
    expect(check('vanthu.ubnd-thanhhoa.info')).toEqual({ imitated: 'gov.vn', form: 'public-body' });
    expect(check('ubnd-thanhhoa.pages.dev')).toEqual({ imitated: 'gov.vn', form: 'public-body' });
    expect(check('ubnd-thanhhoa-gov.com')).toEqual({ imitated: 'gov', form: 'dash-gov' });
    expect(check('congan.thanhhoa.gov.vn')).toBeUndefined();
    expect(check('baothanhhoa.vn')).toBeUndefined();
  });
});
