import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { invalidFromReason, obfuscation, scanIdentity } from './index.js';

const policy = makePolicy({
  localDomains: ['lachan.test'],
  lists: { abused_hosting: { type: 'domain', entries: ['firebaseapp.com', 'web.app'] } },
});
const ctx = makeContext(policy);
const kinds = (over: Parameters<typeof makeMessage>[0], c = ctx) => scanIdentity(makeMessage(over), c).map((f) => f.kind);

describe('sender.invalid-from', () => {
  it('flags a missing, empty or domain-less From address', () => {
    expect(invalidFromReason(undefined)).toBeDefined();
    expect(invalidFromReason({ name: 'UPS', address: '' })).toBeDefined();
    expect(invalidFromReason({ name: 'Correios', address: 'contato@correios' })).toBeDefined();
    expect(invalidFromReason({ name: 'x', address: 'no-reply@%Encomenda.online' })).toBeDefined();
    expect(kinds({ from: [] })).toEqual(['sender.invalid-from']);
  });

  it('accepts ordinary addresses, IDN domains included', () => {
    expect(invalidFromReason(addr('An <an@example.vn>'))).toBeUndefined();
    expect(invalidFromReason(addr('<vanthu@sở.example.vn>'))).toBeUndefined();
    expect(kinds({ from: [addr('An <an@example.vn>')] })).toEqual([]);
  });

  it('does not judge mail from the local domains', () => {
    expect(kinds({ from: [addr('"support@bank.example" <it@lachan.test>')], subject: 'it@lachan.test' })).toEqual([]);
  });
});

describe('sender.display-name-address', () => {
  it('flags a From name showing an address of another domain', () => {
    const fs = scanIdentity(makeMessage({ from: [addr('"hotro@vietcombank.com.vn" <x@evil.example>')] }), ctx);
    expect(fs.map((f) => [f.kind, f.tags])).toEqual([['sender.display-name-address', ['vietcombank.com.vn']]]);
  });

  it('leaves a name that shows the same domain alone', () => {
    expect(kinds({ from: [addr('"an@mail.example.vn" <an@example.vn>')] })).toEqual([]);
  });
});

describe('sender.reply-to-mismatch', () => {
  it('flags replies diverted to a free-mail mailbox', () => {
    const fs = scanIdentity(makeMessage({ from: [addr('Dr A <a@agency.example>')], replyTo: [addr('a.private@gmail.com')] }), ctx);
    expect(fs.map((f) => [f.kind, f.tags])).toEqual([['sender.reply-to-mismatch', ['freemail']]]);
  });

  it('flags another mailbox of the same free-mail provider', () => {
    const fs = scanIdentity(makeMessage({ from: [addr('j91843451@gmail.com')], replyTo: [addr('jane.w@gmail.com')] }), ctx);
    expect(fs[0]?.tags).toEqual(['freemail', 'same-provider']);
  });

  it('does not flag replies to the sender itself, to a company domain, or on mailing lists', () => {
    expect(kinds({ from: [addr('a@gmail.com')], replyTo: [addr('A@gmail.com')] })).toEqual([]);
    expect(kinds({ from: [addr('a@shop.example')], replyTo: [addr('support@helpdesk.example')] })).toEqual([]);
    expect(
      kinds({
        from: [addr('Paul via users <users@lists.example.org>')],
        replyTo: [addr('paul@yahoo.com')],
        headers: [{ key: 'list-id', value: '<users.lists.example.org>' }],
      }),
    ).toEqual([]);
  });
});

describe('content.recipient-address', () => {
  const from = [addr('Shop <news@shop.example>')];
  const to = [addr('an.nv@lachan.test')];

  it('flags the recipient address in the subject', () => {
    const fs = scanIdentity(makeMessage({ from, to, subject: 'an.nv@lachan.test, your prize is waiting' }), ctx);
    expect(fs.map((f) => [f.kind, f.tags])).toEqual([['content.recipient-address', ['subject']]]);
  });

  it('flags a greeting by address, in English or Vietnamese', () => {
    expect(kinds({ from, to, text: 'Dear an.nv@lachan.test, your account ...' })).toEqual(['content.recipient-address']);
    expect(kinds({ from, to, text: 'Kính gửi an.nv@lachan.test, hộp thư của bạn ...' })).toEqual(['content.recipient-address']);
  });

  it('uses the envelope recipients too', () => {
    const c = makeContext(policy, { envelope: { mailFrom: 'x@shop.example', rcptTo: ['<bt@lachan.test>'] } });
    expect(kinds({ from, subject: 'Hello bt@lachan.test' }, c)).toEqual(['content.recipient-address']);
  });

  it('ignores the address elsewhere in the text (a signature, a quoted header)', () => {
    expect(kinds({ from, to, text: 'Hi An, see below.\nTo: an.nv@lachan.test\nSubject: minutes' })).toEqual([]);
  });
});

describe('sender.abused-hosting and content.obfuscated-text', () => {
  it('flags a From address on free hosting', () => {
    const fs = scanIdentity(makeMessage({ from: [addr('Casino <noreply@promo-123.firebaseapp.com>')] }), ctx);
    expect(fs.map((f) => [f.kind, f.tags])).toEqual([['sender.abused-hosting', ['firebaseapp.com']]]);
  });

  it('flags invisible characters inside words and mixed-script words, once', () => {
    expect(obfuscation('Bi\u200Bll\u200Bing update')).toBeDefined();
    expect(obfuscation('Mi\u{E0139}cro\u{E0139}soft')).toBeDefined();
    expect(obfuscation('Αmazοn.fr')).toBeDefined(); // Greek Alpha and omicron
    const fs = scanIdentity(makeMessage({ from: [addr('Αmazοn <x@shop.example>')], subject: 'Pa\u200Cyment' }), ctx);
    expect(fs.filter((f) => f.kind === 'content.obfuscated-text')).toHaveLength(1);
  });

  it('leaves ordinary Vietnamese, Greek and emoji text alone', () => {
    expect(obfuscation('Thông báo lịch họp giao ban tuần 42')).toBeUndefined();
    expect(obfuscation('Καλημέρα από την Αθήνα')).toBeUndefined();
    expect(obfuscation('Chúc mừng năm mới 🎉 ‌ ‌ ‌')).toBeUndefined();
  });
});
