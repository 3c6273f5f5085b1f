import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { domainOfAddress, scanSender, senderScanner } from './index.js';

const policy = makePolicy({
  localDomains: ['hanoi.gov.vn', 'sotttt.lachan.test'],
  lists: { protected_domains: { type: 'domain', entries: ['vietcombank.com.vn', 'microsoft.com', 'gov.vn'] } },
  settings: { protectedList: 'protected_domains' },
});

function scan(opts: { from?: string; replyTo?: string; mailFrom?: string }): Finding[] {
  const message = makeMessage({
    from: opts.from ? [addr(opts.from)] : [],
    replyTo: opts.replyTo ? [addr(opts.replyTo)] : [],
  });
  const ctx = makeContext(policy, opts.mailFrom !== undefined ? { envelope: { mailFrom: opts.mailFrom, rcptTo: ['a@hanoi.gov.vn'] } } : {});
  return scanSender(message, ctx);
}
const of = (fs: Finding[], kind: string) => fs.filter((f) => f.kind === kind);

describe('sender scanner: external', () => {
  it('tags an envelope sender outside the local domains', () => {
    expect(of(scan({ mailFrom: 'someone@gmail.com', from: 'x@hanoi.gov.vn' }), 'sender.external')).toEqual([
      expect.objectContaining({ scanner: 'sender', subject: 'gmail.com', tags: ['envelope'] }),
    ]);
  });

  it('counts local domains and their subdomains as local, in any case', () => {
    for (const mailFrom of ['a@hanoi.gov.vn', 'a@mail.hanoi.gov.vn', '<A@HANOI.GOV.VN>', 'a@sotttt.lachan.test']) {
      expect(of(scan({ mailFrom }), 'sender.external'), mailFrom).toEqual([]);
    }
    expect(of(scan({ mailFrom: 'a@nothanoi.gov.vn' }), 'sender.external')).toHaveLength(1);
  });

  it('uses the From header when there is no envelope or a null sender', () => {
    expect(of(scan({ from: 'Cán bộ <cb@hanoi.gov.vn>' }), 'sender.external')).toEqual([]);
    expect(of(scan({ mailFrom: '', from: 'x@example.com' }), 'sender.external')[0]).toMatchObject({ subject: 'example.com', tags: ['from'] });
  });

  it('treats a message with no sender domain at all as external', () => {
    expect(of(scan({ mailFrom: '' }), 'sender.external')).toEqual([expect.objectContaining({ subject: '' })]);
  });
});

describe('sender scanner: lookalike', () => {
  it('flags a From domain imitating a protected domain', () => {
    const f = of(scan({ from: 'Vietcombank <no-reply@vietc0mbank.com.vn>' }), 'sender.lookalike');
    expect(f).toEqual([expect.objectContaining({ subject: 'vietc0mbank.com.vn', tags: ['vietcombank.com.vn', 'homoglyph', 'from'] })]);
  });

  it('flags a Reply-To domain imitating a local domain', () => {
    const f = of(scan({ from: 'a@example.com', replyTo: 'b@hanoi-gov.vn' }), 'sender.lookalike');
    expect(f).toEqual([expect.objectContaining({ subject: 'hanoi-gov.vn', tags: expect.arrayContaining(['reply-to']) })]);
  });

  it('flags a punycode sender domain with Cyrillic letters', () => {
    const puny = domainToASCII('micrоsoft.com'); // Cyrillic о
    expect(puny).toMatch(/^xn--/);
    const f = of(scan({ from: `it@${puny}` }), 'sender.lookalike');
    expect(f[0]?.tags).toContain('microsoft.com');
  });

  it('flags a display name that shows a protected domain the address is not in', () => {
    const f = of(scan({ from: '"support@vietcombank.com.vn" <x@mailer.example>' }), 'sender.lookalike');
    expect(f).toEqual([expect.objectContaining({ tags: ['vietcombank.com.vn', 'display-name', 'from'] })]);
    expect(of(scan({ from: '"support@vietcombank.com.vn" <support@vietcombank.com.vn>' }), 'sender.lookalike')).toEqual([]);
  });

  it('does not flag the real domains or unrelated ones', () => {
    for (const from of ['a@vietcombank.com.vn', 'a@hanoi.gov.vn', 'a@danang.gov.vn', 'a@gmail.com', 'Microsoft <a@microsoft.com>', 'a@abc.com']) {
      expect(of(scan({ from }), 'sender.lookalike'), from).toEqual([]);
    }
  });
});

describe('sender scanner: bad input', () => {
  it('reads odd addresses without throwing', () => {
    expect(domainOfAddress('<a@B.Example.>')).toBe('b.example');
    expect(domainOfAddress('no-at-sign')).toBe('');
    expect(domainOfAddress('a@[::1')).toBe('');
    expect(domainOfAddress(undefined)).toBe('');
  });

  it('fails closed with a scanner.error finding', async () => {
    const broken = { ...policy, localDomains: null } as unknown as typeof policy;
    const fs = await senderScanner.scan(makeMessage({ from: [addr('a@b.example')] }), makeContext(broken));
    expect(fs.map((f) => f.kind)).toEqual(['scanner.error']);
  });
});
