import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { scanUrls } from './index.js';

const policy = makePolicy({
  lists: {
    protected_domains: { type: 'domain', entries: ['vietcombank.com.vn'] },
    brands: { type: 'phrase', entries: ['MetaMask | metamask.io'] },
  },
  settings: { protectedList: 'protected_domains' },
});
const ctx = makeContext(policy);
const mismatches = (from: string, href: string, text: string) =>
  scanUrls(makeMessage({ from: [addr(from)], urls: [urlRef(href, { text })] }), ctx).filter((f) => f.kind === 'url.text-mismatch');

describe('link text mismatch through the sender\u2019s own click tracker', () => {
  it('is no mismatch when the link goes to the sender\u2019s own domain', () => {
    expect(mismatches('Daily Comic <news@mail.dailycomics-news.com>', 'http://click.dailycomics-news.com/r?id=1', 'www.comicsite-home.com')).toEqual([]);
  });

  it('is still a mismatch when the text shows a protected domain or a brand', () => {
    expect(mismatches('Bank <a@mkt.shop-mailer.com>', 'https://t.shop-mailer.com/x', 'vietcombank.com.vn')).toHaveLength(1);
    expect(mismatches('Wallet <a@mkt.shop-mailer.com>', 'https://t.shop-mailer.com/x', 'verification.metamask.io')).toHaveLength(1);
  });

  it('is still a mismatch when the link goes to another domain than the sender\u2019s', () => {
    expect(mismatches('News <news@dailycomics-news.com>', 'https://tracker-mail.com/r', 'www.comicsite-home.com')).toHaveLength(1);
  });
});
