import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { contentScanner, HIDDEN_TEXT_PADDING, scanContent } from './index.js';

const policy = makePolicy({
  lists: {
    phrases_scam: { type: 'phrase', entries: ['lừa đảo', 'trúng thưởng', 'vay tiền nhanh'] },
    phrases_phishing: { type: 'phrase', entries: ['xác thực tài khoản', 'verify your account'] },
    blocked_domains: { type: 'domain', entries: ['lua.dao'] },
  },
});
const scan = (over: Parameters<typeof makeMessage>[0], p = policy): Finding[] => scanContent(makeMessage(over), makeContext(p));

describe('content scanner: phrases', () => {
  it('reports each phrase with its list and the phrase as written in the list', () => {
    const fs = scan({ subject: 'Chúc mừng bạn đã TRUNG THUONG', visibleText: 'Vui lòng xac thuc tai khoan trong 24 giờ.' });
    // the same text is also the shape of a lure (account + deadline + action): content.lure, tested below
    expect(fs.filter((f) => f.kind === 'content.phrase')).toEqual([
      expect.objectContaining({ scanner: 'content', kind: 'content.phrase', list: 'phrases_scam', subject: 'trúng thưởng' }),
      expect.objectContaining({ scanner: 'content', kind: 'content.phrase', list: 'phrases_phishing', subject: 'xác thực tài khoản' }),
    ]);
  });

  it('matches every way Vietnamese is written: NFC, NFD, no diacritics, upper case, Đ', () => {
    for (const text of ['lừa đảo', 'lừa đảo'.normalize('NFD'), 'lua dao', 'LỪA ĐẢO', 'LUA DAO', 'Lừa Đảo']) {
      expect(scan({ visibleText: `Cảnh báo: ${text}!` }).map((f) => f.subject), text).toEqual(['lừa đảo']);
    }
  });

  it('does not match inside other words', () => {
    expect(scan({ visibleText: 'chualuadao xluadao luadaox' })).toEqual([]);
  });

  it('does not let a phrase span the subject and the body', () => {
    expect(scan({ subject: 'Thông báo lừa', visibleText: 'đảo ngược quy trình' })).toEqual([]);
  });

  it('reads nested messages, and the text body when the parser gave no visible text', () => {
    const nested = makeMessage({ visibleText: 'Vay tiền nhanh trong ngày' });
    expect(scan({ nested: [nested] }).map((f) => f.subject)).toEqual(['vay tiền nhanh']);
    expect(scan({ text: 'Please verify your account', visibleText: '' }).map((f) => f.subject)).toEqual(['verify your account']);
  });

  it('reads no further than the text limit', () => {
    const text = `${'x '.repeat(1000)} lừa đảo`;
    expect(scanContent(makeMessage({ visibleText: text }), makeContext(policy, { limits: { maxTextBytes: 1000 } }))).toEqual([]);
    expect(scanContent(makeMessage({ visibleText: text }), makeContext(policy))).toHaveLength(1);
  });

  it('finds nothing without phrase lists', () => {
    expect(scan({ visibleText: 'lừa đảo' }, makePolicy())).toEqual([]);
  });
});

describe('content scanner: hidden text', () => {
  const hidden = (hiddenText: string) => scan({ visibleText: 'Xin chào', hiddenText }).filter((f) => f.kind === 'content.hidden-text');

  it('flags a phrase hidden by CSS', () => {
    expect(hidden('trúng thưởng')).toEqual([expect.objectContaining({ subject: 'trúng thưởng', tags: ['phrase'] })]);
  });

  it('flags a URL hidden by CSS', () => {
    expect(hidden('xem tại https://evil.example/x')[0]?.tags).toEqual(['url']);
    expect(hidden('www.evil.example')[0]?.tags).toEqual(['url']);
  });

  it('flags padding: more hidden characters than a preheader needs', () => {
    expect(hidden('a'.repeat(HIDDEN_TEXT_PADDING + 1))[0]?.tags).toEqual(['padding']);
    expect(hidden('a'.repeat(HIDDEN_TEXT_PADDING))).toEqual([]);
  });

  it('does not count whitespace and zero-width filler as hidden characters', () => {
    expect(hidden('Ưu đãi tháng này' + ' \u200c\u00a0'.repeat(500))).toEqual([]);
  });

  it('ignores an empty or harmless hidden preheader', () => {
    expect(hidden('')).toEqual([]);
    expect(hidden('Bản tin tuần này của Sở')).toEqual([]);
  });
});

describe('content scanner: failure', () => {
  it('fails closed with a scanner.error finding', async () => {
    const broken = { ...policy, lists: null } as unknown as typeof policy;
    const fs = await contentScanner.scan(makeMessage({ visibleText: 'x' }), makeContext(broken));
    expect(fs.map((f) => f.kind)).toEqual(['scanner.error']);
  });
});

describe('content scanner: obfuscation, harmful language, SMS ads', () => {
  const vi = makePolicy({
    lists: {
      phrases_scam: { type: 'phrase', entries: ['vay tiền nhanh', 'làm bằng lái xe'] },
      harmful_words: { type: 'phrase', entries: ['lồn', 'đéo', 'con mẹ mày'], match: 'exact' },
    },
  });
  const kinds = (fs: Finding[]) => fs.map((f) => `${f.kind}${f.list ? `:${f.subject}` : ''}${f.tags ? `#${f.tags.join(',')}` : ''}`);

  it('matches phrases the sender disguised with digits, dots and stylised letters', () => {
    expect(kinds(scan({ visibleText: 'V@y t.iền nh@nh' }, vi))).toEqual(['content.phrase:vay tiền nhanh']);
    expect(kinds(scan({ visibleText: 'Nhận LAm B@ng LAl-XE' }, vi))).toContain('content.phrase:làm bằng lái xe');
  });

  it('reports heavy obfuscation of the text once, tagged text', () => {
    const fs = scan({ subject: 'ZaL0', visibleText: 'ZaL0 H0c T0t-NGHlEP Ca0 Dang' }, vi);
    expect(fs.filter((f) => f.kind === 'content.obfuscated-text')).toEqual([
      expect.objectContaining({ scanner: 'content', tags: ['text'], subject: expect.stringContaining('ZaL0') }),
    ]);
    expect(scan({ visibleText: 'ZaL0 H0c' }, vi).filter((f) => f.kind === 'content.obfuscated-text')).toEqual([]);
  });

  it('leaves obfuscation of the subject or From name to the identity scanner: one finding per message', () => {
    const fs = scan({ subject: 'Mi\u200Bcro\u200Bsoft', visibleText: 'ZaL0 H0c T0t-NGHlEP Ca0 Dang' }, vi);
    expect(fs.filter((f) => f.kind === 'content.obfuscated-text')).toEqual([]);
  });

  it('matches an exact list with diacritics only, and counts each entry once', () => {
    expect(kinds(scan({ visibleText: 'Đéo hiểu, đéo biết, con mẹ mày, cái lồn' }, vi))).toEqual([
      'content.phrase:lồn',
      'content.phrase:đéo',
      'content.phrase:con mẹ mày',
    ]);
    expect(kinds(scan({ visibleText: 'lớn lên đeo kính, lon bia, các con mẹ may áo' }, vi))).toEqual([]);
  });

  it('reports SMS advertising signals', () => {
    expect(kinds(scan({ visibleText: 'Ưu đãi data. Từ chối QC, soạn TC3 gửi 199.' }, vi))).toEqual([
      'content.sms-ad#sms-instruction',
      'content.sms-ad#opt-out',
    ]);
  });
});

describe('content scanner: lures', () => {
  const lures = (over: Parameters<typeof makeMessage>[0], p = policy) => scan(over, p).filter((f) => f.kind === 'content.lure');

  it('reports the shape of a lure once per message, in the subject and text alike', () => {
    const fs = lures({
      from: [addr('IT Support <it@helpdesk.example>')],
      subject: 'Mật khẩu sắp hết hạn',
      visibleText: 'Mật khẩu hộp thư của bạn sẽ hết hạn trong 24 giờ. Đăng nhập để xác minh. Tài khoản sẽ bị khóa, xác thực ngay.',
    });
    expect(fs).toEqual([expect.objectContaining({ scanner: 'content', kind: 'content.lure', tags: ['account'] })]);
  });

  it('does not read mail from known domains as a lure: local, allowed, protected (a forged one is for SPF/DKIM/DMARC)', () => {
    const known = makePolicy({
      localDomains: ['lachan.test'],
      lists: {
        allowed_domains: { type: 'domain', entries: ['partner.example'] },
        protected_domains: { type: 'domain', entries: ['gov.vn', 'vietcombank.com.vn', 'gmail.com'] },
      },
      settings: { protectedList: 'protected_domains', allowedList: 'allowed_domains' },
    });
    const text = 'Tài khoản của bạn sẽ bị khóa trong 24 giờ, vui lòng cập nhật thông tin.';
    for (const from of ['Phòng CNTT <cntt@lachan.test>', 'Đối tác <a@mail.partner.example>', 'Sở TT&TT <vp@stttt.hanoi.gov.vn>', 'VCB <tb@vietcombank.com.vn>']) {
      expect(lures({ from: [addr(from)], visibleText: text }, known), from).toEqual([]);
    }
    // free mail is on the protected list only against look-alikes: anyone has a mailbox there
    for (const from of ['Phòng CNTT <cntt@lachan-test.example>', 'IT <it.helpdesk@gmail.com>']) {
      expect(lures({ from: [addr(from)], visibleText: text }, known), from).toHaveLength(1);
    }
  });
});

describe('content scanner: scam offers', () => {
  const offers = (over: Parameters<typeof makeMessage>[0], p = policy) => scan(over, p).filter((f) => f.kind === 'content.scam-offer');

  it('reports a scam offer with a private contact once per message, in the subject and text alike', () => {
    const fs = offers({
      from: [addr('Tuyen dung <hr.online@viec-lam.example>')],
      subject: 'Việc nhẹ lương cao cho người làm tại nhà',
      visibleText: 'Tuyển CTV online, nhận lương trong ngày, kết bạn Zalo 0987 654 321 để nhận việc. Vay tiền nhanh không thẩm định: Zalo 0987 654 321.',
    });
    expect(fs).toEqual([expect.objectContaining({ scanner: 'content', kind: 'content.scam-offer', tags: ['job', 'loan', 'messaging-app'] })]);
  });

  it('does not read mail from the province\u2019s own domains as an offer', () => {
    const local = makePolicy({ localDomains: ['lachan.test'] });
    const text = 'Tuyển nhân viên làm việc tại nhà, thu nhập 500k/ngày, liên hệ Zalo 0987654321';
    expect(offers({ from: [addr('Phòng Tổ chức <tc@lachan.test>')], visibleText: text }, local)).toEqual([]);
    expect(offers({ from: [addr('Tuyển dụng <td@job.example>')], visibleText: text }, local)).toHaveLength(1);
  });
});

describe('content scanner: SMS call to action', () => {
  const cta = (over: Parameters<typeof makeMessage>[0]) =>
    scan(over).filter((f) => f.kind === 'content.sms-ad' && f.tags?.includes('call-to-action'));

  it('flags a short advertising text pushing "đăng ký ngay" with a web address the parser found', () => {
    const text = 'Ưu đãi hấp dẫn, đăng ký ngay: khuyenmai.example/abc';
    expect(cta({ visibleText: text, urls: [urlRef('http://khuyenmai.example/abc')] })).toHaveLength(1);
    // the same push without any address or number to act on is no advertising SMS
    expect(cta({ visibleText: 'Ưu đãi hấp dẫn, đăng ký ngay với phòng tổ chức' })).toEqual([]);
  });
});
