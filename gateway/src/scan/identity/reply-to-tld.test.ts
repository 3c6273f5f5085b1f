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

describe('the Reply-To of a service relaying its users\' text (a share, a form, a helpdesk ticket)', () => {
  const replyKinds = (over: Parameters<typeof makeMessage>[0]) =>
    scanIdentity(makeMessage(over), ctx)
      .filter((f) => f.kind.startsWith('sender.reply-to') || f.kind === 'sender.abused-tld')
      .map((f) => [f.kind, f.tags]);

  it("does not hold the sharer's or respondent's own Gmail against the notice", () => {
    expect(replyKinds({ from: [addr('Minh (via Google Drive) <drive-shares-dm-noreply@google.com>')], replyTo: [addr('tran.minh@gmail.com')] })).toEqual([]);
    expect(replyKinds({ from: [addr('forms-receipts-noreply@google.com')], replyTo: [addr('hoa.le@gmail.com')] })).toEqual([]);
    // the same Reply-To on ordinary mail from google.com is still a diversion
    expect(replyKinds({ from: [addr('no-reply@accounts.google.com')], replyTo: [addr('tran.minh@gmail.com')] })).toEqual([['sender.reply-to-mismatch', ['freemail']]]);
  });

  it('does not take a relay header alone (anyone can write X-GoogleForms-…) as the service', () => {
    const headers = [{ key: 'x-googleforms-id', value: '1' }];
    expect(replyKinds({ from: [addr('ketoan@invoices-center.example')], replyTo: [addr('tran.minh@gmail.com')], headers })).toEqual([['sender.reply-to-mismatch', ['freemail']]]);
  });

  it('still reports a Reply-To under an abused top-level domain', () => {
    expect(replyKinds({ from: [addr('drive-shares-dm-noreply@google.com')], replyTo: [addr('billing-desk@refund-center.makeup')] })).toEqual([
      ['sender.abused-tld', ['makeup', 'reply-to']],
    ]);
  });
});
