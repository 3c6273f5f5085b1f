import { describe, expect, it } from 'vitest';
import { generatedAddress, randomDomainLabel, randomLocalPart } from './generated.js';

describe('machine-made sender addresses', () => {
  it('reads random mixed-case letters as a made name part', () => {
    for (const local of ['KmigQSymPHYPBfT', 'dmsBUyZrT', 'lrkCxNhN', 'vpAeOuV', 'QePEMzkdT', 'mPmjQSt']) {
      expect(randomLocalPart(local), local).toBe(true);
    }
  });

  it('reads names, words, initials and CamelCase names as chosen by a person', () => {
    for (const local of ['john.smith', 'JohnMcDonald', 'DeAndreJohnson', 'info', 'NguyenVanAn', 'vanthu', 'HR', 'noreply', 'ABCcorp']) {
      expect(randomLocalPart(local), local).toBe(false);
    }
    // mailing services' VERP addresses carry digits and separators: not this test
    expect(randomLocalPart('Online#3.20506.f1-z6nDl-c_EcoBf9RR.1')).toBe(false);
  });

  it('reads digits scattered through a domain name as made, numbers or words as registered by a person', () => {
    for (const d of ['n28he7n934.com', '1gody6s0zz.com', 'mail.mwn597xhxwx97pe6di2q.com', 'ajd3qn94hcztqy6rrto9ogppz6pd.com']) {
      expect(randomDomainLabel(d), d).toBe(true);
    }
    for (const d of ['24h.com.vn', '163.com', 'web2day.example', 'sotnmt.thanhhoa.gov.vn', 'vnexpress.net', 'mp3.zing.vn', 'a1b2.vn']) {
      expect(randomDomainLabel(d), d).toBe(false);
    }
  });

  it('says which part of an address looks made', () => {
    expect(generatedAddress('KmigQSymPHYPBfT@duty.example.com', 'duty.example.com')).toBe('local-part');
    expect(generatedAddress('q3u7u@1gody6s0zz.com', '1gody6s0zz.com')).toBe('domain');
    expect(generatedAddress('an.nguyen@example.vn', 'example.vn')).toBeUndefined();
    expect(generatedAddress('', '')).toBeUndefined();
  });
});
