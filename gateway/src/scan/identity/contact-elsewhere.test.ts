import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { addressesIn } from './contact-elsewhere.js';
import { scanIdentity } from './index.js';

const ctx = makeContext(makePolicy({ localDomains: ['lachan.test'] }));
const replies = (over: Parameters<typeof makeMessage>[0]) =>
  scanIdentity(makeMessage(over), ctx)
    .filter((f) => f.kind.startsWith('sender.reply-to'))
    .map((f) => [f.kind, f.tags, f.subject]);

describe('addressesIn', () => {
  it('finds addresses around each @, without the dots of the sentence around them', () => {
    expect(addressesIn('write to: a.b@gmail.com. or (c_d+1@mail.example.vn), not @ or x@y', 5).map((f) => f.address)).toEqual([
      'a.b@gmail.com',
      'c_d+1@mail.example.vn',
    ]);
    expect(addressesIn('a@b.com c@d.com e@f.com', 2)).toHaveLength(2);
  });
});

describe('sender.reply-to-mismatch in the text (tag in-text)', () => {
  it('flags a request to write to another free-mail mailbox than the sender', () => {
    expect(
      replies({
        from: [addr('Administrator <admin@hotel-booking.example>')],
        text: 'Good day,\nI have a business proposal for you. Kindly respond and I will send the details.\nEmail: w.harlan.private@outlook.com\nRegards',
      }),
    ).toEqual([['sender.reply-to-mismatch', ['freemail', 'in-text'], 'w.harlan.private@outlook.com']]);
    // Portuguese, from free mail to another free-mail mailbox
    expect(
      replies({
        from: [addr('Maria <m73020311@gmail.com>')],
        text: 'Olá, tenho um assunto urgente. Por favor escreva para meu e-mail particular: maria.assunto@mail.com',
      }),
    ).toEqual([['sender.reply-to-mismatch', ['freemail', 'in-text'], 'maria.assunto@mail.com']]);
    // Vietnamese
    expect(
      replies({
        from: [addr('Phòng nhân sự <tuyendung@congty.example>')],
        text: 'Bạn đã trúng tuyển. Vui lòng liên hệ qua hộp thư: nhansu.tuyendung2024@gmail.com để nhận việc.',
      }),
    ).toEqual([['sender.reply-to-mismatch', ['freemail', 'in-text'], 'nhansu.tuyendung2024@gmail.com']]);
  });

  it('replaces the weaker reply-to-other-domain, and leaves a diverting Reply-To header to speak for itself', () => {
    expect(
      replies({
        from: [addr('A <a@shop.example>')],
        replyTo: [addr('b@helpdesk.example')],
        text: 'For the payment please contact me at a.refunds@yahoo.com',
      }),
    ).toEqual([['sender.reply-to-mismatch', ['freemail', 'in-text'], 'a.refunds@yahoo.com']]);
    expect(
      replies({ from: [addr('A <a@agency.example>')], replyTo: [addr('x@gmail.com')], text: 'Contact me at y@gmail.com' }),
    ).toEqual([['sender.reply-to-mismatch', ['freemail'], 'x@gmail.com']]);
  });

  it('leaves ordinary mail alone', () => {
    // the sender's own free-mail mailbox
    expect(replies({ from: [addr('An <an.nguyen@gmail.com>')], text: 'Please contact me at an.nguyen@gmail.com' })).toEqual([]);
    // a company mailbox, not free mail
    expect(replies({ from: [addr('A <a@shop.example>')], text: 'Please contact us at support@shop-help.example' })).toEqual([]);
    // a free-mail address without any request (a signature, a patch trailer, a quoted header)
    expect(
      replies({
        from: [addr('Jan <jan@lab.example>')],
        text: 'Applied, thanks.\nSigned-off-by: Peter <peter.k@gmail.com>\n--\nJan\nE-mail: jan.k@gmail.com',
      }),
    ).toEqual([]);
    // a request inside quoted text
    expect(
      replies({
        from: [addr('Jan <jan@lab.example>')],
        text: 'Sure, I can test it.\n\n> If anyone has the board, please contact me at peter.k@gmail.com\n> Peter',
      }),
    ).toEqual([]);
    // the recipient's own address
    expect(
      replies({ from: [addr('Shop <no-reply@shop.example>')], to: [addr('an@gmail.com')], text: 'We will write to an@gmail.com when it ships.' }),
    ).toEqual([]);
    // a list that rewrote From puts the author in Reply-To; the author asking to be mailed is ordinary
    expect(
      replies({
        from: [addr('Peter via users <users@lists.example.org>')],
        replyTo: [addr('peter.k@gmail.com')],
        headers: [{ key: 'list-id', value: '<users.lists.example.org>' }],
        text: 'If you have the same board, write to me: peter.k@gmail.com',
      }),
    ).toEqual([]);
  });
});
