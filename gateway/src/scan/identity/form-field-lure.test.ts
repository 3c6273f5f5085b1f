import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanIdentity } from './index.js';
import { formFieldLure } from './form-field-lure.js';

const ctx = makeContext(makePolicy({ localDomains: ['lachan.test'] }));
const found = (text: string) =>
  scanIdentity(makeMessage({ from: [addr('Web Form <noreply@printshop.example>')], text }), ctx).filter((f) => f.kind === 'content.link-in-name');
const tags = (text: string) => formFieldLure(makeMessage({ text }))?.tags;

describe('content.link-in-name in a form field', () => {
  it('flags a contact-form notification whose name field holds a lure with a link', () => {
    const text = [
      'Contact form',
      'First Name',
      'Great news! 0.92 BTC is credited to you. Withdraw it here: https://payout-desk.net/w/71',
      'Last Name',
      'Great news! 0.92 BTC is credited to you. Withdraw it here: https://payout-desk.net/w/71',
      'E-mail',
      'an.nguyen@lachan.test',
      'Message',
      'Great news!',
    ].join('\n');
    const fs = found(text);
    expect(fs.map((f) => [f.tags, f.subject])).toEqual([[['form-field', 'payout-desk.net'], 'payout-desk.net']]);
    expect(fs[0]!.detail).toContain('"First Name"');
  });

  it('flags "Label: value" on one line, in the languages form notifications arrive in', () => {
    expect(tags('Identifiant : www.bonus-retrait.net - 1.3 BTC\n\nPour choisir votre mot de passe, suivez le lien.')).toEqual([
      'form-field',
      'www.bonus-retrait.net',
    ]);
    expect(tags('Username: 💰 claim 500 USDT → cl.im/Zk9q\nPassword: (the one you chose)')).toEqual(['form-field', 'cl.im']);
    expect(tags('Họ tên: Nhận 5.000.000đ tại https://qua-tang-ngay.com/n\nSố điện thoại: 0901234567')).toEqual([
      'form-field',
      'qua-tang-ngay.com',
    ]);
    expect(tags('Nome *\nSeu saldo de R$ 2.300 está liberado: https://saque-agora.net/r')).toEqual(['form-field', 'saque-agora.net']);
  });

  it('leaves names, user names, and links in other fields or on other lines alone', () => {
    // a real contact form: the person's name, a link in the Website and Message fields
    expect(
      tags('Name\nNguyễn Văn An\nWebsite\nhttps://www.anvan-design.vn\nMessage\nPlease see www.anvan-design.vn/catalogue for the order.'),
    ).toBeUndefined();
    // a welcome mail: the user name, then the sign-in page on the next line
    expect(tags('Username: an.nguyen\nSign in at https://portal.tinh.gov.vn/login to choose a password.')).toBeUndefined();
    expect(tags('Username: an.nguyen@lachan.test\nLogin: https://cpanel.hostvn.net:2083/')).toBeUndefined();
    // an empty label followed by another labelled line is not the label's value
    expect(tags('Name:\nURL: https://github.com/siemens/jailhouse')).toBeUndefined();
    // a package description quoted in a mailing-list post
    expect(tags('Name: jailhouse\nVersion: 0.12\nURL: https://github.com/siemens/jailhouse\nSummary: partitioning hypervisor')).toBeUndefined();
    // the word in running text, a patch line, a longer label are not field labels
    expect(tags('My name is An, see https://anvan-design.vn/cv for my work.')).toBeUndefined();
    expect(tags('+  name: https://gitlab.com/ci/config')).toBeUndefined();
    expect(tags('Company name\nhttps://www.anvan-design.vn')).toBeUndefined();
  });
});
