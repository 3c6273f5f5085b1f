import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';
import { bold, sansBold, script, fullwidth, encodedWord } from './identity/stylised-testing.js';

/**
 * A From name that writes a domain, an address or a brand in stylised letters (sender.stylised-name):
 * warned alone, held with another strong sign (two-strong-signals); names in Vietnamese, Chinese,
 * Japanese, with emoji or in a fancy font that names nothing are left alone. Messages written for the
 * test (documentation domains), through the real parser, scanners and the shipped policy.
 */
const verdict = shippedPolicyVerdicts();
const enc = encodedWord;
const mail = (name: string, address: string, subject: string, body: string) =>
  singlePartMail({ From: `${enc(name)} <${address}>`, Subject: enc(subject) }, body);

const NEUTRAL_EN = 'Hello,\r\n\r\nThank you for being with us. Our spring catalogue is out, with new products for the garden and the kitchen.\r\n\r\nBest regards';
const NEUTRAL_VI = 'Chào bạn,\r\n\r\nCảm ơn bạn đã đồng hành cùng chúng tôi. Danh mục sản phẩm mùa xuân đã có, với nhiều sản phẩm mới cho gia đình.\r\n\r\nTrân trọng';

describe('stylised letters in the From name: caught', () => {
  it('warns on a domain in math sans-serif bold (English)', async () => {
    const v = await verdict(mail(`${sansBold('Kinder.de')} Gewinnspiel`, 'promo@mailer-7.example', 'Spring catalogue', NEUTRAL_EN));
    expect(v.kinds).toContain('sender.stylised-name');
    expect(v.rules).toContain('stylised-sender-name');
    expect(v.warning).toBe(true);
    expect(v.action).toBe('deliver');
    expect(v.reasonsEn.join('\n')).toContain('kinder[.]de');
    expect(v.reasons.join('\n')).toContain('chữ cách điệu');
  });

  it('holds a math-bold bank address (Vietnamese)', async () => {
    const v = await verdict(mail(bold('hotro@vietcombank.com.vn'), 'tb@ab12cd.example', 'Danh mục sản phẩm mùa xuân', NEUTRAL_VI));
    expect(v.findings.find((f) => f.kind === 'sender.stylised-name'), JSON.stringify([v.rules, v.findings])).toMatchObject({ tags: ['address'], subject: 'hotro@vietcombank.com.vn' });
    expect(v.rules).toContain('stylised-sender-name');
    // The address imitates a protected bank domain too (lookalike-sender, display-name-address): held.
    expect(v.action).toBe('quarantine');
  });

  it('holds a full-width brand name with an account lure (English)', async () => {
    const v = await verdict(
      mail(fullwidth('PayPal'), 'service@account-notice.example', 'Your account has been limited',
        'Dear customer,\r\n\r\nWe noticed unusual activity and your account has been limited. Verify your account within 24 hours or it will be suspended.\r\n\r\nhttps://account-notice.example/verify\r\n\r\nPayPal'),
    );
    expect(v.findings.find((f) => f.kind === 'sender.stylised-name')).toMatchObject({ tags: ['name'] });
    expect(v.action).toBe('quarantine');
  });

  it('holds a stylised domain with an account lure: the second strong sign (two-strong-signals)', async () => {
    const lure = 'Dear customer,\r\n\r\nYour account has been suspended due to unusual activity. Verify your account within 24 hours to restore access.\r\n\r\nhttps://restore-access.example/login';
    const v = await verdict(mail(`${sansBold('Kinder.de')} Kundenservice`, 'kundenservice@restore-access.example', 'Your account has been suspended', lure));
    expect(v.kinds).toContain('sender.stylised-name');
    expect(v.rules).toContain('two-strong-signals');
    expect(v.action).toBe('quarantine');
    // The same message from a plainly written name is only warned: the stylised name made the difference.
    const plain = await verdict(mail('Kinder Kundenservice', 'kundenservice@restore-access.example', 'Your account has been suspended', lure));
    expect(plain.action).not.toBe('quarantine');
  });

  it('holds a bold bank name with an account lure (Vietnamese)', async () => {
    const v = await verdict(
      mail(`Ngân hàng ${bold('Vietcombank')}`, 'thongbao@vcb-canhbao.example', 'Tài khoản của quý khách bị tạm khóa',
        'Kính gửi quý khách,\r\n\r\nTài khoản của quý khách đã bị tạm khóa do đăng nhập bất thường. Vui lòng xác minh tài khoản trong vòng 24 giờ để tránh bị khóa vĩnh viễn.\r\n\r\nhttps://vcb-canhbao.example/xac-minh\r\n\r\nVietcombank'),
    );
    expect(v.kinds).toContain('sender.stylised-name');
    expect(v.action).toBe('quarantine');
  });
});

describe('stylised letters in the From name: ordinary names left alone', () => {
  for (const [what, name, address] of [
    ['a Vietnamese name with diacritics', 'Nguyễn Thị Hồng Nhung – Phòng Hành chính', 'nhung.nth@truong-thpt.example'],
    ['a Chinese name', '王小明', 'wang@example.cn'],
    ['a Japanese company name with full-width letters', '株式会社ＮＴＴドコモ ｄポイント', 'info@docomo.example'],
    ['a name with an emoji', 'Linh 🌸 Trần', 'linh@example.vn'],
    ['a fancy-font newsletter name', script('Garden Weekly'), 'news@garden.example'],
    ['a trade mark sign', 'Acme™ News', 'news@acme.example'],
  ] as const) {
    it(what, async () => {
      const v = await verdict(mail(name, address, 'Spring catalogue', NEUTRAL_EN));
      expect(v.kinds).not.toContain('sender.stylised-name');
      expect(v.action).toBe('deliver');
      expect(v.warning, JSON.stringify(v.rules)).toBe(false);
    });
  }
});
