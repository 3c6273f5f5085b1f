import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListText } from '../../policy/lists.js';
import { brandOwning, compileBrands, findBrand, findLookalikeBrand, ownedBy, parseBrandEntry } from './brands.js';

const m = compileBrands([
  'Microsoft, Office 365, =Outlook | microsoft.com office.com outlook.com',
  'Netflix | netflix.com',
  '=UPS | ups.com',
  'Vietcombank | vietcombank.com.vn',
  'Bảo hiểm xã hội, BHXH | gov.vn baohiemxahoi.gov.vn',
  'broken line without domains',
]);
const brandOf = (name: string, exact = true) => findBrand(m, name, exact)?.brand.id;

describe('brand list entries', () => {
  it('reads names, short names and domains; skips a line without domains', () => {
    expect(parseBrandEntry('A, =B | a.example  b.example')).toEqual({
      names: [{ text: 'A', exact: false }, { text: 'B', exact: true }],
      domains: ['a.example', 'b.example'],
    });
    expect(parseBrandEntry('no domains here')).toBeUndefined();
    expect(m.brands.map((b) => b.id)).toEqual(['microsoft', 'netflix', 'ups', 'vietcombank', 'bao-hiem-xa-hoi']);
  });

  it('ships a default brands.txt that parses cleanly, with Vietnamese agencies and banks', () => {
    const text = readFileSync(new URL('../../../../policies/lists/brands.txt', import.meta.url), 'utf8');
    const parsed = parseListText(text, 'phrase');
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.every((e) => parseBrandEntry(e) !== undefined)).toBe(true);
    const shipped = compileBrands(parsed.entries);
    expect(findBrand(shipped, 'Cục Thuế TP Hà Nội', true)?.brand.id).toBe('tong-cuc-thue');
    expect(findBrand(shipped, 'VIETCOMBANK thông báo', true)?.brand.id).toBe('vietcombank');
    expect(findBrand(shipped, 'Microsoft 365 Admin', true)?.brand.id).toBe('microsoft');
    expect(findBrand(shipped, 'Nguyễn Công An', true)).toBeUndefined(); // a person's name, not the police
    expect(findBrand(shipped, 'Economic Outlook Weekly', true)).toBeUndefined();
  });
});

describe('foreign tax offices, posts and banks attackers pose as, and a brand name followed by a service word', () => {
  const text = readFileSync(new URL('../../../../policies/lists/brands.txt', import.meta.url), 'utf8');
  const shipped = compileBrands(parseListText(text, 'phrase').entries);
  const owner = (name: string) => findBrand(shipped, name, true)?.brand;

  it('names each with the domains it really sends from', () => {
    const cases: Array<[string, string, string]> = [
      ['HMRC', 'hmrc-refund.example', 'hmrc.gov.uk'],
      ['HM Revenue & Customs', 'hmrc-refund.example', 'gov.uk'],
      ['HMRC Tax Refund Department', 'hmrc-refund.example', 'tax.service.gov.uk'],
      ['Direction générale des Finances publiques', 'dgfip-remboursement.example', 'impots.gouv.fr'],
      ['Impots.gouv', 'dgfip-remboursement.example', 'dgfip.finances.gouv.fr'],
      ['Agenzia delle Entrate', 'rimborso-fiscale.example', 'agenziaentrate.gov.it'],
      ['Correos', 'seguimiento-envio.example', 'correos.es'],
      ['Correos Paquetería', 'seguimiento-envio.example', 'correos.es'],
      ['ICBC', 'icbc-security.example', 'icbc.com.cn'],
      ['中国工商银行', 'icbc-security.example', 'icbc.com.cn'],
      ['SMBC', 'smbc-login.example', 'smbc.co.jp'],
      ['三井住友銀行', 'smbc-login.example', 'smbc.co.jp'],
      ['DHL Paket', 'dhl-sendung.example', 'dhl.de'],
      ['DHL Parcel Support', 'dhl-sendung.example', 'dhl.com'],
      ['UPS Tracking', 'ups-tracking.example', 'ups.com'],
    ];
    for (const [name, fake, real] of cases) {
      const brand = owner(name);
      expect(brand, name).toBeDefined();
      expect(ownedBy(brand!, fake), `${name} on ${fake}`).toBe(false);
      expect(ownedBy(brand!, real), `${name} on ${real}`).toBe(true);
    }
  });

  it('still keeps a short brand name apart from the same letters in a person’s or a club’s name', () => {
    expect(owner('Ups and Downs Club')).toBeUndefined();
    expect(owner('Nguyễn Công An')).toBeUndefined();
    expect(owner('Correos de Lectores')).toBeUndefined();
  });
});

describe('finding a brand in a sender name', () => {
  it('matches names ignoring case and diacritics', () => {
    expect(brandOf('NETFLIX')).toBe('netflix');
    expect(brandOf('Bao hiem xa hoi Viet Nam')).toBe('bao-hiem-xa-hoi');
    expect(brandOf('Office 365 Mail Admin')).toBe('microsoft');
  });

  it('matches a short name only with generic words around it', () => {
    expect(brandOf('UPS')).toBe('ups');
    expect(brandOf('UPS Delivery Service')).toBe('ups');
    expect(brandOf('Ups and Downs Club')).toBeUndefined();
    expect(brandOf('UPS', false)).toBeUndefined(); // subjects never use short names
  });

  it('sees through look-alike letters and invisible characters', () => {
    expect(brandOf('NetfIix Support')).toBe('netflix'); // capital I for l
    expect(brandOf('Micros0ft Team')).toBe('microsoft');
    expect(brandOf('Nеtflix')).toBe('netflix'); // Cyrillic е
    expect(brandOf('M\u{E0139}ic\u{E0139}rosoft Billing')).toBe('microsoft');
    expect(brandOf('Net\u200Bflix')).toBe('netflix');
  });

  it('finds nothing in ordinary names', () => {
    expect(brandOf('Nguyễn Văn An')).toBeUndefined();
    expect(brandOf('')).toBeUndefined();
  });
});

describe('who owns a brand', () => {
  it('accepts the brand domains, their subdomains and the same name under another suffix', () => {
    const netflix = m.brands.find((b) => b.id === 'netflix')!;
    expect(ownedBy(netflix, 'mailer.netflix.com')).toBe(true);
    expect(ownedBy(netflix, 'netflix.de')).toBe(true);
    expect(ownedBy(netflix, 'netflix-billing.example')).toBe(false);
    expect(ownedBy(netflix, '')).toBe(false);
  });
});

describe('brandOwning', () => {
  it('gives the same brand as a search through the list, on the shipped brand list', () => {
    const text = readFileSync(new URL('../../../../policies/lists/brands.txt', import.meta.url), 'utf8');
    const shipped = compileBrands(parseListText(text, 'phrase').entries);
    const domains = shipped.brands.flatMap((b) => [...b.domains.entries()]);
    const hosts = new Set<string>(['', 'example.com', 'a.b.example.co.uk', 'localhost', '192.168.1.1']);
    for (const d of domains) {
      const [label, ...rest] = d.split('.');
      hosts.add(d).add(`mail.${d}`).add(`x.y.${d}`).add(`${label}.example`).add(`${label}.com.vn`).add(`${label}x.${rest.join('.')}`);
      hosts.add(rest.join('.'));
    }
    expect(hosts.size).toBeGreaterThan(500);
    let owned = 0;
    for (const h of hosts) {
      const expected = shipped.brands.find((b) => ownedBy(b, h));
      expect(brandOwning(shipped, h)?.id, h).toBe(expected?.id);
      if (expected) owned += 1;
    }
    expect(owned).toBeGreaterThan(300);
  });

  it('takes the first brand in list order when two own a domain, by domain or by label', () => {
    const two = compileBrands(['Alpha | shared.example alphabank.com', 'Beta | beta.example shared.example', 'Gamma | gamma.vn alphabank.vn']);
    expect(brandOwning(two, 'www.shared.example')?.id).toBe('alpha');
    expect(brandOwning(two, 'alphabank.vn')?.id).toBe('alpha');
    expect(brandOwning(two, 'alphabank.net')?.id).toBe('alpha');
    expect(brandOwning(two, 'beta.example')?.id).toBe('beta');
    expect(brandOwning(two, 'nobody.example')).toBeUndefined();
  });
});

describe('brands written with look-alike letters (findLookalikeBrand)', () => {
  const disguised = (text: string, exact = true) => findLookalikeBrand(m, text, exact)?.brand.id;

  it('reads out-of-place look-alikes as the brand: digits, l for i, rn for m, vv for w', () => {
    expect(disguised('NETFLlX')).toBe('netflix');
    expect(disguised('Netf1ix Billing')).toBe('netflix');
    expect(disguised('Mlcrosoft Account')).toBe('microsoft');
    expect(disguised('Vietcornbank')).toBe('vietcombank');
    expect(disguised('0ffice 365')).toBe('microsoft');
    expect(findLookalikeBrand(m, 'Vietc0rnbank thông báo', true)).toMatchObject({ alias: 'vietcombank', lookalike: 'Vietc0rnbank' });
  });

  it('leaves a name written right, another word, a part of a word and too many replacements alone', () => {
    expect(disguised('Netflix')).toBeUndefined(); // as written: findBrand's business
    expect(disguised('Netflixer')).toBeUndefined();
    expect(disguised('Modern Bernard')).toBeUndefined();
    expect(disguised('N3T7L1X')).toBeUndefined();
    expect(disguised('UP5')).toBeUndefined(); // shorter than 4 letters
    expect(disguised('0utlook', false)).toBeUndefined(); // '=' alias: not in a subject
    expect(disguised('0utlook Team')).toBe('microsoft');
    expect(disguised('0utlook Spring Sale')).toBeUndefined(); // '=' alias beside other words
  });

  it('findBrand marks the hit only when asked and when the name is not written plainly', () => {
    expect(findBrand(m, 'NETFLlX', true, true)?.lookalike).toBe('NETFLlX');
    expect(findBrand(m, 'Netflix', true, true)?.lookalike).toBeUndefined();
    expect(findBrand(m, 'NETFLlX', true)).toBeUndefined();
  });
});
