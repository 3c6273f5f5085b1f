import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../policy/engine.js';
import { loadPolicy } from '../policy/loader.js';
import type { Policy } from '../policy/types.js';
import type { Finding, FindingKind } from './types.js';

/** The detection rules of the shipped policy (policies/policy.yaml): single signals warn, clear cases hold. */
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));
let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(POLICY_DIR);
});

const f = (kind: FindingKind, extra: Partial<Finding> = {}): Finding => ({ scanner: 'sender', kind, detail: kind, ...extra });
const brand = (...tags: string[]) => f('sender.brand-impersonation', { tags: ['microsoft', ...tags] });
const verdict = (...fs: Finding[]) => {
  const v = decide(fs, policy);
  return { action: v.action, warning: v.warning, rules: v.hits.map((h) => h.rule) };
};

describe('detection rules in the default policy', () => {
  it.each<[string, Finding[]]>([
    ['a brand claimed in the From name', [brand('display-name')]],
    ['an invalid sender address', [f('sender.invalid-from')]],
    ['replies diverted to free mail', [f('sender.reply-to-mismatch', { tags: ['freemail'] })]],
    ['the recipient address used as a name', [f('content.recipient-address', { scanner: 'content' })]],
    ['links to abused hosting', [f('url.abused-hosting', { scanner: 'urls', tags: ['imgur.com'] })]],
    ['a link to a server named after its IP', [f('url.server-host', { scanner: 'urls' })]],
    ['mail sent from free hosting', [f('sender.abused-hosting')]],
    ['an obfuscated subject', [f('content.obfuscated-text', { scanner: 'content' })]],
    ['an SVG attachment', [f('attachment.html', { scanner: 'attachments', attachment: 'a1', tags: ['svg'] })]],
    ['more than 2000 links (checked in part)', [f('message.limit-exceeded', { scanner: 'parse', tags: ['too-many-urls'] })]],
  ])('warns, never holds, on one signal: %s', (_name, findings) => {
    expect(verdict(...findings)).toMatchObject({ action: 'deliver', warning: true });
  });

  it('delivers a plain HTML attachment without a banner (people send web pages), and a subject naming a bank', () => {
    expect(verdict(f('attachment.html', { scanner: 'attachments', attachment: 'a1', tags: ['html'] }))).toMatchObject({ action: 'deliver', warning: false });
    expect(verdict(brand('subject'))).toMatchObject({ action: 'deliver', warning: false });
  });

  it.each<[string, Finding[], string]>([
    ['a brand from free mail', [brand('display-name', 'freemail')], 'brand-impersonation-strong'],
    ['a brand with a link host carrying its name', [brand('display-name', 'brand-in-link')], 'brand-impersonation-strong'],
    ['a password form in the body', [f('content.credential-form', { scanner: 'content' })], 'credential-form-in-body'],
    ['a disguised web page', [f('attachment.html', { scanner: 'attachments', attachment: 'a1', tags: ['html', 'disguised'] })], 'html-attachment-disguised'],
    ['two strong signals', [f('sender.invalid-from'), f('url.abused-hosting', { scanner: 'urls' })], 'two-strong-signals'],
    [
      'three different signals',
      [f('url.abused-hosting', { scanner: 'urls' }), f('content.hidden-text', { scanner: 'content' }), f('attachment.html', { scanner: 'attachments', attachment: 'a1', tags: ['html'] })],
      'several-phishing-signals',
    ],
    ['header limits crossed', [f('message.limit-exceeded', { scanner: 'parse', tags: ['too-many-headers'] })], 'limit-exceeded'],
  ])('holds %s', (_name, findings, rule) => {
    const v = verdict(...findings);
    expect(v.action).toBe('quarantine');
    expect(v.rules).toContain(rule);
  });

  it('does not count phrases towards several signals (one finding per phrase), and shortened links once (one finding per message)', () => {
    const phrases = ['a', 'b', 'c'].map((subject) => f('content.phrase', { scanner: 'content', list: 'phrases_scam', subject }));
    const shortener = f('url.shortener', { scanner: 'urls', tags: ['bit.ly', 'ow.ly'] });
    expect(verdict(...phrases, shortener, f('content.hidden-text', { scanner: 'content', tags: ['padding'] }))).toMatchObject({ action: 'deliver', warning: true });
    // every link shortened: the shortener and url.hidden-destination are one sign, not two
    expect(verdict(shortener, f('url.hidden-destination', { scanner: 'urls', tags: ['shortener'] }))).toMatchObject({ action: 'deliver', warning: true });
  });

  it.each<[string, Finding[]]>([
    ['a brand claimed in the From name + an account lure', [brand('display-name'), f('content.lure', { scanner: 'content', tags: ['account'] })]],
    ['a page on free hosting + a payment lure', [f('url.abused-hosting', { scanner: 'urls', tags: ['web.app', 'link'] }), f('content.lure', { scanner: 'content', tags: ['payment'] })]],
    [
      'a summons lure + every link shortened',
      [f('content.lure', { scanner: 'content', tags: ['authority'] }), f('url.shortener', { scanner: 'urls', tags: ['bit.ly'] }), f('url.hidden-destination', { scanner: 'urls', tags: ['shortener'] })],
    ],
    ['a summons lure + every link to a raw IP', [f('content.lure', { scanner: 'content', tags: ['authority'] }), f('url.hidden-destination', { scanner: 'urls', tags: ['ip'] })]],
    ['a body of pictures from an image-sharing site', [f('content.image-only', { scanner: 'content', tags: ['remote-image', 'link'] }), f('url.abused-hosting', { scanner: 'urls', tags: ['imgur.com', 'picture'] })]],
    ['a machine-made sender + a parcel lure', [f('sender.generated-address', { tags: ['domain'] }), f('content.lure', { scanner: 'content', tags: ['delivery'] })]],
    [
      'three weaker signs: replies elsewhere, a sender under an abused TLD, a prize lure',
      [f('sender.reply-to-other-domain'), f('sender.abused-tld', { tags: ['xyz'] }), f('content.lure', { scanner: 'content', tags: ['prize'] })],
    ],
  ])('holds %s', (_name, findings) => {
    expect(verdict(...findings).action).toBe('quarantine');
  });

  it('does not act on one combination signal alone: lures, picture-only bodies, hidden links, replies elsewhere, abused TLDs', () => {
    for (const one of [
      f('content.lure', { scanner: 'content', tags: ['account'] }),
      f('content.image-only', { scanner: 'content', tags: ['remote-image', 'link'] }),
      f('url.hidden-destination', { scanner: 'urls', tags: ['shortener'] }),
      f('sender.reply-to-other-domain'),
      f('sender.abused-tld', { tags: ['xyz'] }),
      f('url.abused-tld', { scanner: 'urls', tags: ['top'] }),
    ]) {
      expect(verdict(one), one.kind).toMatchObject({ action: 'deliver', warning: false });
    }
  });

  it('warns on a spam tool\'s random token left unfilled; counts a recipient-field token and a Reply-To under an abused TLD only with others', () => {
    const random = f('content.unfilled-placeholder', { scanner: 'content', tags: ['random', 'title'] });
    const field = f('content.unfilled-placeholder', { scanner: 'content', tags: ['recipient-field', 'subject'] });
    const replyTld = f('sender.abused-tld', { tags: ['top', 'reply-to'] });
    expect(verdict(random)).toMatchObject({ action: 'deliver', warning: true, rules: ['unfilled-random-placeholder'] });
    expect(verdict(field)).toMatchObject({ action: 'deliver', warning: false });
    expect(verdict(replyTld)).toMatchObject({ action: 'deliver', warning: false });
    expect(verdict(field, replyTld, f('sender.reply-to-other-domain'))).toMatchObject({ action: 'quarantine', rules: ['several-phishing-signals'] });
  });

  it('warns on a machine-made sender address alone', () => {
    expect(verdict(f('sender.generated-address', { tags: ['local-part'] }))).toMatchObject({ action: 'deliver', warning: true, rules: ['generated-sender-address'] });
  });

  it('holds a scam offer that moves the reader to Zalo, Telegram or WhatsApp; warns when it only gives a phone number', () => {
    expect(verdict(f('content.scam-offer', { scanner: 'content', tags: ['investment', 'messaging-app'] }))).toMatchObject({
      action: 'quarantine',
      rules: expect.arrayContaining(['scam-offer-private-chat']),
    });
    expect(verdict(f('content.scam-offer', { scanner: 'content', tags: ['investment', 'phone'] }))).toMatchObject({ action: 'deliver', warning: true, rules: ['scam-offer'] });
    expect(verdict(f('content.scam-offer', { scanner: 'content', tags: ['adult', 'phone'] }))).toMatchObject({ action: 'deliver', warning: true, rules: ['scam-offer'] });
  });

  it('holds a loan, betting, a prize or an easy job offered with a phone number alone (scam-offer-clear)', () => {
    for (const offer of ['loan', 'gambling', 'prize', 'job']) {
      expect(verdict(f('content.scam-offer', { scanner: 'content', tags: [offer, 'phone'] })), offer).toMatchObject({
        action: 'quarantine',
        rules: expect.arrayContaining(['scam-offer-clear', 'scam-offer']),
      });
    }
  });

  it('counts a bank/police/court name on free mail only beside another strong sign, never warns on it alone', () => {
    const institution = f('sender.institution-freemail', { tags: ['police', 'gmail.com'] });
    expect(verdict(institution)).toMatchObject({ action: 'deliver', warning: false });
    expect(verdict(institution, f('content.lure', { scanner: 'content', tags: ['authority'] }))).toMatchObject({ action: 'quarantine', rules: ['two-strong-signals'] });
  });

  it.each<[string, Finding[]]>([
    ['money waiting to be withdrawn + a shortened link', [f('content.lure', { scanner: 'content', tags: ['funds'] }), f('url.shortener', { scanner: 'urls', tags: ['is.gd'] })]],
    ['a scam phrase hidden by CSS + the recipient address as a name', [f('content.hidden-text', { scanner: 'content', tags: ['phrase', 'padding'] }), f('content.recipient-address', { scanner: 'content' })]],
    [
      'a subject naming a brand with a link disguised as its address + an account lure',
      [brand('subject', 'brand-link-text'), f('content.lure', { scanner: 'content', tags: ['account'] })],
    ],
    ['a From header that is a list + a shortened link', [f('sender.invalid-from', { tags: ['from-list'] }), f('url.shortener', { scanner: 'urls', tags: ['t.co'] })]],
    ['a scam offer with a phone number + a machine-made sender', [f('content.scam-offer', { scanner: 'content', tags: ['loan', 'phone'] }), f('sender.generated-address', { tags: ['domain'] })]],
  ])('holds two strong signs: %s', (_name, findings) => {
    expect(verdict(...findings)).toMatchObject({ action: 'quarantine', rules: expect.arrayContaining(['two-strong-signals']) });
  });

  it('does not count mere hidden padding, or a brand named only in the subject, as a strong sign', () => {
    expect(verdict(f('content.hidden-text', { scanner: 'content', tags: ['padding'] }), f('content.recipient-address', { scanner: 'content' })).action).toBe('deliver');
    expect(verdict(brand('subject'), f('content.lure', { scanner: 'content', tags: ['account'] }))).toMatchObject({ action: 'deliver', warning: false });
  });

  it('does not count a prize lure as a strong sign, nor two weak signs as several', () => {
    expect(verdict(brand('display-name'), f('content.lure', { scanner: 'content', tags: ['prize'] })).action).toBe('deliver');
    expect(verdict(f('sender.reply-to-other-domain'), f('url.abused-tld', { scanner: 'urls', tags: ['top'] })).action).toBe('deliver');
  });

  it('does not hold a subject-only brand mention from free mail', () => {
    expect(verdict(f('sender.brand-impersonation', { tags: ['vietcombank', 'subject'] }))).toMatchObject({ action: 'deliver' });
  });

  it('does not count the hosts of one abused-hosting finding as several signals', () => {
    const perHost = ['a.blogspot.com', 'b.blogspot.com', 'c.blogspot.com'].map((h) => f('url.listed', { scanner: 'urls', list: 'abused_hosting', subject: h }));
    expect(verdict(...perHost, f('url.abused-hosting', { scanner: 'urls' }))).toMatchObject({ action: 'deliver', warning: true });
  });
});
