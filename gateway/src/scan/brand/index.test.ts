import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy, urlRef } from '../test-helpers.js';
import { scanBrand } from './index.js';

const policy = makePolicy({
  localDomains: ['lachan.test'],
  lists: {
    brands: {
      type: 'phrase',
      entries: ['Microsoft, Office 365 | microsoft.com office.com', 'PayPal | paypal.com', 'Vietcombank | vietcombank.com.vn'],
    },
  },
});
const ctx = makeContext(policy);
const scan = (over: Parameters<typeof makeMessage>[0]) => scanBrand(makeMessage(over), ctx);

describe('sender.brand-impersonation', () => {
  it('flags a From name claiming a brand the address does not belong to', () => {
    const fs = scan({ from: [addr('Microsoft 365 <admin@mailer.example>')] });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ kind: 'sender.brand-impersonation', subject: 'Microsoft', tags: ['microsoft', 'display-name'] });
  });

  it('does not flag the brand writing from its own domains', () => {
    expect(scan({ from: [addr('Microsoft <account-security@accountprotection.microsoft.com>')] })).toEqual([]);
    expect(scan({ from: [addr('PayPal <service@paypal.com>')], subject: 'PayPal receipt' })).toEqual([]);
  });

  it('marks the strong cases: free mail, no real address, replies elsewhere, the brand in a foreign link host', () => {
    expect(scan({ from: [addr('Vietcombank <vcb.hotro@gmail.com>')] })[0]!.tags).toContain('freemail');
    expect(scan({ from: [addr('PayPal <>')] })[0]!.tags).toContain('invalid-from');
    expect(scan({ from: [addr('PayPal <a@x.example>')], replyTo: [addr('b@y.example')] })[0]!.tags).toContain('reply-to-elsewhere');
    const linked = scan({ from: [addr('PayPal <a@x.example>')], urls: [urlRef('https://paypal.secure-check.example/login')] });
    expect(linked[0]!.tags).toContain('brand-in-link');
    expect(scan({ from: [addr('PayPal <a@x.example>')], urls: [urlRef('https://www.paypal.com/')] })[0]!.tags).not.toContain('brand-in-link');
  });

  it('reports a brand named only in the subject as weak, without strength tags', () => {
    const fs = scan({ from: [addr('Lan <lan@gmail.com>')], subject: 'Mở tài khoản Vietcombank thế nào?' });
    expect(fs[0]!.tags).toEqual(['vietcombank', 'subject']);
  });

  it('tags links-elsewhere only when every link leaves both the brand and the sender\u2019s own domain', () => {
    const away = urlRef('https://redeem-points.example/r');
    const home = urlRef('https://www.paypal.com/rewards');
    const own = urlRef('https://news.x.example/r/1');
    const tags = (...urls: ReturnType<typeof urlRef>[]) => scan({ from: [addr('PayPal <a@news.x.example>')], urls })[0]!.tags;
    expect(tags(away)).toContain('links-elsewhere');
    expect(tags(away, home)).not.toContain('links-elsewhere');
    expect(tags(away, own)).not.toContain('links-elsewhere');
    expect(tags()).not.toContain('links-elsewhere');
    expect(tags(urlRef('https://redeem-points.example/logo.png', { source: 'src' }))).not.toContain('links-elsewhere');
  });

  it('marks a link whose text shows the brand\u2019s address but leads elsewhere, whether the name or only the subject claims the brand', () => {
    const disguised = urlRef('https://verify-wallet.example/s', { text: 'https://www.paypal.com/account' });
    expect(scan({ from: [addr('PayPal <a@x.example>')], urls: [disguised] })[0]!.tags).toEqual(['paypal', 'display-name', 'links-elsewhere', 'brand-link-text']);
    expect(scan({ from: [addr('Support <a@x.example>')], subject: 'PayPal: action required', urls: [disguised] })[0]!.tags).toEqual([
      'paypal',
      'subject',
      'brand-link-text',
    ]);
  });

  it('does not mark a link that goes where its text says, or a link wrapper carrying the brand\u2019s own address', () => {
    const honest = urlRef('https://www.paypal.com/help', { text: 'paypal.com/help' });
    expect(scan({ from: [addr('Shop <news@shop.example>')], subject: 'Pay with PayPal', urls: [honest] })[0]!.tags).toEqual(['paypal', 'subject']);
    const wrapped = urlRef(`https://safelinks.example.net/?url=${encodeURIComponent('https://www.paypal.com/help')}&data=1`, { text: 'www.paypal.com/help' });
    expect(scan({ from: [addr('Shop <news@shop.example>')], subject: 'Pay with PayPal', urls: [wrapped] })[0]!.tags).toEqual(['paypal', 'subject']);
  });

  it('does not judge mail from the local domains and is quiet without a brand list', () => {
    expect(scan({ from: [addr('Microsoft 365 <cntt@lachan.test>')] })).toEqual([]);
    const none = makeContext(makePolicy());
    expect(scanBrand(makeMessage({ from: [addr('Microsoft <a@x.example>')] }), none)).toEqual([]);
  });
});
