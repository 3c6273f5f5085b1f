import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanIdentity } from './index.js';
import { stylisedName } from './stylised-name.js';
import { bold, circled, fullwidth, parenthesised, sansBold, script } from './stylised-testing.js';

/** Stylised forms built from plain text (stylised-testing.ts), so that the tests say what they write. */

const policy = makePolicy({
  localDomains: ['lachan.test'],
  lists: { brands: { type: 'phrase', entries: ['PayPal | paypal.com paypal.me', 'Vietcombank, VCB | vietcombank.com.vn', '=Amazon, Amazon Prime | amazon.com'] } },
});
const ctx = makeContext(policy);
const styled = (from: string) => scanIdentity(makeMessage({ from: [addr(from)] }), ctx).filter((f) => f.kind === 'sender.stylised-name');
const noBrand = () => undefined;

describe('sender.stylised-name: caught', () => {
  it('a domain in mathematical sans-serif bold in the name (English)', () => {
    expect(sansBold('Kinder.de')).toBe('𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲');
    const fs = styled(`"${sansBold('Kinder.de')} Gewinnspiel" <promo@x7k2.example>`);
    expect(fs.map((f) => [f.subject, f.tags])).toEqual([['kinder.de', ['domain']]]);
  });

  it('a math-bold address in the name', () => {
    expect(styled(`"${bold('support@paypal.com')}" <a@evil.example>`).map((f) => [f.subject, f.tags])).toEqual([['support@paypal.com', ['address']]]);
  });

  it('a full-width address with a full-width @ and dot', () => {
    expect(stylisedName(fullwidth('hotro@vietcombank.com.vn'), noBrand)).toEqual({ tag: 'address', plain: 'hotro@vietcombank.com.vn' });
  });

  it('a full-width brand name', () => {
    expect(styled(`"${fullwidth('PayPal')} Service" <service@mailer.example>`).map((f) => [f.subject, f.tags])).toEqual([['paypal', ['name']]]);
  });

  it('a brand in bold words, in a Vietnamese name', () => {
    const fs = styled(`"Ngân hàng ${bold('Vietcombank')} – Thông báo" <tb@ab12.example>`);
    expect(fs.map((f) => [f.subject, f.tags])).toEqual([['vietcombank', ['name']]]);
  });

  it('a domain in a Vietnamese name, in circled and parenthesised letters and small capitals', () => {
    expect(stylisedName(`Chăm sóc khách hàng ${circled('vietcombank')}.com.vn`, noBrand)).toEqual({ tag: 'domain', plain: 'vietcombank.com.vn' });
    expect(stylisedName(`${parenthesised('shopee')}.vn khuyến mãi`, noBrand)).toEqual({ tag: 'domain', plain: 'shopee.vn' });
    expect(stylisedName('ᴘᴀʏᴘᴀʟ.ᴄᴏᴍ', noBrand)).toEqual({ tag: 'domain', plain: 'paypal.com' });
  });

  it('a brand split into two stylised words', () => {
    expect(styled(`"${bold('Pay Pal')}" <x@evil.example>`).map((f) => f.tags)).toEqual([['name']]);
  });
});

describe('sender.stylised-name: left alone', () => {
  it('Vietnamese names with diacritics', () => {
    for (const name of ['Nguyễn Thị Hồng Nhung', 'Phòng Tổ chức – Hành chính, Sở Tài chính', 'Trần Đức Ưng <tdu@gmail.com>', 'Lê Văn Ánh (UBND phường)']) {
      expect(styled(`"${name}" <a@gmail.com>`), name).toEqual([]);
    }
  });

  it('Chinese and Japanese names, with the full-width letters Japanese writers type', () => {
    for (const name of ['王小明', '株式会社ＮＴＴドコモ', 'ＪＲ東日本 ｅ５４８９', '楽天市場 ｒａｋｕｔｅｎ．ｃｏ．ｊｐ', '김민수']) {
      expect(styled(`"${name}" <a@example.jp>`), name).toEqual([]);
    }
  });

  it('emoji and a single decorative symbol', () => {
    for (const name of ['An 🌸 Nguyễn', '🎁 Shop 🎁', 'Brand™ News', 'Hội thảo № 5 — 30℃', `Studio ${script('A')}`, 'ﬁnance team', '🅿🅰🆈🅿🅰🅻 fans']) {
      expect(styled(`"${name}" <a@example.com>`), name).toEqual([]);
    }
  });

  it('a fancy-font name that names no brand, domain or address (a newsletter heading style)', () => {
    expect(styled(`"${script('The Daily Garden')}" <news@garden.example>`)).toEqual([]);
    expect(styled(`"${bold('Weekly Digest')} from Anna" <anna@example.com>`)).toEqual([]);
  });

  it('plain ASCII domains and brands (display-name-address and brand scanners judge those)', () => {
    expect(styled('"paypal.com" <a@evil.example>')).toEqual([]);
    expect(styled('"PayPal" <a@evil.example>')).toEqual([]);
  });

  it('stylised letters mixed into a mostly plain domain are not enough (2 letters)', () => {
    expect(stylisedName(`exampl${bold('e')}.c${bold('o')}m`, noBrand)).toBeUndefined();
  });

  it('mail from the local domains', () => {
    expect(styled(`"${bold('lachan.test')}" <it@lachan.test>`)).toEqual([]);
  });
});
