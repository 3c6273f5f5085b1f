import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from './index.js';
import type { ParsedMessage } from './types.js';
import { b64, crlf, digestMember as member, digestTop as top, globalForward as forward, globalInner, mailmanDigest, scriptMember } from '../../test/support/digest-mail.js';

/**
 * Two ways a message carries other whole messages besides message/rfc822, read the same way here
 * (nested levels, attachment ids 'a2.a1', links and problems of the inner message):
 * - a multipart/digest member without Content-Type, which is message/rfc822 (RFC 2046 5.1.5;
 *   mailsplit would read it as text/plain, its headers and text joined to the digest's text);
 * - message/global (RFC 6532): UTF-8 header fields, possibly sent base64 or quoted-printable.
 */
const hello = member('hello', ['', 'Hi all, notes at https://notes.example.org/q2', '']);
const phish = member('update your account', ['', 'Log in at https://dichvucong-gov.vn/xac-thuc today', '']);
const memberWithScript = scriptMember('has a script', 'xem tệp đính kèm');

const ids = (m: ParsedMessage) => m.attachments.map((a) => [a.id, a.contentType, a.filename, a.partPath, a.nestedPath]);

describe('multipart/digest members without Content-Type', () => {
  it('are parsed as nested messages: headers, text, links with the member id, no unreadable-part', async () => {
    const parsed = await parseMessage(mailmanDigest([hello, phish]), DEFAULT_LIMITS);
    expect(parsed.problems).toEqual([]);
    expect(ids(parsed)).toEqual([
      ['a1', 'message/rfc822', '', '2.1', undefined],
      ['a2', 'message/rfc822', '', '2.2', undefined],
    ]);
    expect(parsed.nested.map((n) => [n.subject, n.from[0]?.address, n.text.trim()])).toEqual([
      ['hello', 'someone@example.org', 'Hi all, notes at https://notes.example.org/q2'],
      ['update your account', 'someone@example.org', 'Log in at https://dichvucong-gov.vn/xac-thuc today'],
    ]);
    expect(parsed.urls.map((u) => [u.host, u.partId])).toEqual([
      ['notes.example.org', 'a1'],
      ['dichvucong-gov.vn', 'a2'],
    ]);
  });

  it("keeps the members out of the digest's own text (read once, in the nested messages)", async () => {
    const parsed = await parseMessage(mailmanDigest([hello, phish]), DEFAULT_LIMITS);
    expect(parsed.text).toContain("Today's Topics:");
    expect(parsed.text).toContain('Example mailing list footer');
    expect(parsed.text).not.toContain('Hi all');
    expect(parsed.text).not.toContain('Subject:');
    expect(parsed.visibleText).not.toContain('dichvucong-gov.vn');
  });

  it('lists the attachments of a member under its id, with the exact path act/ needs', async () => {
    const parsed = await parseMessage(mailmanDigest([hello, memberWithScript]), DEFAULT_LIMITS);
    expect(parsed.problems).toEqual([]);
    expect(ids(parsed)).toEqual([
      ['a1', 'message/rfc822', '', '2.1', undefined],
      ['a2', 'message/rfc822', '', '2.2', undefined],
      ['a2.a1', 'application/octet-stream', 'bien-ban.vbs', '2.2', ['2']],
    ]);
    expect(parsed.nested[1]!.text).toBe('xem tệp đính kèm');
  });

  it('reads the same whatever the chunks the message arrives in (a line break split between two)', async () => {
    const raw = mailmanDigest([hello, memberWithScript]);
    const whole = await parseMessage(raw, DEFAULT_LIMITS);
    for (const size of [1, 2, 3, 7]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < raw.length; i += size) chunks.push(raw.subarray(i, i + size));
      const streamed = await parseMessage(Readable.from(chunks), DEFAULT_LIMITS);
      expect(ids(streamed)).toEqual(ids(whole));
      expect([streamed.text, streamed.problems, streamed.sha256, streamed.size]).toEqual([whole.text, whole.problems, whole.sha256, raw.length]);
    }
  });

  it('works with LF line ends and with a digest at the top of the message', async () => {
    const raw = Buffer.from(
      [...top('multipart/digest; boundary="dig"'), ...hello, ...memberWithScript, '--dig--', ''].join('\n'),
      'utf8',
    );
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    expect(parsed.problems).toEqual([]);
    expect(parsed.text).toBe('');
    expect(ids(parsed).map((a) => a[0])).toEqual(['a1', 'a2', 'a2.a1']);
    expect(parsed.attachments[2]!.nestedPath).toEqual(['2']);
  });

  it('reports the problems of the inner message under the member id', async () => {
    const broken = member('broken', ['Content-Type: multipart/mixed; boundary="never"', '', 'no boundary here', '']);
    const parsed = await parseMessage(mailmanDigest([hello, broken]), DEFAULT_LIMITS);
    expect(parsed.problems).toEqual([{ code: 'missing-boundary', detail: expect.stringMatching(/^a2: /) }]);
  });

  it('a member whose header block runs into the next delimiter is an empty forwarded message, numbered as act/ numbers it, whatever the chunks', async () => {
    // RFC 2046 5.1.5: no Content-Type in a digest is message/rfc822, with or without an empty line (act-stream.ts isDigestMember)
    const headerOnly = ['--dig', 'From: someone@example.org', 'Subject: header only'];
    const raw = mailmanDigest([headerOnly, memberWithScript]);
    const expected = [
      ['a1', 'message/rfc822', '', '2.1', undefined],
      ['a2', 'message/rfc822', '', '2.2', undefined],
      ['a2.a1', 'application/octet-stream', 'bien-ban.vbs', '2.2', ['2']],
    ];
    for (const size of [raw.length, 1, 2, 3, 7]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < raw.length; i += size) chunks.push(raw.subarray(i, i + size));
      const parsed = await parseMessage(Readable.from(chunks), DEFAULT_LIMITS);
      expect(ids(parsed), `chunks of ${size}`).toEqual(expected);
      expect(parsed.problems.map((p) => p.code)).toEqual(['no-body']);
      expect(parsed.nested[0]!.subject).toBe('');
      expect(parsed.text).not.toContain('header only');
    }
  });

  it('counts against the nesting limit like any forwarded message', async () => {
    // the member (depth 1) forwards a message itself (depth 2)
    const forwarding = member('forwarding', ['Content-Type: message/rfc822', '', 'Subject: inner', '', 'inner text', '']);
    const raw = crlf([...top('multipart/digest; boundary="dig"'), ...forwarding, '--dig--', '']);
    expect((await parseMessage(raw, { ...DEFAULT_LIMITS, maxMimeDepth: 2 })).problems).toEqual([]);
    const limited = await parseMessage(raw, { ...DEFAULT_LIMITS, maxMimeDepth: 1 });
    expect(limited.problems).toEqual([{ code: 'depth-exceeded', detail: 'a1: message/rfc822 nested deeper than 1' }]);
    expect(limited.nested[0]!.subject).toBe('forwarding');
  });

  it('a member that declares another type stays that type; a part without Content-Type outside a digest stays text', async () => {
    const declared = ['--dig', 'Content-Type: text/plain; charset=utf-8', '', 'a plain note in the digest', ''];
    const digest = await parseMessage(mailmanDigest([declared]), DEFAULT_LIMITS);
    expect(digest.attachments).toEqual([]);
    expect(digest.text).toContain('a plain note in the digest');
    const mixed = await parseMessage(crlf([...top('multipart/mixed; boundary="m"'), '--m', '', 'Subject: not a message', '', 'text', '--m--', '']), DEFAULT_LIMITS);
    expect(mixed.attachments).toEqual([]);
    expect(mixed.text).toContain('Subject: not a message');
  });
});

describe('message/global', () => {
  const inner = globalInner('Giấy mời họp tổng kết', 'Tài liệu: https://dichvucong-gov.vn/tai-lieu', 'tài-liệu.vbs');
  const qp = (b: Buffer) =>
    [...b]
      .map((c) => (c === 0x0d || c === 0x0a ? String.fromCharCode(c) : c < 0x20 || c > 0x7e || c === 0x3d ? `=${c.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(c)))
      .join('');

  it.each([
    ['8bit', '8bit', inner.toString('utf8')],
    ['base64', 'base64', b64(inner)],
    ['quoted-printable', 'quoted-printable', qp(inner)],
  ])('is decoded (%s) and parsed as a nested message: UTF-8 headers, links, attachments, no unreadable-part', async (_name, cte, body) => {
    const parsed = await parseMessage(forward(cte, body), DEFAULT_LIMITS);
    expect(parsed.problems).toEqual([]);
    expect(parsed.text).toBe('Chuyển tiếp thư.');
    expect(parsed.nested.map((n) => [n.subject, n.from[0]])).toEqual([['Giấy mời họp tổng kết', { name: 'Nguyễn Thị Hoa', address: 'hoa@sokhcn.example' }]]);
    expect(ids(parsed)).toEqual([
      ['a1', 'message/global', '', '2', undefined],
      ['a1.a1', 'application/octet-stream', 'tài-liệu.vbs', '2', ['2']],
    ]);
    expect(parsed.urls.map((u) => [u.host, u.partId])).toEqual([['dichvucong-gov.vn', 'a1']]);
  });

  it('message/partial and message/external-body stay unreadable', async () => {
    for (const type of ['message/partial; id="x"; number=1; total=2', 'message/external-body; access-type=URL; URL="https://example.org/x"']) {
      const parsed = await parseMessage(Buffer.from(forward('', '').toString('utf8').replace('message/global', type)), DEFAULT_LIMITS);
      expect(parsed.problems.map((p) => p.code)).toEqual(['unreadable-part']);
    }
  });
});
