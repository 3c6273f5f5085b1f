import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from '../parse/index.js';
import { TEXT_MARKER } from './banner.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { previewActions } from './preview.js';
import { REMOVED_SUFFIX } from './strip.js';
import { finding, mail, planFor, utf8, verdictWith, withoutAdditions } from './testing.js';

/**
 * Digests and message/global parts at delivery. parse/ reads a multipart/digest member without
 * Content-Type (message/rfc822 by RFC 2046 5.1.5) and a message/global part as forwarded messages;
 * act/ must agree: no banner inside a member (it would land in the member's header block, where
 * mailsplit sees a text/plain body), and a part to strip inside either is found by opening it.
 */
const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
const VBS = Buffer.from('MsgBox "lachan test"\r\n').toString('base64');

const MEMBER_HELLO = ['--dig', '', 'From: an@example.org', 'Subject: hello', '', 'Hi all, the notes are ready.', ''];
const MEMBER_SCRIPT = [
  '--dig',
  '',
  'From: cuong@example.com',
  'Subject: minutes',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="in"',
  '',
  '--in',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'minutes attached',
  '--in',
  'Content-Type: application/octet-stream',
  'Content-Disposition: attachment; filename="bien-ban.vbs"',
  'Content-Transfer-Encoding: base64',
  '',
  VBS,
  '--in--',
  '',
];
const HEAD = ['From: list-request@lists.example.org', 'To: canbo@lachan.test', 'Subject: Digest, Vol 1, Issue 2', 'MIME-Version: 1.0'];

function mailman(members: string[][]): Buffer {
  return mail([
    ...HEAD,
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    "Today's Topics:",
    '  1. hello',
    '',
    '--outer',
    'Content-Type: multipart/digest; boundary="dig"',
    '',
    ...members.flat(),
    '--dig--',
    '',
    '--outer--',
    '',
  ]);
}

async function stripById(raw: Buffer, id: string): Promise<Buffer> {
  const parsed = await parseMessage(raw, DEFAULT_LIMITS);
  const target = parsed.attachments.find((a) => a.id === id);
  expect(target, `${id} parsed`).toBeDefined();
  const verdict = verdictWith([finding('attachment.dangerous-type', target!.filename, id)], { action: 'strip', strip: [id] });
  return applyActionsToBuffer(raw, planFor(verdict, stripTargets(parsed.attachments, [id])));
}

describe('a warned digest', () => {
  const warned = planFor(verdictWith([finding('url.lookalike', 'dichvucong-gov.vn')]));

  it("gets the banner in the digest's own text, none inside a member; everything else stays byte for byte", async () => {
    const raw = mailman([MEMBER_HELLO, MEMBER_SCRIPT]);
    const out = await applyActionsToBuffer(raw, warned);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    // the digest part itself, members and all, is untouched (withoutAdditions alone would also take out a banner written inside)
    const digestPart = (b: Buffer) => b.toString('latin1').slice(b.indexOf('--dig\r\n'), b.indexOf('--dig--'));
    expect(digestPart(out)).toBe(digestPart(raw));
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.text.startsWith(TEXT_MARKER)).toBe(true);
    expect(again.nested.map((n) => [n.subject, n.text.includes(TEXT_MARKER)])).toEqual([
      ['hello', false],
      ['minutes', false],
    ]);
    expect(again.problems).toEqual([]);
  });

  it('at the top of the message, with no text of its own: no part carries the banner (the subject gets the tag)', async () => {
    const raw = mail([...HEAD, 'Content-Type: multipart/digest; boundary="dig"', '', ...MEMBER_HELLO, ...MEMBER_SCRIPT, '--dig--', '']);
    expect((await previewActions(Readable.from([raw]), warned)).bannered).toBe(0);
    const out = await applyActionsToBuffer(raw, warned);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    expect(out.toString('utf8')).not.toContain(TEXT_MARKER);
  });
});

describe('strip inside a digest member', () => {
  it('removes only the script inside the member (a2.a1); the member and the rest stay byte for byte', async () => {
    const raw = mailman([MEMBER_HELLO, MEMBER_SCRIPT]);
    const out = await stripById(raw, 'a2.a1');
    const input = raw.toString('latin1');
    const output = withoutAdditions(out).toString('latin1');
    const start = input.indexOf('Content-Type: application/octet-stream');
    const end = input.indexOf(VBS) + VBS.length;
    expect(output.startsWith(input.slice(0, start))).toBe(true);
    expect(output.endsWith(input.slice(end))).toBe(true);
    expect(output).not.toContain(VBS);
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.problems).toEqual([]);
    expect(again.attachments.map((a) => [a.id, a.filename])).toEqual([
      ['a1', ''],
      ['a2', ''],
      ['a2.a1', `bien-ban.vbs${REMOVED_SUFFIX}`],
    ]);
    expect(again.nested[1]!.text).toBe('minutes attached');
  });
});

describe('strip inside message/global', () => {
  const inner = Buffer.from(
    [
      'From: Nguyễn Thị Hoa <hoa@sokhcn.example>',
      'Subject: Giấy mời họp',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Xem tài liệu đính kèm.',
      '--in',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename="tai-lieu.vbs"',
      'Content-Transfer-Encoding: base64',
      '',
      VBS,
      '--in--',
      '',
    ].join('\r\n'),
    'utf8',
  );
  const forward = (cte: string, body: string) =>
    mail([...HEAD, 'Content-Type: multipart/mixed; boundary="f"', '', '--f', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'fwd', '--f', 'Content-Type: message/global', ...(cte ? [`Content-Transfer-Encoding: ${cte}`] : []), '', body, '--f--', '']);

  it.each([
    ['8bit', utf8(inner.toString('utf8'))],
    ['base64', b64(inner)],
  ])('sent %s: the script inside is removed, the forwarded message kept with its UTF-8 headers', async (cte, body) => {
    const raw = forward(cte, body);
    const out = await stripById(raw, 'a1.a1');
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.problems).toEqual([]);
    expect(again.attachments.map((a) => [a.id, a.contentType, a.filename])).toEqual([
      ['a1', 'message/global', ''],
      ['a1.a1', 'text/plain', `tai-lieu.vbs${REMOVED_SUFFIX}`],
    ]);
    expect(again.nested[0]!.subject).toBe('Giấy mời họp');
    expect(again.nested[0]!.text).toBe('Xem tài liệu đính kèm.');
    // the outer message outside the forwarded message's body is as it came
    const input = raw.toString('latin1');
    const output = withoutAdditions(out).toString('latin1');
    const bodyStart = input.indexOf(`Content-Type: message/global`);
    expect(output.slice(0, bodyStart)).toBe(input.slice(0, bodyStart));
    expect(output.endsWith('--f--\r\n')).toBe(true);
  });
});
