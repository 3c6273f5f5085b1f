import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from '../parse/index.js';
import { TEXT_MARKER } from './banner.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { previewActions } from './preview.js';
import { REMOVED_SUFFIX } from './strip.js';
import { b64, crlf, digestMember, digestTop, globalForward as forward, globalInner, mailmanDigest as mailman, scriptMember, VBS } from '../../test/support/digest-mail.js';
import { finding, planFor, verdictWith, withoutAdditions } from './testing.js';

/**
 * Digests and message/global parts at delivery. parse/ reads a multipart/digest member without
 * Content-Type (message/rfc822 by RFC 2046 5.1.5) and a message/global part as forwarded messages;
 * act/ must agree: no banner inside a member (it would land in the member's header block, where
 * mailsplit sees a text/plain body), and a part to strip inside either is found by opening it.
 */
const MEMBER_HELLO = digestMember('hello', ['', 'Hi all, the notes are ready.', '']);
const MEMBER_SCRIPT = scriptMember('minutes', 'minutes attached');

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
    const raw = mailman([MEMBER_HELLO, MEMBER_SCRIPT], false);
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
    const raw = crlf([...digestTop('multipart/digest; boundary="dig"'), ...MEMBER_HELLO, ...MEMBER_SCRIPT, '--dig--', '']);
    expect((await previewActions(Readable.from([raw]), warned)).bannered).toBe(0);
    const out = await applyActionsToBuffer(raw, warned);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
    expect(out.toString('utf8')).not.toContain(TEXT_MARKER);
  });
});

describe('strip inside a digest member', () => {
  it('removes only the script inside the member (a2.a1); the member and the rest stay byte for byte', async () => {
    const raw = mailman([MEMBER_HELLO, MEMBER_SCRIPT], false);
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
  const inner = globalInner('Giấy mời họp', 'Xem tài liệu đính kèm.', 'tai-lieu.vbs');

  it.each([
    ['8bit', inner.toString('utf8')],
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
