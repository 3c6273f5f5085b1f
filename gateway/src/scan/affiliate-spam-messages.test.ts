import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';

/**
 * Two kinds of bulk mail the shipped policy holds only when two independent signs agree, each with
 * the genuine mail that shows one of the signs and must not be held:
 *  - affiliate "offer" mail naming a well-known shop or insurer in the From name (brands list) from
 *    a machine-made address (random mixed-case name part): brand impersonation + generated address,
 *    two-strong-signals;
 *  - a newsletter copied whole and pushed screens below the fold by its CSS
 *    (content.pushed-out-of-view) under a picture link pasted on top (url.pasted-top-link), or sent
 *    from a machine-made address.
 * Messages written for the test (documentation domains), through the real parser and scanners.
 */
const verdict = shippedPolicyVerdicts();
const html = (headers: Record<string, string>, body: string) => singlePartMail(headers, body, 'text/html');

const OFFER =
  '<h1>Big Value: $30 Sam\u2019s Cash with Membership</h1><p>This message was sent by a 3rd party marketing company. ' +
  'Join now and receive $30 Sam\u2019s Cash when you buy a $50 club membership.</p><p><a href="https://offers.deal-track.example/c/8f3k">Join now</a></p>';

describe('affiliate offer mail naming a shop from a machine-made address', () => {
  it('is held: the From name claims the brand and the address was made by a program (two-strong-signals)', async () => {
    const v = await verdict(html({ From: 'Sam\u2019s Club Affiliate Deal <dmqBUyZrTk@slave.mailer-net.example>', Subject: 'Big Value: $30 Sam\u2019s Cash' }, OFFER));
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.brand-impersonation', 'sender.generated-address']));
    expect(v.rules).toContain('two-strong-signals');
    expect(v.action).toBe('quarantine');
  });

  it('is held when the brand stands beside affiliate words ("Costco Rewards", "Hims Affiliate")', async () => {
    for (const name of ['Costco Rewards', 'Hims Affiliate', 'Fidelity Life Quote']) {
      const v = await verdict(html({ From: `${name} <KmigQSymPHYPBfT@duty.mailer-net.example>`, Subject: 'Your offer is waiting' }, OFFER));
      expect(v.kinds, name).toContain('sender.brand-impersonation');
      expect(v.action, name).toBe('quarantine');
    }
  });

  it('holds the Vietnamese kind too: "Shopee Ưu Đãi" from a generated address', async () => {
    const v = await verdict(
      html(
        { From: 'Shopee Ưu Đãi Thành Viên <XkqPzRtyBw@qua.tang-online.example>', Subject: 'Nhận ngay voucher 500.000đ' },
        '<p>Chúc mừng bạn là thành viên được chọn nhận voucher mua sắm 500.000đ trong tháng này.</p><p><a href="https://voucher.tang-online.example/nhan">Nhận voucher</a></p>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['sender.brand-impersonation', 'sender.generated-address']));
    expect(v.action).toBe('quarantine');
  });

  it('only warns when one sign is there: the brand from an ordinary address, or a generated address naming no brand', async () => {
    const brandOnly = await verdict(html({ From: 'Costco Rewards <offers@mailer-net.example>', Subject: 'Your offer is waiting' }, OFFER));
    expect(brandOnly.kinds).toContain('sender.brand-impersonation');
    expect(brandOnly.action).toBe('deliver');
    expect(brandOnly.warning).toBe(true);
    const generatedOnly = await verdict(html({ From: 'Smart Driver Deal <MvSSrjfQ@rare.mailer-net.example>', Subject: 'Compare & save' }, OFFER.replace(/Sam\u2019s (Cash|Club)/g, 'store credit')));
    expect(generatedOnly.kinds).toContain('sender.generated-address');
    expect(generatedOnly.kinds).not.toContain('sender.brand-impersonation');
    expect(generatedOnly.action).toBe('deliver');
    expect(generatedOnly.warning).toBe(true);
  });

  it('leaves the brands\u2019 own newsletters and a person\u2019s mail about a shop alone', async () => {
    const own = await verdict(html({ From: 'Sam\u2019s Club <news@em.samsclub.com>', Subject: 'This week\u2019s Instant Savings' }, OFFER));
    expect(own.kinds).not.toContain('sender.brand-impersonation');
    expect(own.warning).toBe(false);
    const costco = await verdict(html({ From: 'Costco Wholesale <costco@online.costco.com>', Subject: 'Member-only savings' }, OFFER));
    expect(costco.warning).toBe(false);
    const person = await verdict(
      html({ From: 'Nguyễn Văn An <an.nguyen@tinh.example>', Subject: 'Mua đồ ở Costco cuối tuần' }, '<p>Cuối tuần này anh chị em có ai đi Costco không, cho mình gửi mua ít đồ nhé.</p>'),
    );
    expect(person.warning).toBe(false);
  });
});

/** A copied newsletter: `links` links to its own site, with words. */
const newsletter = (site: string, links = 6) =>
  '<div class="belowView"><h2>The week in digital innovation</h2>' +
  Array.from({ length: links }, (_, i) => `<p>Story ${i + 1}: apps and projects that help our community work smarter. <a href="https://${site}/story/${i + 1}">Read more</a></p>`).join('') +
  `<p><a href="https://${site}/unsubscribe">Unsubscribe</a></p></div>`;
const PASTED = '<a href="https://lure-site.example/go/7x"><img src="https://images.lure-cdn.example/offer.jpg" width="600"></a>';
const PUSH = '<style>.belowView { margin-top: 470500px; }</style>';

describe('a copied newsletter pushed out of view by its CSS', () => {
  it('is held under a picture link pasted on top (two-strong-signals)', async () => {
    const v = await verdict(html({ From: 'USA Mechanic Masters <lovinska@random-sender.example>', Subject: 'Expertise Calls for... The Best. Ready?' }, PUSH + PASTED + newsletter('news.paper.example')));
    expect(v.kinds).toEqual(expect.arrayContaining(['content.pushed-out-of-view', 'url.pasted-top-link']));
    expect(v.rules).toContain('two-strong-signals');
    expect(v.action).toBe('quarantine');
    expect(v.reasons.join('\n')).toContain('đẩy một phần nội dung');
    expect(v.reasonsEn.join('\n')).toContain('pushes part of its content far out of view');
  });

  it('is held from a machine-made address with a Vietnamese offer on top', async () => {
    const v = await verdict(
      html(
        { From: 'Ưu đãi tiết kiệm điện <QePEMzkdTw@slave.mailer-net.example>', Subject: 'Giảm 80% tiền điện mỗi tháng' },
        '<style>.wrapper{display:flex;flex-direction:column;height:10000vh}.spacer{flex-grow:10000}</style>' +
          '<p>Giảm ngay 80% tiền điện với thiết bị tiết kiệm thế hệ mới. <a href="https://tiet-kiem.lure-site.example">Xem ngay</a></p>' +
          '<div class="wrapper"><div class="spacer"></div>' + newsletter('bao-dien-tu.example') + '</div>',
      ),
    );
    expect(v.kinds).toEqual(expect.arrayContaining(['content.pushed-out-of-view', 'sender.generated-address']));
    expect(v.action).toBe('quarantine');
  });

  it('is only warned about on its own', async () => {
    const v = await verdict(html({ From: 'Tool Upgrade <deals@random-sender.example>', Subject: 'Dream tools inside' }, PUSH + '<p>Dream tools at half price, this week only.</p>' + newsletter('news.paper.example')));
    expect(v.kinds).toContain('content.pushed-out-of-view');
    expect(v.rules).toContain('pushed-out-of-view');
    expect(v.action).toBe('deliver');
    expect(v.warning).toBe(true);
  });

  it('leaves real layouts alone: long pages, line heights, off-screen preheaders, layout flex shares', async () => {
    const v = await verdict(
      html(
        { From: 'Bản tin Sở <bantin@so-tttt.example>', Subject: 'Bản tin tuần' },
        '<style>.hero{min-height:600px;margin-top:40px} td{line-height:24000%} .pre{position:absolute;left:-9999px} .col{flex-grow:2;flex:1 1 0}</style>' +
          '<div style="height:1200px;padding-top:2000px"><p>Tin tuần này: lịch tiếp công dân, kết quả giải quyết hồ sơ, thông báo nghỉ lễ.</p></div>' +
          newsletter('so-tttt.example'),
      ),
    );
    expect(v.kinds).not.toContain('content.pushed-out-of-view');
    expect(v.warning).toBe(false);
  });
});
