import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanIdentity } from './index.js';
import { linkInName, webAddressIn } from './name-lure.js';

const ctx = makeContext(makePolicy({ localDomains: ['lachan.test'] }));
const found = (over: Parameters<typeof makeMessage>[0]) =>
  scanIdentity(makeMessage({ from: [addr('Events <no-reply@events.service.example>')], ...over }), ctx).filter(
    (f) => f.kind === 'content.link-in-name',
  );

describe('webAddressIn', () => {
  it('finds web addresses with a scheme, with www., or a host name followed by a path', () => {
    expect(webAddressIn('Claim now https://payout-desk.intranet/x')).toBeUndefined(); // no public suffix
    expect(webAddressIn('Claim now https://payout-desk.net/x')).toBe('payout-desk.net');
    expect(webAddressIn('see www.prize-desk.com today')).toBe('www.prize-desk.com');
    expect(webAddressIn('🎁 $2,480 → cl.im/aB3d')).toBe('cl.im');
    expect(webAddressIn('➡️cl.im/aB3d,')).toBe('cl.im');
    expect(webAddressIn('(HTTPS://Payout-Desk.net)')).toBe('payout-desk.net');
  });

  it('does not read e-mail addresses, file names or bare company names as web addresses', () => {
    expect(webAddressIn('an.nguyen@tinh.gov.vn')).toBeUndefined();
    expect(webAddressIn('"an@mail.example.vn"')).toBeUndefined();
    expect(webAddressIn('Booking.com Partner Team')).toBeUndefined();
    expect(webAddressIn('report.pdf')).toBeUndefined();
    expect(webAddressIn('R&D/QA 12/05 v1.2/3 km/h and/')).toBeUndefined();
    expect(webAddressIn('Nguyễn Văn An')).toBeUndefined();
  });
});

describe('content.link-in-name', () => {
  it('flags a recipient display name carrying a lure with a link', () => {
    const fs = found({
      to: [addr('"You received 0.8 BTC. Confirm the transfer: payout-desk.net/c/77a1" <an.nguyen@lachan.test>')],
    });
    expect(fs.map((f) => [f.tags, f.subject])).toEqual([[['to-name', 'payout-desk.net'], 'payout-desk.net']]);
  });

  it('flags a greeting whose name slot is a link (a lure typed into a sign-up form)', () => {
    const fs = found({
      text: 'Hi 🎁 +$3,150 ➡️ cl.im/Zk9q, one last step to confirm your account!\nYour code is 4471.',
    });
    expect(fs.map((f) => f.tags)).toEqual([['greeting', 'cl.im']]);
    const vi = found({ text: 'Xin chào 💰 nhận 5.000.000đ tại https://qua-tang-ngay.com/n ,\nCảm ơn bạn đã đăng ký.' });
    expect(vi.map((f) => f.tags)).toEqual([['greeting', 'qua-tang-ngay.com']]);
  });

  it('leaves ordinary names, addresses as names, and links after the greeting alone', () => {
    expect(found({ to: [addr('Nguyễn Văn An <an.nguyen@lachan.test>')] })).toEqual([]);
    expect(found({ to: [addr('"an.nguyen@lachan.test" <an.nguyen@lachan.test>')] })).toEqual([]);
    expect(found({ cc: [addr('"Phòng CNTT (www)" <cntt@lachan.test>')] })).toEqual([]);
    expect(
      found({
        text: 'Hi Jan, the patch is at https://github.com/siemens/jailhouse/pull/12.\nHello all: the slides are on www.conference.org/2024.',
      }),
    ).toEqual([]);
    expect(found({ text: 'Dear colleagues, please read https://chinhphu.vn/thong-bao before Friday.' })).toEqual([]);
    expect(linkInName(makeMessage({ text: 'Kính gửi anh An,\nTài liệu ở https://tinh.gov.vn/tl/12.' }))).toBeUndefined();
  });

  it('reads greetings in any case and only as whole words', () => {
    const tags = (text: string) => found({ text }).map((f) => f.tags);
    expect(tags('KÍNH GỬI cl.im/Zk9q, xác nhận tài khoản.')).toEqual([['greeting', 'cl.im']]);
    expect(tags('DEAR ok.me/x7, your reward is ready.')).toEqual([['greeting', 'ok.me']]);
    // 'hi' ends 'thi' and 'chi', 'chào' ends 'xchào': no greeting there
    expect(tags('Kỳ thi ok.me/x7, lịch chi ok.me/x8. Xchào ok.me/x9.')).toEqual([]);
    // a letter of another script before the word (a surrogate pair) is a letter too
    expect(tags('𝐀hi ok.me/x7, more text.')).toEqual([]);
    // a dotted capital I changes the text's length when lower-cased: the same answer
    expect(tags('İstanbul office. Hi ok.me/x7, one last step.')).toEqual([['greeting', 'ok.me']]);
    expect(tags('İstanbul office. Kỳ thi ok.me/x7, more.')).toEqual([]);
  });
});
