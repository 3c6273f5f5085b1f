import { describe, expect, it } from 'vitest';
import { addr, makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { fromEntries, fromListReason, hiddenRecipients, invalidFromReason, obfuscation, scanIdentity } from './index.js';

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
    // another company's domain is the weaker sender.reply-to-other-domain, not this one
    expect(kinds({ from: [addr('a@shop.example')], replyTo: [addr('support@helpdesk.example')] })).toEqual(['sender.reply-to-other-domain']);
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

  it('flags a time-of-day greeting by address, and "Chào anh/chị" by address', () => {
    for (const text of [
      'Guten Tag an.nv@lachan.test, wir gratulieren recht herzlich ...',
      'Good morning an.nv@lachan.test! You have been selected ...',
      'Bom dia, an.nv@lachan.test: sua conta ...',
      'Buenos días an.nv@lachan.test, su cuenta ...',
      'Bonsoir an.nv@lachan.test, votre colis ...',
      'Goedemorgen an.nv@lachan.test, uw pakket ...',
      'Chào anh an.nv@lachan.test, tài khoản của anh ...',
    ]) {
      expect(kinds({ from, to, text }), text).toEqual(['content.recipient-address']);
    }
  });

  it('does not take a time-of-day greeting followed by a name, or the address after other words, as one', () => {
    expect(kinds({ from, to, text: 'Good morning An, the minutes are attached. Sent to an.nv@lachan.test by the office' })).toEqual([]);
    expect(kinds({ from, to, text: 'Guten Tag Herr Nguyen,\nIhre Adresse an.nv@lachan.test ist eingetragen.' })).toEqual([]);
    expect(kinds({ from, to, text: 'Chào anh, thư gửi tới an.nv@lachan.test đã nhận.' })).toEqual([]);
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

  it('flags a subject written in stylised letters word after word, not one bold word or a unit sign', () => {
    expect(obfuscation('𝐈𝐦𝐩𝐨𝐫𝐭𝐚𝐧𝐭 𝐌𝐞𝐬𝐬𝐚𝐠𝐞 𝐅𝐨𝐫 𝐘𝐨𝐮 - 𝐎𝐩𝐞𝐧 𝐍𝐨𝐰!')).toMatch(/stylised/);
    expect(obfuscation('ＦＲＥＥ ＧＩＦＴ ＴＯＤＡＹ')).toMatch(/stylised/);
    expect(obfuscation('𝗡𝗘𝗪 course schedule for October')).toBeUndefined();
    expect(obfuscation('Nhiệt độ 25 ℃, trời nắng')).toBeUndefined();
    const fs = scanIdentity(makeMessage({ from: [addr('Deals <x@shop.example>')], subject: '𝐘𝐎𝐔𝐑 𝐏𝐇𝐎𝐓𝐎𝐒 𝐎𝐍 𝐂𝐀𝐍𝐕𝐀𝐒' }), ctx);
    expect(fs.map((f) => [f.kind, f.tags])).toEqual([['content.obfuscated-text', ['subject']]]);
  });
});

describe('sender.reply-to-other-domain', () => {
  it('flags replies going to another organisation than the sender\u2019s, once', () => {
    const fs = scanIdentity(
      makeMessage({ from: [addr('Shop <news@newsletter.shop.example>')], replyTo: [addr('reply@collect.example'), addr('b@other.example')] }),
      ctx,
    );
    expect(fs.map((f) => [f.kind, f.subject, f.tags])).toEqual([['sender.reply-to-other-domain', 'reply@collect.example', ['collect.example']]]);
  });

  it('leaves replies within the sender\u2019s organisation, mailing lists and free-mail diversions (reported as sender.reply-to-mismatch) alone', () => {
    expect(kinds({ from: [addr('news@mail.shop.example')], replyTo: [addr('care@shop.example')] })).toEqual([]);
    expect(
      kinds({ from: [addr('users@lists.example.org')], replyTo: [addr('paul@work.example')], headers: [{ key: 'list-post', value: '<mailto:users@lists.example.org>' }] }),
    ).toEqual([]);
    expect(kinds({ from: [addr('a@agency.example')], replyTo: [addr('a.private@gmail.com')] })).toEqual(['sender.reply-to-mismatch']);
  });
});

describe('sender.abused-tld and sender.generated-address', () => {
  const tlds = makeContext(makePolicy({ localDomains: ['lachan.test'], lists: { abused_tlds: { type: 'domain', entries: ['xyz', 'top'] } } }));

  it('flags a From address under a top-level domain mostly registered for abuse', () => {
    const fs = scanIdentity(makeMessage({ from: [addr('Deals <offer@mail.bargain.xyz>')] }), tlds);
    expect(fs.map((f) => [f.kind, f.subject, f.tags])).toEqual([['sender.abused-tld', 'mail.bargain.xyz', ['xyz']]]);
    expect(scanIdentity(makeMessage({ from: [addr('An <an@example.vn>')] }), tlds)).toEqual([]);
  });

  it('flags a machine-made From address, saying which part looks made', () => {
    expect(scanIdentity(makeMessage({ from: [addr('Offer <KmigQSymPHYPBfT@duty.shop.example>')] }), ctx).map((f) => [f.kind, f.tags])).toEqual([
      ['sender.generated-address', ['local-part']],
    ]);
    expect(scanIdentity(makeMessage({ from: [addr('Hilton <q3u7u@1gody6s0zz.example>')] }), ctx).map((f) => [f.kind, f.tags])).toEqual([
      ['sender.generated-address', ['domain']],
    ]);
    expect(kinds({ from: [addr('John McDonald <JohnMcDonald@shop.example>')] })).toEqual([]);
  });
});

describe('sender.invalid-from: a From header that is a list', () => {
  /** A message whose raw From header is `value`, parsed the way the parser's addressparser merges it. */
  const withFrom = (value: string, address: string) =>
    makeMessage({ headers: [{ key: 'from', value }], from: [{ name: value.replace(/<[^>]*>/, '').trim(), address }] });

  it('flags a quoted name standing as an entry of its own before the real address', () => {
    expect(fromListReason('"Ngân hàng Nhà nước", tb <info@news-mailer.example>')).toContain('without an address');
    expect(fromListReason('"Streaming@Netflix.de", <service@mailer.example>')).toContain('without an address');
    const fs = scanIdentity(withFrom('"Ngân hàng Nhà nước", tb <info@news-mailer.example>', 'info@news-mailer.example'), ctx);
    expect(fs.map((f) => [f.kind, f.tags])).toEqual([['sender.invalid-from', ['from-list']]]);
  });

  it('flags a From header naming several senders', () => {
    expect(fromListReason('An <an@one.example>, Binh <binh@two.example>')).toBe('the From header names 2 senders');
  });

  it('leaves one sender alone, however its name is written', () => {
    for (const value of [
      '"Nguyễn, Văn An" <an@so.example.vn>', // a comma inside quotes
      'Nguyen, An <an@so.example.vn>', // surname first without quotes: one badly written entry
      'an@so.example.vn',
      '"Phòng \\"Hành chính\\", Sở" <hc@so.example.vn>', // escaped quotes
      'An (Phòng A, Sở B) <an@so.example.vn>', // a comment holding a comma
      'Nhóm dự án: an@a.example, binh@b.example;', // group syntax is not judged here
      '',
    ]) {
      expect(fromListReason(value), value).toBeUndefined();
    }
    expect(kinds(withFrom('"Nguyễn, Văn An" <an@so.example.vn>', 'an@so.example.vn'))).toEqual([]);
  });

  it('stays bounded on a truncated or huge header', () => {
    expect(fromListReason('"unterminated, <a@b.example>')).toBeUndefined();
    expect(fromListReason('<<<<,,,,"')).toBeUndefined();
    const started = performance.now();
    expect(fromEntries(`${'"x", '.repeat(100_000)}<a@b.example>`)!.length).toBeLessThanOrEqual(500);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('sender.institution-freemail', () => {
  it('flags a From name claiming a bank, court, police or tax office on a free-mail mailbox', () => {
    const cases: [string, string][] = [
      ['Banco NU. Protocolo 7793574292872 <fidhkwwjy@gmail.com>', 'bank'],
      ['Công an phường Hòa Minh <cuphoaminh.thongbao@gmail.com>', 'police'],
      ['Tòa án nhân dân quận 3 <toaan.q3@yahoo.com>', 'court'],
      ['Tribunal Regional <intimacao2025@libero.it>', 'court'],
      ['Aviso Processual <avisos.2026@libero.it>', 'court'],
      ['Intimação Judicial Eletrônica <notifica.x12@gmail.com>', 'court'],
      ['Justiça do Trabalho <comunicados.jt@outlook.com>', 'court'],
      ['Chi cục Thuế khu vực <hoantien.thue@outlook.com>', 'tax'],
      ['Hải quan sân bay <haiquan.kienhang@gmail.com>', 'customs'],
      ['Văn phòng UBND tỉnh <vanphong.ubndtinh.th@gmail.com>', 'government'],
      ['Ban Tổ chức Tỉnh ủy <bantochuc.tu@yahoo.com>', 'government'],
      ['Sở Nội vụ <sonoivu.vanthu@outlook.com>', 'government'],
    ];
    for (const [from, kind] of cases) {
      const fs = scanIdentity(makeMessage({ from: [addr(from)] }), ctx).filter((f) => f.kind === 'sender.institution-freemail');
      expect(fs.map((f) => f.tags?.[0]), from).toEqual([kind]);
    }
  });

  it('leaves the same names on an organisation\u2019s own domain, and people\u2019s names on free mail, alone', () => {
    expect(kinds({ from: [addr('Công an phường Hòa Minh <hoaminh@congan.danang.gov.vn>')] })).toEqual([]);
    expect(kinds({ from: [addr('Ngân hàng ABC <thongbao@abcbank.example>')] })).toEqual([]);
    expect(kinds({ from: [addr('Văn phòng UBND tỉnh <vanthu@thanhhoa.gov.vn>')] })).toEqual([]);
    // "Số" (number) folds like "Sở": a bare "so" is no department
    for (const from of ['Số liệu tháng 3 <solieu.t3@gmail.com>', 'Sổ tay nội vụ <sotay@gmail.com>', 'Courtney Banks <courtney.banks@gmail.com>', 'Nguyễn Văn Thuận <thuan.nv@gmail.com>', 'Lan Hải <lanhai@yahoo.com>', 'Justin Judicael <justin.j@gmail.com>']) {
      expect(kinds({ from: [addr(from)] }), from).toEqual([]);
    }
  });
});

describe('sender.freemail-hidden-recipients', () => {
  const headers = (from: string, to?: string) => [{ key: 'from', value: from }, ...(to === undefined ? [] : [{ key: 'to', value: to }])];
  const hidden = (from: string, to: string | undefined, over: Parameters<typeof makeMessage>[0] = {}) =>
    scanIdentity(makeMessage({ from: [addr(from)], headers: headers(from, to), ...over }), ctx).filter((f) => f.kind === 'sender.freemail-hidden-recipients');

  it('flags a free-mail sender writing to undisclosed recipients or to no one named', () => {
    expect(hidden('Assistance <d.assist.2024@gmail.com>', 'Undisclosed recipients:;').map((f) => f.tags)).toEqual([['undisclosed', 'gmail.com']]);
    expect(hidden('Pharmacy <pills.online7@outlook.com>', undefined).map((f) => f.tags)).toEqual([['no-to', 'outlook.com']]);
  });

  it('leaves named recipients, organisations\u2019 own domains and mailing lists alone', () => {
    // a person on Gmail writing to someone named: ordinary mail
    expect(hidden('An Nguyen <an.nguyen@gmail.com>', 'Lan <lan@lachan.test>', { to: [addr('Lan <lan@lachan.test>')] })).toEqual([]);
    // blind copies from an organisation's own domain: a newsletter, not a personal mailbox
    expect(hidden('Hội Nông dân <tin@hoinongdan.example>', 'Undisclosed recipients:;')).toEqual([]);
    // a list post names the list in To; a list header exempts it anyway
    const list = makeMessage({ from: [addr('An <an@gmail.com>')], headers: [...headers('An <an@gmail.com>', 'undisclosed-recipients:;'), { key: 'list-id', value: '<users.lists.example>' }] });
    expect(hiddenRecipients(list)).toBeUndefined();
  });
});

describe('sender.stuffed-header', () => {
  const stuffed = (from: string, subject: string) => scanIdentity(makeMessage({ from: [addr(from)], subject }), ctx).filter((f) => f.kind === 'sender.stuffed-header');
  const keywords = (n: number) => Array.from({ length: n }, (_, i) => ['Save Big', '50% Off', 'Final Call', 'Heating Deal', 'Last Chance'][i % 5]).join(' ');

  it('flags a From name or subject that is a long list of sales keywords', () => {
    expect(stuffed(`${keywords(14)} <info@deals.example>`, 'Offer').map((f) => f.tags)).toEqual([['from-name']]);
    expect(stuffed('Deals <info@deals.example>', keywords(40)).map((f) => f.tags)).toEqual([['subject']]);
  });

  it('leaves long names of departments and long patch or reply subjects alone', () => {
    expect(stuffed('Phòng Quản lý Đô thị - Ủy ban nhân dân thành phố <qldt@ubnd.example>', 'Re: Fwd: Re: Góp ý dự thảo')).toEqual([]);
    const patch = 'Re: [PATCH v3 07/12] arm64: dts: add the inmate cell configuration for the example board with two UARTs, shared memory and the IVSHMEM virtual PCI device, tested on the evaluation kit';
    expect(stuffed('Jan Example <jan@kernel.example>', patch)).toEqual([]);
  });
});
