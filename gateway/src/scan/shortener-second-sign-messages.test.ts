import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Filler text hidden by CSS (content.hidden-text tag 'padding') in a message whose every web link
 * goes through a URL shortener (url.hidden-destination tag 'shortener'): two independent tricks,
 * held by the rule hidden-padding-all-links-shortened. Each alone only warns, and the genuine mail
 * that shows one of them (a newsletter with bit.ly links and a hidden preheader or mobile block, a
 * personal note with one short link) is not held.
 * Messages written for the test (documentation domains), through the real parser and scanners.
 */
const verdict = shippedPolicyVerdicts();
const html = (headers: Record<string, string>, body: string) => singlePartMail(headers, body, 'text/html');

// Hash-buster filler: sentences copied from unrelated mail, hidden from the reader.
const FILLER_EN =
  'Thank you for your order with our travel service. Your booking reference is shown below. Terms of use and privacy ' +
  'policy apply to all tickets bought on our site. We are really happy to have you with us and hope to see you again. ';
const FILLER_VI =
  'Cảm ơn quý khách đã đặt vé tại hệ thống của chúng tôi. Mã đặt chỗ được ghi bên dưới. Điều khoản sử dụng và chính sách ' +
  'bảo mật áp dụng cho mọi vé mua trên trang. Chúng tôi rất vui được phục vụ quý khách và hẹn gặp lại lần sau. ';
const hiddenBlock = (filler: string) => `<div style="display:none;font-size:0;max-height:0;overflow:hidden">${filler.repeat(4)}</div>`;

describe('hidden filler text with every link shortened', () => {
  it('holds the English kind: a keto "special offer" with hidden filler and only bit.ly links', async () => {
    const v = await verdict(
      html(
        { From: 'KETO Exclusive <offers.k7@mail-deals.example>', Subject: 'Your special keto offer' },
        `<p>Your special KETO offer is waiting. Only 3 bottles left at this price!</p>` +
          `<p><a href="https://bit.ly/3kEtoXy">Claim my bottle</a></p><p><a href="https://tinyurl.com/kx9-stop">Stop these emails</a></p>` +
          hiddenBlock(FILLER_EN),
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.hidden-text', 'url.hidden-destination', 'url.shortener']));
    expect(v.rules).toContain('hidden-padding-all-links-shortened');
    expect(v.action).toBe('quarantine');
  });

  it('holds the Vietnamese kind: "thuốc giảm cân" with hidden filler and only shortened links', async () => {
    const v = await verdict(
      html(
        { From: 'Ưu đãi sức khỏe <uudai.99@khuyenmai-suckhoe.example>', Subject: 'Ưu đãi giảm cân đặc biệt hôm nay' },
        `<p>Chỉ còn 3 hộp với giá ưu đãi, đặt ngay kẻo lỡ!</p><p><a href="https://bit.ly/giam-can-x">Đặt hàng ngay</a></p>` +
          hiddenBlock(FILLER_VI),
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.hidden-text', 'url.hidden-destination']));
    expect(v.rules).toContain('hidden-padding-all-links-shortened');
    expect(v.action).toBe('quarantine');
  });

  it('only warns when the filler is hidden but a link goes to a named site (a newsletter with a mobile-only block)', async () => {
    const v = await verdict(
      html(
        { From: 'Bản tin Hội Nông dân <bantin@hoinongdan.example>', Subject: 'Bản tin tháng 11' },
        `<p>Tin nổi bật tháng này: hội thảo giống lúa mới.</p><p><a href="https://bit.ly/hoi-thao-lua">Đăng ký dự</a></p>` +
          `<p><a href="https://hoinongdan.example/huy-dang-ky">Hủy đăng ký</a></p>` +
          hiddenBlock(FILLER_VI),
      ),
    );
    expect(v.kinds).toContain('content.hidden-text');
    expect(v.kinds).toContain('url.shortener');
    expect(v.kinds).not.toContain('url.hidden-destination');
    expect(v.rules).not.toContain('hidden-padding-all-links-shortened');
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(true);
  });

  it('only warns when every link is shortened but nothing is hidden (a personal note with one bit.ly link)', async () => {
    const v = await verdict(
      singlePartMail(
        { From: 'Trần Minh <tran.minh@example.com>', Subject: 'Ảnh chuyến đi Sa Pa' },
        'Chào chị, ảnh chuyến đi Sa Pa em để ở đây nhé: https://bit.ly/sapa-2024-anh\nThanks, Minh',
      ),
    );
    expect(v.kinds).toContain('url.hidden-destination');
    expect(v.kinds).not.toContain('content.hidden-text');
    expect(v.action).toBe('deliver');
  });

  it('does not count a preheader of invisible spacing (&zwnj;&nbsp;) in a bit.ly-only marketing mail', async () => {
    const v = await verdict(
      html(
        { From: 'Cửa hàng Sách Việt <tin@sachviet.example>', Subject: 'Sách mới tháng này' },
        `<div style="display:none">Sách mới về: giảm 20% cho hội viên${'&zwnj;&nbsp;'.repeat(150)}</div>` +
          `<p>Mời bạn xem sách mới về trong tháng.</p><p><a href="https://bit.ly/sach-moi-11">Xem sách mới</a></p>`,
      ),
    );
    expect(v.kinds).toContain('url.hidden-destination');
    expect(v.findings.find((f) => f.kind === 'content.hidden-text')?.tags ?? []).not.toContain('padding');
    expect(v.rules).not.toContain('hidden-padding-all-links-shortened');
    expect(v.action).toBe('deliver');
  });
});

/**
 * A shortened link alone only warns (newsletters use bit.ly); with the From name of a crypto
 * company it does not belong to (Ripple, lists/brands.txt), it is a fake "XRP programme": held by
 * two-strong-signals. An ordinary name containing the word is not the brand.
 */
describe('a shortened link from a sender posing as Ripple', () => {
  const XRP_EN =
    '<p>Dear valued community members, we have launched the XRP Accelerator Program. Log in to your toolkit account and claim your share.</p>' +
    '<p><a href="https://t.co/AbCdEf1234">Claim now</a></p>';
  it('holds the English kind: "Ripple Labs, Inc." from another domain with a t.co link', async () => {
    const v = await verdict(html({ From: '"Ripple Labs, Inc." <absar@trading-bd.example>', Subject: 'Releasing the accelerator program' }, XRP_EN));
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.brand-impersonation', 'url.shortener']));
    expect(v.rules).toContain('two-strong-signals');
    expect(v.action).toBe('quarantine');
  });

  it('holds the Vietnamese kind: "Ripple" airdrop with a bit.ly link', async () => {
    const v = await verdict(
      html(
        { From: 'Ripple Hỗ trợ <hotro@vi-xrp.example>', Subject: 'Nhận XRP miễn phí' },
        '<p>Chương trình tặng XRP cho cộng đồng Việt Nam: đăng nhập ví và nhận phần của bạn trước 24 giờ.</p><p><a href="https://bit.ly/xrp-vn">Nhận ngay</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.brand-impersonation', 'url.shortener']));
    expect(v.action).toBe('quarantine');
  });

  it('leaves Ripple\u2019s own mail and an ordinary name with the word alone', async () => {
    const own = await verdict(html({ From: 'Ripple <news@ripple.com>', Subject: 'Ripple quarterly' }, XRP_EN));
    expect(own.kinds).not.toContain('sender.brand-impersonation');
    expect(own.action).toBe('deliver');
    const word = await verdict(
      html({ From: 'Ripple Effect Youth Club <club@rippleeffect.example>', Subject: 'Photos from Saturday' }, '<p>Photos: <a href="https://bit.ly/club-photos">album</a></p>'),
    );
    expect(word.kinds).not.toContain('sender.brand-impersonation');
    expect(word.action).toBe('deliver');
  });
});
