import { describe, expect, it } from 'vitest';
import { disguisedAddress } from './identity/disguised-address.js';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';
import { bold, sansBold, fullwidth, encodedWord } from './identity/stylised-testing.js';

/**
 * Two sender signs that justify holding mail the lists only warned about:
 *  - the From ADDRESS written to show a domain it does not come from (sender.disguised-address, rule
 *    disguised-sender-address): stylised letters ("no-reply@𝗞𝗶𝗻𝗱𝗲𝗿.𝗱𝗲", which host-name mapping
 *    reads as kinder.de) or a quoted address as the name part (<"noreply@brand.example">): held alone;
 *  - a personal free-mail mailbox writing to hidden recipients (sender.freemail-hidden-recipients)
 *    beside scam wording: the advance-fee letter, held by phrase-with-sender-or-link-sign; and a
 *    stylised From name beside scam wording, the same way.
 * Look-alike genuine mail (internationalised domains with diacritics, a name that repeats the
 * address, a quoted local part, a commune police warning from Gmail to hidden recipients, a
 * parents' group letter) is not held. Messages written for the test (documentation domains),
 * through the real parser, scanners and the shipped policy.
 */
const verdict = shippedPolicyVerdicts();
const enc = encodedWord;

const TESTER_DE =
  'Guten Tag,\r\n\r\nhelfen Sie uns, Produkte zu bewerten und zu testen! Werden Sie ein unabhängiger Produkt-Tester.\r\n' +
  'Jetzt kostenloses Testpaket anfordern: https://testpaket-angebot.example/start\r\n\r\nIhr Team';
const VOUCHER_VI =
  'Kính gửi quý khách,\r\n\r\nNhân dịp kỷ niệm thành lập, quý khách được tặng phiếu mua hàng trị giá 500.000đ. ' +
  'Vui lòng xác nhận thông tin để nhận phiếu: https://uu-dai-thang.example/nhan\r\n\r\nTrân trọng';
const ENERGY_NL =
  'Energietarieven zijn gedaald — check uw besparing.\r\n\r\nBinnen één minuut uw persoonlijke bespaarindicatie, gratis en zonder verplichtingen.\r\n' +
  'https://bespaarcheck.example/start\r\n\r\nMet vriendelijke groet';
const NEWSLETTER_EN =
  'Hello,\r\n\r\nOur spring catalogue is out, with new products for the garden and the kitchen.\r\n' +
  'https://www.garden-shop.example/catalogue\r\n\r\nBest regards';

describe('a disguised From address: held alone', () => {
  it('holds a From domain in math sans-serif bold (German product-tester offer)', async () => {
    const v = await verdict(singlePartMail({ From: `${enc('Dein Kinder Geschenk')} <no-reply@${sansBold('Kinder')}.${sansBold('de')}>`, Subject: enc('Jetzt teilnehmen!') }, TESTER_DE));
    expect(v.findings.find((f) => f.kind === 'sender.disguised-address'), JSON.stringify(v.findings)).toMatchObject({ tags: ['stylised'], subject: 'no-reply@kinder.de' });
    expect(v.rules).toContain('disguised-sender-address');
    expect(v.action).toBe('quarantine');
    expect(v.reasons.join('\n')).toContain('Địa chỉ người gửi được viết giả');
    expect(v.reasonsEn.join('\n')).toContain('kinder[.]de');
  });

  it('holds a bank address in math bold (Vietnamese voucher)', async () => {
    const v = await verdict(singlePartMail({ From: `${enc('Chăm sóc khách hàng')} <cskh@${bold('vietcombank')}.com.vn>`, Subject: enc('Quà tặng tri ân') }, VOUCHER_VI));
    expect(v.kinds).toContain('sender.disguised-address');
    expect(v.action).toBe('quarantine');
  });

  it('holds a full-width address (English newsletter wording)', async () => {
    const v = await verdict(singlePartMail({ From: `Garden Shop <${fullwidth('news@garden-shop.example')}>`, Subject: 'Spring catalogue' }, NEWSLETTER_EN));
    expect(v.findings.find((f) => f.kind === 'sender.disguised-address')).toMatchObject({ tags: ['stylised'] });
    expect(v.action).toBe('quarantine');
  });

  it('holds a quoted address with no domain (Dutch energy lure)', async () => {
    const v = await verdict(singlePartMail({ From: `EnergieTeam <"service@vergelijk-energie.example">`, Subject: 'Actie aanbevolen: mogelijk lager energietarief' }, ENERGY_NL));
    expect(v.findings.find((f) => f.kind === 'sender.disguised-address'), JSON.stringify(v.findings)).toMatchObject({ tags: ['quoted'], subject: 'service@vergelijk-energie.example' });
    expect(v.action).toBe('quarantine');
  });

  it('holds a quoted government address before another domain (Vietnamese)', async () => {
    const v = await verdict(singlePartMail({ From: `${enc('Cổng Dịch vụ công')} <"thongbao@dichvucong.gov.vn"@mailer-7.example>`, Subject: enc('Thông báo') }, VOUCHER_VI));
    expect(v.findings.find((f) => f.kind === 'sender.disguised-address'), JSON.stringify(v.findings)).toMatchObject({ tags: ['quoted'], subject: 'thongbao@dichvucong.gov.vn' });
    expect(v.action).toBe('quarantine');
  });

  it('the same messages from plainly written addresses are not held by this rule', async () => {
    for (const [from, body] of [
      [`${enc('Dein Kinder Geschenk')} <no-reply@kinder-geschenk.example>`, TESTER_DE],
      [`EnergieTeam <service@vergelijk-energie.example>`, ENERGY_NL],
      [`Garden Shop <news@garden-shop.example>`, NEWSLETTER_EN],
    ] as const) {
      const v = await verdict(singlePartMail({ From: from, Subject: 'Hello' }, body));
      expect(v.kinds, from).not.toContain('sender.disguised-address');
      expect(v.action, from).toBe('deliver');
    }
  });
});

describe('a disguised From address: look-alike genuine addresses left alone', () => {
  for (const [what, from] of [
    ['an internationalised domain with German letters', 'Stadtwerke <info@stadtwerke-münchen.example>'],
    ['an internationalised Vietnamese domain', `${enc('Phòng Hành chính')} <lienhe@tiếngviệt.example>`],
    ['a name that repeats the address in quotes', '"hotro@truong-thpt.example" <hotro@truong-thpt.example>'],
    ['a quoted local part with a dot', '"nguyen.van.an" <"nguyen.van.an"@so-gd.example>'],
    ['the same domain twice', '<"hotro@so-gd.example"@so-gd.example>'],
  ] as const) {
    it(`does not flag ${what}`, async () => {
      const v = await verdict(singlePartMail({ From: from, Subject: 'Lịch họp tuần sau' }, 'Chào anh chị,\r\n\r\nLịch họp tuần sau gửi kèm bên dưới.\r\n\r\nTrân trọng'));
      expect(v.kinds, JSON.stringify(v.findings)).not.toContain('sender.disguised-address');
      expect(v.action).toBe('deliver');
    });
  }

  it('reads addresses directly', () => {
    expect(disguisedAddress(`a@${sansBold('Kinder')}.de`)).toMatchObject({ tag: 'stylised', shown: 'a@kinder.de' });
    expect(disguisedAddress('"noreply@brand.example"')).toMatchObject({ tag: 'quoted', shown: 'noreply@brand.example' });
    expect(disguisedAddress('"noreply@brand.example"@other.example')).toMatchObject({ tag: 'quoted' });
    expect(disguisedAddress('"noreply@brand.example"@brand.example')).toBeUndefined();
    expect(disguisedAddress('"john doe"@example.com')).toBeUndefined();
    expect(disguisedAddress('info@münchen.example')).toBeUndefined();
    // One stray stylised letter is not a disguised name.
    expect(disguisedAddress(`info@${bold('a')}cme.example`)).toBeUndefined();
    expect(disguisedAddress('')).toBeUndefined();
    expect(disguisedAddress(undefined)).toBeUndefined();
  });
});

const WIDOW =
  'Dear Friend,\r\n\r\nI am Mrs. Helen Carter, 68 years old, and I am suffering from a long illness. ' +
  'Since the death of my late husband I have decided to donate what I have to charity through someone honest. ' +
  'Please reply so that I can give you the details.\r\n\r\nMrs. Helen Carter';

describe('a free-mail mailbox writing to hidden recipients, beside scam wording', () => {
  it('holds the advance-fee widow letter to undisclosed recipients (English)', async () => {
    const v = await verdict(singlePartMail({ From: 'Mrs. Helen Carter <helen.carter.1956@gmail.com>', To: 'undisclosed-recipients:;', Subject: 'Please I need your help' }, WIDOW));
    expect(v.kinds).toContain('sender.freemail-hidden-recipients');
    expect(v.kinds).toContain('content.phrase');
    expect(v.rules).toContain('phrase-with-sender-or-link-sign');
    expect(v.action).toBe('quarantine');
  });

  it('holds the same letter with no To at all', async () => {
    const v = await verdict(
      ['From: Mrs. Helen Carter <helen.carter.1956@outlook.com>', 'Subject: Please I need your help', 'Date: Mon, 4 Nov 2024 08:00:00 +0700', 'Message-ID: <w@x.example>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', WIDOW, ''].join('\r\n'),
    );
    expect(v.findings.find((f) => f.kind === 'sender.freemail-hidden-recipients')).toMatchObject({ tags: ['no-to', 'outlook.com'] });
    expect(v.action).toBe('quarantine');
  });

  it('the same letter to a named recipient is only warned (the phrase alone)', async () => {
    const v = await verdict(singlePartMail({ From: 'Mrs. Helen Carter <helen.carter.1956@gmail.com>', Subject: 'Please I need your help' }, WIDOW));
    expect(v.kinds).not.toContain('sender.freemail-hidden-recipients');
    expect(v.action).toBe('deliver');
  });

  it('holds scam wording under a stylised From name', async () => {
    const v = await verdict(singlePartMail({ From: `${enc(sansBold('carter-foundation.org'))} <donations@relief-fund.example>`, Subject: 'Donation' }, WIDOW));
    expect(v.kinds).toContain('sender.stylised-name');
    expect(v.rules).toContain('phrase-with-sender-or-link-sign');
    expect(v.action).toBe('quarantine');
  });

  it('does not hold a parents\u2019 group letter from Gmail to hidden recipients', async () => {
    const v = await verdict(
      singlePartMail(
        { From: `${enc('Trần Thị Mai')} <mai.tran.phuhuynh@gmail.com>`, To: 'undisclosed-recipients:;', Subject: enc('Họp phụ huynh lớp 5A') },
        'Kính gửi các anh chị phụ huynh lớp 5A,\r\n\r\nBuổi họp phụ huynh cuối kỳ sẽ diễn ra lúc 8 giờ sáng Chủ nhật tại phòng học lớp 5A. Mong các anh chị sắp xếp thời gian tham dự.\r\n\r\nTrân trọng,\r\nMai (Ban đại diện phụ huynh)',
      ),
    );
    expect(v.kinds).toContain('sender.freemail-hidden-recipients');
    expect(v.action).toBe('deliver');
  });

  it('does not hold a commune police fraud warning from Gmail to hidden recipients, though it quotes the lures', async () => {
    const v = await verdict(
      singlePartMail(
        { From: `${enc('Công an xã Tân Phú')} <congan.xatanphu@gmail.com>`, To: 'undisclosed-recipients:;', Subject: enc('Cảnh báo thủ đoạn lừa đảo qua mạng') },
        'Kính gửi bà con nhân dân,\r\n\r\nCông an xã cảnh báo thủ đoạn lừa đảo: các đối tượng gọi điện, nhắn tin báo "bạn đã trúng thưởng", mời "việc nhẹ lương cao", "vay tiền online" rồi yêu cầu chuyển khoản trước. ' +
          'Bà con tuyệt đối không chuyển tiền, không cung cấp mã OTP cho bất kỳ ai. Khi có nghi vấn, hãy báo ngay cho Công an xã.\r\n\r\nCông an xã Tân Phú',
      ),
    );
    expect(v.rules).not.toContain('phrase-with-sender-or-link-sign');
    expect(v.action).toBe('deliver');
  });
});
