import { describe, expect, it } from 'vitest';
import { emptyMessage } from '../../parse/index.js';
import type { ParsedMessage } from '../../parse/types.js';
import { deobfuscate } from './deobfuscate.js';
import { foldText } from './fold.js';
import { moneyBaitFinding } from './lure.js';
import { DomainSet } from '../urls/domains.js';
import { relayedLureFinding, relayOf, replyElsewhere, withReplyElsewhere, type Relay } from './relayed.js';

/** A message with this From address and these extra headers (lower-case names). */
const message = (address: string, headers: Record<string, string> = {}): ParsedMessage => ({
  ...emptyMessage(),
  from: [{ address, name: '' }],
  headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
});

/** The relayed lure for a subject and a body, folded the way the content scanner folds them. */
const relayed = (relay: Relay, body: string, subject = '') => {
  const s = foldText(deobfuscate(subject).text);
  const folded = foldText(deobfuscate(subject === '' ? body : `${subject} | ${body}`).text);
  return relayedLureFinding(relay, folded, subject === '' ? 0 : s.length);
};

const helpdesk: Relay = { kind: 'helpdesk', service: 'Zendesk' };
const form: Relay = { kind: 'form', service: 'Google Forms' };

describe('relayOf: notifications of services that mail what their users typed', () => {
  it('knows a helpdesk by its headers or by a customer subdomain of the helpdesk', () => {
    expect(relayOf(message('support@acme-help.example', { 'x-zendesk-from-account-id': 'a1b2' }))?.kind).toBe('helpdesk');
    expect(relayOf(message('support@anything.zendesk.com'))).toEqual({ kind: 'helpdesk', service: 'Zendesk' });
    expect(relayOf(message('help@shop-team.freshdesk.com'))).toEqual({ kind: 'helpdesk', service: 'Freshdesk' });
  });

  it('knows form receipts and document shares by their headers and notification addresses', () => {
    expect(relayOf(message('someone@gmail.com', { 'x-googleforms-formid': 'e/1FAIp' }))).toEqual({ kind: 'form', service: 'Google Forms' });
    expect(relayOf(message('Drive-Shares-NoReply@google.com'))?.kind).toBe('share');
    expect(relayOf(message('comments-noreply@docs.google.com'))?.kind).toBe('share');
  });

  it('leaves ordinary mail, the services\' own domains and look-alike names alone', () => {
    expect(relayOf(message('an.nguyen@lachan.test', { 'x-mailer': 'Thunderbird', 'list-id': '<dev.lists.example>' }))).toBeUndefined();
    expect(relayOf(message('billing@zendesk.com'))).toBeUndefined();
    expect(relayOf(message('news@myzendesk.com.example'))).toBeUndefined();
    expect(relayOf(message('no-reply@accounts.google.com'))).toBeUndefined();
  });
});

describe('relayedLureFinding: a lure or money bait typed into a ticket, a form or a share', () => {
  it('reports crypto or money bait with a single nudge, tagged relayed and the service kind', () => {
    const bait = relayed(helpdesk, 'NEW & LIMITED STABLECOIN CASHBACK. Connect wallet and use the withdraw button.', 'Your cashback is here');
    expect(bait?.kind).toBe('content.lure');
    expect(bait?.tags).toEqual(expect.arrayContaining(['funds', 'relayed', 'helpdesk']));
    expect(bait?.detail).toContain('Zendesk');
    expect(relayed(helpdesk, 'This ticket was created on your behalf.', 'Exclusive 48-hour airdrop for early holders')?.tags).toContain('funds');
    expect(relayed(form, 'Your quiz result: your balance is waiting for you. View.', 'Score released')?.tags).toEqual(['funds', 'relayed', 'form']);
  });

  it('reports a full lure of any topic the same way', () => {
    expect(relayed(form, 'Your mailbox will be suspended. Verify your account within 24 hours.')?.tags).toEqual(['account', 'relayed', 'form']);
  });

  it('stays quiet on the tickets, receipts and shares these services really send', () => {
    expect(relayed(helpdesk, 'Hi Lan, your refund for order 5521 has been processed and will reach your card in 5-7 days.', 'Re: Refund for order 5521')).toBeUndefined();
    expect(relayed(helpdesk, 'Your withdrawal of 0.2 BTC was completed on 3 May. Ticket #812 is now solved.', 'Ticket #812 solved')).toBeUndefined();
    expect(relayed(form, 'Thanks for filling in the workshop registration. Your response has been recorded.', 'Registration form')).toBeUndefined();
    expect(relayed({ kind: 'share', service: 'Google Drive' }, 'Minh shared a document with you: Kế hoạch quý IV. Open', 'Document shared with you')).toBeUndefined();
  });
});

describe('moneyBaitFinding', () => {
  it('needs money or a prize beside the nudge, not just any object', () => {
    const folded = (t: string) => foldText(t);
    expect(moneyBaitFinding(folded('Claim your free tokens now'))?.tags).toEqual(['funds', 'prize']);
    expect(moneyBaitFinding(folded('Please confirm the meeting room for Tuesday'))).toBeUndefined();
    expect(moneyBaitFinding(folded('Confirm your account details'))).toBeUndefined();
  });
});

describe('replyElsewhere / withReplyElsewhere: a relayed lure whose answers go to free mail or an abused TLD', () => {
  const tlds = new DomainSet(['makeup', 'xyz', 'top']);
  const share = (replyTo: string[], text = '', extra: Partial<ParsedMessage> = {}): ParsedMessage => ({
    ...message('drive-shares-dm-noreply@google.com'),
    replyTo: replyTo.map((address) => ({ address, name: '' })),
    text,
    ...extra,
  });
  const lure = relayed({ kind: 'share', service: 'Google Drive' }, 'Your refund of $1,499 is pending. Confirm it to receive the funds.', 'Refund pending')!;

  it('finds a Reply-To under an abused top-level domain or on free mail', () => {
    expect(replyElsewhere(share(['billing-desk@refund-center.makeup']), tlds)).toEqual({
      address: 'billing-desk@refund-center.makeup',
      where: 'reply-to',
      why: { tld: 'makeup' },
    });
    expect(replyElsewhere(share(['sharer.minh@gmail.com']), tlds)?.why).toEqual({ freemail: 'gmail.com' });
  });

  it('finds an address the text asks to write to when there is no such Reply-To', () => {
    const hit = replyElsewhere(share([], 'To release the payment, contact us at payouts@claims-office.xyz today.'), tlds);
    expect(hit).toMatchObject({ address: 'payouts@claims-office.xyz', where: 'in-text' });
    // an address merely shown (the sharer's) is not asked for
    expect(replyElsewhere(share([], 'minh@gmail.com shared a document with you.'), tlds)).toBeUndefined();
  });

  it("leaves the service's own domain, the sender's own mailbox, the recipients and ordinary domains alone", () => {
    expect(replyElsewhere(share(['no-reply@google.com']), tlds)).toBeUndefined();
    expect(replyElsewhere({ ...message('support@acme.zendesk.com'), replyTo: [{ address: 'support@acme.zendesk.com', name: '' }] }, tlds)).toBeUndefined();
    expect(replyElsewhere({ ...message('quiz.owner@gmail.com'), replyTo: [{ address: 'quiz.owner@gmail.com', name: '' }] }, tlds)).toBeUndefined();
    expect(replyElsewhere(share(['lan@gmail.com'], '', { to: [{ address: 'lan@gmail.com', name: '' }] }), tlds)).toBeUndefined();
    expect(replyElsewhere(share(['ke.toan@so-tai-chinh.example']), tlds)).toBeUndefined();
  });

  it("tags the relayed lure 'reply-elsewhere' ahead of 'relayed' and names the address", () => {
    const tagged = withReplyElsewhere(lure, share(['billing-desk@refund-center.makeup']), tlds);
    expect(tagged.tags).toEqual(['funds', 'reply-elsewhere', 'relayed', 'share']);
    expect(tagged.detail).toContain('billing-desk@refund-center.makeup');
    expect(withReplyElsewhere(lure, share([]), tlds)).toBe(lure);
    // only a relayed lure is tagged
    const plain = { ...lure, tags: ['funds'] };
    expect(withReplyElsewhere(plain, share(['x@refund-center.makeup']), tlds)).toBe(plain);
  });
});
