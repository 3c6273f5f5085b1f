import { describe, expect, it } from 'vitest';
import { moneyOffer } from './identity/money-offer.js';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';
import { makeMessage } from './test-helpers.js';

/**
 * Hand-written messages through the real parser, the scanners (no DNS) and the shipped policy:
 *  - money said to be waiting, from a free-mail mailbox (content.lure tag from-freemail, rule
 *    funds-lure-freemail) — the "AI Bitcoin earning platform" withdrawal scam;
 *  - a money lure whose links lead away from the sender, with a scam phrase (the lure's
 *    claim-elsewhere counts as the link sign of phrase-with-sender-or-link-sign);
 *  - a fortune offered with the answers asked on free mail (sender.reply-to-mismatch tag
 *    money-offer, rule advance-fee-reply-elsewhere) — advance-fee fraud;
 *  - romance-scam wording asking for answers at a free-mail address ("Response me to …").
 * Each with the legitimate mail it resembles.
 */
const verdict = shippedPolicyVerdicts();
const text = (headers: Record<string, string>, body: string) => singlePartMail(headers, body);
const html = (headers: Record<string, string>, body: string) => singlePartMail(headers, body, 'text/html');

describe('money waiting for the reader, sent from a free-mail mailbox', () => {
  it('holds the English withdrawal scam from Gmail, with no link at all', async () => {
    const v = await verdict(
      text(
        { From: 'Mary Hollis <maryhollisqzt@gmail.com>', To: 'someone@lachan.test', Subject: 'You have 24 hours to withdraw +14,210$' },
        'You joined our automatic Bitcoin platform a year ago. Your account holds $21,340.\n' +
          'Your account will be blocked within 24 hours. Withdraw your funds immediately: the attached PDF explains how.\n',
      ),
    );
    expect(v.rules).toContain('funds-lure-freemail');
    expect(v.action).toBe('quarantine');
  });

  it('holds the same lure in Vietnamese from Yahoo', async () => {
    const v = await verdict(
      text(
        { From: 'Nguyễn Lan <lan.nguyen8812@yahoo.com.vn>', To: 'canbo@lachan.test', Subject: 'Số dư tài khoản của bạn sắp bị khóa' },
        'Tài khoản đầu tư của bạn có số dư khả dụng 48.500 USD đang chờ rút.\n' +
          'Tài khoản sẽ bị khóa trong vòng 24 giờ. Hãy xác minh và rút tiền ngay theo hướng dẫn trong tệp đính kèm.\n',
      ),
    );
    expect(v.rules).toContain('funds-lure-freemail');
    expect(v.action).toBe('quarantine');
  });

  it('leaves a colleague on Gmail alone who writes about a refund without pressing the reader', async () => {
    const v = await verdict(
      text(
        { From: 'Trần Minh <tranminh.ubnd@gmail.com>', To: 'ketoan@lachan.test', Subject: 'Hồ sơ hoàn tiền hội nghị' },
        'Chào chị, em gửi lại bảng kê hoàn tiền vé máy bay hội nghị tháng 10. Số dư tạm ứng còn 1.200.000 đồng, ' +
          'chị kiểm tra giúp em trước thứ Sáu nhé. Cảm ơn chị.\n',
      ),
    );
    expect(v.rules).not.toContain('funds-lure-freemail');
    expect(v).toMatchObject({ action: 'deliver', warning: false });
  });

  it('does not tag an exchange\u2019s own withdrawal notice sent from its own domain', async () => {
    const v = await verdict(
      html(
        { From: 'CoinVault <no-reply@coinvault-exchange.com>', Subject: 'Pending withdrawal' },
        '<p>Your withdrawal of 0.84 BTC is pending. Confirm the transfer within 24 hours or it will be cancelled.</p>' +
          '<p><a href="https://www.coinvault-exchange.com/account/withdrawals/88">Review it in your account</a></p>',
      ),
    );
    expect(v.rules).not.toContain('funds-lure-freemail');
    expect(v.action).toBe('deliver');
  });
});

describe('a money lure whose links lead elsewhere, with scam wording', () => {
  it('holds a "withdraw your funds" notice whose button goes to a third site', async () => {
    const v = await verdict(
      html(
        { From: 'Claims Desk <news@garden-tools-shop.com>', Subject: 'Reminder: withdraw your funds today' },
        '<p>Your claim is now available for withdrawal. Your wallet balance is pending: withdraw your funds within 72 hours.</p>' +
          '<p><a href="https://payout-claims-center.net/c/8812">Withdraw now</a></p>',
      ),
    );
    expect(v.rules).toContain('funds-lure-elsewhere');
    expect(v.rules).toContain('phrase-with-sender-or-link-sign');
    expect(v.action).toBe('quarantine');
  });
});

describe('a fortune offered, answers asked on free mail (advance-fee fraud)', () => {
  it('holds a donation of millions with replies diverted to Gmail', async () => {
    const v = await verdict(
      text(
        { From: 'N. Puech <info@small-clinic.es>', 'Reply-To': 'npuech.foundation@gmail.com', To: 'Undisclosed recipients:;', Subject: 'Hi' },
        'Mr. Puech would like to know if you are accepting his donation of US$ 2.000.000,00. Please email him to discuss the details.\n',
      ),
    );
    expect(v.rules).toContain('advance-fee-reply-elsewhere');
    expect(v.action).toBe('quarantine');
  });

  it('holds the Vietnamese version: an inheritance, "liên hệ" a Gmail address in the text', async () => {
    const v = await verdict(
      text(
        { From: 'Luật sư Hoàng <vanphong@luat-hoang-partners.com>', To: 'canbo@lachan.test', Subject: 'Khoản thừa kế chưa có người nhận' },
        'Kính gửi ông/bà, thân chủ của chúng tôi để lại khoản thừa kế trị giá 4,5 triệu đô la và ông/bà là người cùng họ duy nhất.\n' +
          'Vui lòng liên hệ email riêng: hoang.lawyer.private@gmail.com để biết chi tiết.\n',
      ),
    );
    expect(v.kinds).toContain('sender.reply-to-mismatch');
    expect(v.rules).toContain('advance-fee-reply-elsewhere');
    expect(v.action).toBe('quarantine');
  });

  it('only warns on a Gmail Reply-To without any fortune (a staff member\u2019s own mailbox)', async () => {
    const v = await verdict(
      text(
        { From: 'Hội nghị tỉnh <hoinghi@event-hall.vn>', 'Reply-To': 'bantochuc.hoinghi@gmail.com', To: 'canbo@lachan.test', Subject: 'Lịch hội nghị' },
        'Hội nghị tổng kết năm bắt đầu lúc 8 giờ thứ Hai. Ngân sách tổ chức 5 tỷ đồng đã được duyệt. Mọi thắc mắc xin gửi về ban tổ chức.\n',
      ),
    );
    expect(v.rules).not.toContain('advance-fee-reply-elsewhere');
    expect(v.action).toBe('deliver');
  });

  it('reads sums of millions and offered fortunes, not budgets in đồng or requests for donations', () => {
    const offer = (subject: string, body: string) => moneyOffer(makeMessage({ subject, text: body }));
    expect(offer('Donation', 'You were selected to receive a donation of two million dollars.')).toBeDefined();
    expect(offer('', 'Seu e-mail foi selecionado para receber uma doação de dois milhões de dólares.')).toBeDefined();
    expect(offer('', 'the sum of $4,500,000 left by my late client')).toBeDefined();
    expect(offer('', 'Bạn là người thừa kế duy nhất')).toBeDefined();
    expect(offer('Ngân sách', 'Dự án được cấp 5 tỷ đồng, tương đương 12.500.000.000 đồng.')).toBeUndefined();
    expect(offer('Charity run', 'Please consider a donation to our charity run; every $10 helps.')).toBeUndefined();
    expect(offer('Invoice', 'Total due: $1,250.00')).toBeUndefined();
  });
});

describe('romance-scam wording asking for answers on free mail', () => {
  it('finds "Response me to …" and "my e-mail for response …" as requests to write elsewhere', async () => {
    for (const body of [
      "I'm lonely woman. Today I'm trying to find a kind man! Response me to anna.k1990@outlook.com , I will send you my photo.\n",
      "I am 32 years old girl from Kazakhstan. It's my e-mail for response anngosa80@gmail.com . I will reply with my picture.\n",
    ]) {
      const v = await verdict(text({ From: 'Laura <laura@hacked-shop.jp>', To: 'someone@lachan.test', Subject: 'Hello my dear' }, body));
      expect(v.kinds).toContain('sender.reply-to-mismatch');
      expect(v.warning || v.action !== 'deliver').toBe(true);
    }
  });

  it('does not read "in response to" a colleague\u2019s question as such a request', async () => {
    const v = await verdict(
      text(
        { From: 'Phòng CNTT <cntt@so-tttt.vn>', To: 'canbo@lachan.test', Subject: 'Re: tài khoản thư' },
        'In response to your question yesterday, the old address nguyenvana.sotttt@gmail.com was only used during the migration.\n',
      ),
    );
    expect(v.kinds).not.toContain('sender.reply-to-mismatch');
    expect(v).toMatchObject({ action: 'deliver', warning: false });
  });
});
