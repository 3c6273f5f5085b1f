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

  it('reads shorter random strings with capitals inside small letters and vowel-less pieces as made', () => {
    for (const local of ['tqpkXZVbwl', 'MvTTrjf', 'ozkdWQJj']) {
      expect(randomLocalPart(local), local).toBe(true);
    }
    expect(generatedAddress('tqpkXZVbwl@news.offers.example', 'news.offers.example')).toBe('local-part');
  });

  it('leaves names with initials or acronyms inside them alone', () => {
    for (const local of ['NguyenVThanh', 'LeNTHa', 'TranTTHuong', 'TheITguy', 'myHRdept', 'MrNTLong', 'sendPDFnow', 'ThosStew', 'DoNotUse', 'newsletterJJBCK']) {
      expect(randomLocalPart(local), local).toBe(false);
    }
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

describe('machine-made Reply-To and envelope addresses', () => {
  it('reads a domain written in random mixed case as made, words and capitals as chosen', async () => {
    const { mixedCaseDomain } = await import('./generated.js');
    expect(mixedCaseDomain('bounce.qWeRtYuIoPaSd9Kx.example')).toBe(true);
    expect(mixedCaseDomain('mail.hTzQwPbLkRmN.example')).toBe(true);
    for (const d of ['PayPal.example', 'McDonaldsCorp.example', 'EXAMPLE.COM', 'YouTubeMusic.example', 'NguyenVanAn.vn', 'mail.example.com']) {
      expect(mixedCaseDomain(d), d).toBe(false);
    }
  });

  it('judges Reply-To on all tests and the envelope sender on its domain only', async () => {
    const { generatedOtherAddress } = await import('./generated.js');
    expect(generatedOtherAddress('ZqPwXkTmLvB@shop.example', '')).toEqual({ where: 'reply-to', part: 'local-part' });
    expect(generatedOtherAddress('help@bRtKqLmZxPwN3v.example', '')).toEqual({ where: 'reply-to', part: 'domain' });
    expect(generatedOtherAddress('', '<ret-77@a.zKpQmRtWxLbN4.example>')).toEqual({ where: 'envelope', part: 'domain' });
    expect(generatedOtherAddress('', 'bounce@m7xk2qa9zt.example')).toEqual({ where: 'envelope', part: 'domain' });
    // a bounce token in the name part is normal for mailing services
    expect(generatedOtherAddress('', 'QeRtZpLmKsXw@bounces.mailer.example')).toBeUndefined();
    expect(generatedOtherAddress('support@shop.example', 'bounces+1234-ab_cd=shop.example@mailer.example')).toBeUndefined();
  });
});
