import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { scanIdentity } from './index.js';

const ctx = makeContext(makePolicy({ localDomains: ['lachan.test'], lists: { abused_tlds: { type: 'domain', entries: ['xyz', 'top', 'makeup'] } } }));
const tld = (over: Parameters<typeof makeMessage>[0]) =>
  scanIdentity(makeMessage(over), ctx)
    .filter((f) => f.kind === 'sender.abused-tld')
    .map((f) => [f.subject, f.tags]);

describe('sender.abused-tld for a Reply-To address', () => {
  it('flags replies going to another domain under an abused top-level domain', () => {
    expect(tld({ from: [addr('Docs <share-noreply@docs.example>')], replyTo: [addr('Caine <x53o@fdrdg.tewusi.makeup>')] })).toEqual([
      ['fdrdg.tewusi.makeup', ['makeup', 'reply-to']],
    ]);
    // the second Reply-To address counts too
    expect(tld({ from: [addr('a@shop.example')], replyTo: [addr('b@shop.example'), addr('claims@refund.top')] })).toEqual([['refund.top', ['top', 'reply-to']]]);
  });

  it('reports it once: the From address first', () => {
    expect(tld({ from: [addr('Deals <offer@mail.bargain.xyz>')], replyTo: [addr('answers@other.top')] })).toEqual([['mail.bargain.xyz', ['xyz']]]);
  });

  it('does not flag replies to the sender\'s own domain, nor to ordinary domains', () => {
    // the sender under an abused TLD is reported once, as the From address
    expect(tld({ from: [addr('a@news.brand.xyz')], replyTo: [addr('support@help.brand.xyz')] })).toEqual([['news.brand.xyz', ['xyz']]]);
    expect(tld({ from: [addr('a@shop.example')], replyTo: [addr('support@shop.example')] })).toEqual([]);
    expect(tld({ from: [addr('a@shop.example')], replyTo: [addr('team@partner.example.vn')] })).toEqual([]);
    // a look-alike that only contains the suffix in its name
    expect(tld({ from: [addr('a@shop.example')], replyTo: [addr('x@xyz.example'), addr('y@top-shop.example')] })).toEqual([]);
  });

  it('does not judge mail from the local domains', () => {
    expect(tld({ from: [addr('it@lachan.test')], replyTo: [addr('x@help.xyz')] })).toEqual([]);
  });
});
