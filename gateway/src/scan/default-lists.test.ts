import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListText } from '../policy/lists.js';
import type { ListType } from '../policy/types.js';
import { scanContent } from './content/index.js';
import { scanSender } from './sender/index.js';
import { addr, makeContext, makeMessage, makePolicy, urlRef, type InlineList } from './test-helpers.js';
import { scanUrls } from './urls/index.js';

/** The lists policies/policy.yaml declares, with their types. */
const SHIPPED: Record<string, [string, ListType]> = {
  blocked_domains: ['blocked-domains.txt', 'domain'],
  blocked_urls: ['blocked-urls.txt', 'url'],
  blocked_ips: ['blocked-ips.txt', 'ip'],
  allowed_domains: ['allowed-domains.txt', 'domain'],
  shorteners: ['shorteners.txt', 'domain'],
  protected_domains: ['protected-domains.txt', 'domain'],
  blocked_hashes: ['blocked-hashes.txt', 'hash'],
  phrases_scam: ['phrases-scam.txt', 'phrase'],
  phrases_phishing: ['phrases-phishing.txt', 'phrase'],
};
const LISTS_DIR = new URL('../../../policies/lists/', import.meta.url);

const lists: Record<string, InlineList> = {};
for (const [name, [file, type]] of Object.entries(SHIPPED)) {
  const parsed = parseListText(readFileSync(new URL(file, LISTS_DIR), 'utf8'), type);
  lists[name] = { type, entries: parsed.entries };
}
const policy = makePolicy({
  lists,
  localDomains: ['lachan.test'],
  settings: { protectedList: 'protected_domains', shortenerList: 'shorteners', allowedList: 'allowed_domains' },
});
const ctx = makeContext(policy);

describe('default lists in policies/lists', () => {
  it.each(Object.entries(SHIPPED))('%s (%s) parses without errors or duplicates', (name, [file, type]) => {
    const parsed = parseListText(readFileSync(new URL(file, LISTS_DIR), 'utf8'), type);
    expect(parsed.problems).toEqual([]);
    if (name !== 'allowed_domains') expect(parsed.entries.length).toBeGreaterThan(0);
  });

  it('ship a real list of shorteners and of protected domains', () => {
    expect(lists.shorteners!.entries.length).toBeGreaterThanOrEqual(50);
    expect(lists.protected_domains!.entries).toEqual(
      expect.arrayContaining(['gov.vn', 'chinhphu.vn', 'vietcombank.com.vn', 'microsoft.com', 'zalo.me', 'vneid.gov.vn']),
    );
  });

  it('ship the EICAR test file SHA-256 as the example hash', () => {
    expect(lists.blocked_hashes!.entries).toContain('275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f');
  });

  // Vietnamese words are often two syllables (tài khoản): 2–6 words is at most 8 space-separated syllables.
  it('keep every phrase short: 2 to 8 syllables, as 2 to 6 words are', () => {
    for (const name of ['phrases_scam', 'phrases_phishing']) {
      for (const phrase of lists[name]!.entries) {
        const words = phrase.split(' ').length;
        expect(words >= 2 && words <= 8, `${name}: "${phrase}"`).toBe(true);
      }
    }
  });

  it('catch the usual URL tricks with the shipped lists', () => {
    const kinds = (u: string) => scanUrls(makeMessage({ urls: [urlRef(u)] }), ctx).map((f) => f.kind);
    expect(kinds('https://bit.ly/abc')).toEqual(['url.shortener']);
    expect(kinds('https://vietc0mbank.com.vn/')).toEqual(['url.lookalike']);
    expect(kinds('https://dichvucong-gov.vn.example.com/')).toEqual(['url.lookalike']);
    expect(kinds('https://govvn.top/')).toEqual(['url.lookalike']);
    expect(kinds('http://192.0.2.10/')).toEqual(['url.ip-host', 'url.listed']);
    expect(kinds('https://x.blocked.lachan.invalid/')).toEqual(['url.listed']);
    expect(kinds('https://lachan.invalid/blocked-example/')).toEqual(['url.listed']);
  });

  it('leave real government, bank and everyday hosts alone', () => {
    const urls = ['https://dichvucong.gov.vn/', 'https://hanoi.gov.vn/', 'https://vneid.gov.vn/', 'https://www.vietcombank.com.vn/',
      'https://portal.vietinbank.vn/', 'https://www.google.com.vn/', 'https://vnexpress.net/', 'https://thanhnien.vn/',
      'https://github.com/', 'https://www.youtube.com/watch?v=x', 'https://zingnews.vn/', 'https://baochinhphu.vn/',
      'https://tuoitre.vn/', 'https://cafef.vn/', 'https://shopee.vn/', 'https://login.microsoftonline.com/', 'https://docs.google.com/']
      .map((u) => urlRef(u));
    expect(scanUrls(makeMessage({ urls }), ctx)).toEqual([]);
  });

  it('find scam and phishing phrases in Vietnamese and English', () => {
    const subjects = (visibleText: string) => scanContent(makeMessage({ visibleText }), ctx).map((f) => `${f.list}:${f.subject}`);
    expect(subjects('Chúc mừng bạn đã TRÚNG THƯỞNG một chiếc xe máy')).toContain('phrases_scam:trúng thưởng');
    expect(subjects('Vay tien nhanh, lai suat 0%, giai ngan trong ngay')).toEqual(
      expect.arrayContaining(['phrases_scam:vay tiền nhanh', 'phrases_scam:lãi suất 0%', 'phrases_scam:giải ngân trong ngày']),
    );
    expect(subjects('Tài khoản của bạn sẽ bị khoá nếu không cập nhật thông tin định danh')).toEqual(
      expect.arrayContaining(['phrases_phishing:tài khoản của bạn sẽ bị khóa', 'phrases_phishing:cập nhật thông tin định danh']),
    );
    expect(subjects('Your mailbox is full. Verify your account to avoid losing mail.')).toEqual(
      expect.arrayContaining(['phrases_phishing:your mailbox is full', 'phrases_phishing:verify your account']),
    );
  });

  it('stay quiet on ordinary official and personal mail', () => {
    const ordinary = [
      'Kính gửi các phòng, ban chuyên môn. Thực hiện Kế hoạch số 125/KH-UBND, đề nghị các đơn vị báo cáo kết quả công tác cải cách hành chính quý III trước ngày 20/9.',
      'Sở Thông tin và Truyền thông trân trọng kính mời đồng chí dự họp giao ban trực tuyến vào lúc 8 giờ 00 ngày 15/10 tại phòng họp tầng 3.',
      'Anh ơi, em gửi lại file dự toán đã chỉnh sửa theo góp ý, anh xem giúp em nhé. Cảm ơn anh!',
      'Thông báo lịch nghỉ Tết Nguyên đán: cán bộ, công chức được nghỉ từ ngày 8/2 đến hết ngày 14/2. Đề nghị các đơn vị bố trí trực.',
      'Đề nghị cán bộ đổi mật khẩu hộp thư công vụ định kỳ và không chia sẻ tài khoản cho người khác.',
      'Please find attached the minutes of yesterday’s meeting. Let me know if anything is missing.',
    ];
    for (const text of ordinary) expect(scanContent(makeMessage({ visibleText: text }), ctx), text).toEqual([]);
  });

  it('protect the local domains from lookalike senders', () => {
    const fs = scanSender(makeMessage({ from: [addr('Phòng CNTT <it@lachan-test.com>')] }), ctx);
    expect(fs.map((f) => f.kind)).toEqual(['sender.external', 'sender.lookalike']);
  });
});
