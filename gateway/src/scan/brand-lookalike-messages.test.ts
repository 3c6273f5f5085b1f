import { describe, expect, it } from 'vitest';
import { shippedPolicyVerdicts, singlePartMail } from './shipped-verdict.js';
import { encodedWord } from './identity/stylised-testing.js';

/**
 * A brand of lists/brands.txt written with look-alike characters out of place in an otherwise
 * ordinary word ("PAYPA1", "G00GLE", "NETFLlX", "Arnazon", "VVells Fargo", "Vietcornbank", "8IDV",
 * "Agrlbank"), in the From name or the subject, from an address that is not on the brand's domains:
 * sender.brand-impersonation tagged lookalike-letters, held by brand-lookalike-letters. Real words
 * with "rn" or digits ("Modern", "Bernard", "B2B", "4G", "Wi-Fi 6"), Vietnamese names, a correctly
 * spelled brand and a brand's own mail are not held. Messages written for the test (documentation
 * domains), through the real parser, scanners and the shipped policy.
 */
const verdict = shippedPolicyVerdicts();
const enc = encodedWord;
const mail = (name: string, address: string, subject: string, body: string) =>
  singlePartMail({ From: `${enc(name)} <${address}>`, Subject: enc(subject) }, body);

const STATEMENT_EN = 'Dear customer,\r\n\r\nYour monthly statement is ready. Please review it at https://statement-portal.example/view\r\n\r\nRegards';
const STATEMENT_VI =
  'Kính gửi quý khách,\r\n\r\nSao kê tài khoản tháng này đã sẵn sàng. Quý khách vui lòng xem tại https://sao-ke-online.example/xem\r\n\r\nTrân trọng';
const NEWS_EN = 'Hello,\r\n\r\nOur spring catalogue is out, with new products for the garden and the kitchen.\r\n\r\nBest regards';
const NEWS_VI = 'Chào bạn,\r\n\r\nCảm ơn bạn đã đồng hành cùng chúng tôi. Danh mục sản phẩm mùa xuân đã có.\r\n\r\nTrân trọng';

const tagsOf = (v: { findings: { kind: string; tags?: string[] }[] }) =>
  v.findings.find((f) => f.kind === 'sender.brand-impersonation')?.tags ?? [];

describe('a brand disguised with look-alike letters, not from its domains: held', () => {
  for (const [what, name, address, subject, body, brand] of [
    ['a digit 1 for l in an all-caps name', 'PAYPA1 Service', 'service@acct-review.example', 'Account statement', STATEMENT_EN, 'paypal'],
    ['digit zeros for o', 'G00GLE Security', 'alerts@signin-check.example', 'Statement', STATEMENT_EN, 'google'],
    ['a lowercase l for I in an all-caps word', 'NETFLlX', 'billing@member-care.example', 'Your membership', STATEMENT_EN, 'netflix'],
    ['a lowercase l leading an all-caps word', 'lTAUCARD', 'fatura@cartao-aviso.example', 'Sua fatura', STATEMENT_EN, 'itau'],
    ['rn for m', 'Arnazon Prime', 'prime@member-renewal.example', 'Membership renewal', STATEMENT_EN, 'amazon'],
    ['vv for W in a two-word brand', 'VVells Fargo Online', 'alerts@wf-online.example', 'Statement ready', STATEMENT_EN, 'wells-fargo'],
    ['a lowercase l for i in a mixed-case word', 'Mlcrosoft Account Team', 'team@acct-msft.example', 'Statement', STATEMENT_EN, 'microsoft'],
    ['rn for m in a Vietnamese bank name', 'Ngân hàng Vietcornbank', 'thongbao@vcb-saoke.example', 'Sao kê tháng', STATEMENT_VI, 'vietcombank'],
    ['a digit 8 for B', '8IDV Chăm sóc khách hàng', 'cskh@bidv-hotro.example', 'Sao kê tài khoản', STATEMENT_VI, 'bidv'],
    ['a lowercase l for i in a Vietnamese bank name', 'Agrlbank', 'hotro@agri-thongbao.example', 'Thông báo sao kê', STATEMENT_VI, 'agribank'],
    ['a digit 3 for e and 5 for s', 'F3dEx Delivery', 'track@parcel-note.example', 'Parcel update', STATEMENT_EN, 'fedex'],
    ['only the subject, from a personal-looking name', 'Customer Care', 'care@notice-center.example', 'Your PAYPA1 account statement', STATEMENT_EN, 'paypal'],
  ] as const) {
    it(what, async () => {
      const v = await verdict(mail(name, address, subject, body));
      expect(tagsOf(v), JSON.stringify(v.findings)).toContain('lookalike-letters');
      expect(tagsOf(v)).toContain(brand);
      expect(v.rules).toContain('brand-lookalike-letters');
      expect(v.action).toBe('quarantine');
    });
  }

  it('says so in the banner, in Vietnamese and English', async () => {
    const v = await verdict(mail('Vietcornbank', 'thongbao@vcb-saoke.example', 'Sao kê tháng', STATEMENT_VI));
    expect(v.reasons.join('\n')).toContain('chữ trông giống');
    expect(v.reasonsEn.join('\n')).toContain('look-alike characters');
    expect(v.findings.find((f) => f.kind === 'sender.brand-impersonation')?.detail).toContain('"Vietcornbank"');
  });

  it('the same name spelled right is only warned: the disguise made the difference', async () => {
    const v = await verdict(mail('PAYPAL Service', 'service@acct-review.example', 'Account statement', STATEMENT_EN));
    expect(tagsOf(v)).not.toContain('lookalike-letters');
    expect(v.rules).toContain('brand-impersonation');
    expect(v.action).toBe('deliver');
  });
});

describe('look-alike legitimate mail: not held', () => {
  for (const [what, name, address, subject, body] of [
    ['"rn" in an ordinary word', 'Modern Dental Clinic', 'news@modern-dental.example', 'Spring catalogue', NEWS_EN],
    ['names where "rn" is normal', 'Bernard Vernon', 'bernard@vernon-family.example', 'Dinner on Sunday', NEWS_EN],
    ['product words with digits', 'B2B Solutions 4G', 'sales@b2b-solutions.example', 'Wi-Fi 6 routers and 5G modems in stock', NEWS_EN],
    ['a model number in a shop name', 'Tech Store S8 Note3', 'shop@techstore.example', 'New arrivals: MP3, A4 printers', NEWS_EN],
    ['a Vietnamese name', 'Nguyễn Thị Hồng Nhung – Phòng Hành chính', 'nhung.nth@truong-thpt.example', 'Lịch họp tuần 45', NEWS_VI],
    ['a Vietnamese shop with "rn" in a foreign word', 'Cửa hàng Modern Home Đà Nẵng', 'lienhe@modernhome.example', 'Danh mục mùa xuân', NEWS_VI],
    ['the bank writing from its own domain', 'Vietcombank', 'thongbao@vietcombank.com.vn', 'Sao kê tháng 10', NEWS_VI],
    ['a brand name inside a longer word', 'Paypalooza Fest 2024', 'hello@festival-town.example', 'Lineup 2024', NEWS_EN],
    ['the telecom on its own domain, with 4G in the subject', 'VNPT', 'cskh@vnpt.vn', 'Gói cước 4G/5G mới', NEWS_VI],
    ['a Dutch name that reads like a brand', 'Appie', 'appie@buurtwinkel.example', 'Spring catalogue', NEWS_EN],
  ] as const) {
    it(what, async () => {
      const v = await verdict(mail(name, address, subject, body));
      expect(tagsOf(v)).not.toContain('lookalike-letters');
      expect(v.rules).not.toContain('brand-lookalike-letters');
      expect(v.action).toBe('deliver');
      expect(v.warning, JSON.stringify(v.rules)).toBe(false);
    });
  }
});
