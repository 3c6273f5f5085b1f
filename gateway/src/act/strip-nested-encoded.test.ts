import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { makePdf, makePe } from '../../../test-fixtures/attachments/payloads.mjs';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from '../parse/index.js';
import type { ParsedMessage } from '../parse/types.js';
import { MAX_ENCODED_FORWARD_BYTES, qpFault } from './encoded-forward.js';
import { decodeBase64, decodeQp, encodeQp } from './encoding.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { REMOVED_SUFFIX } from './strip.js';
import { finding, forwardingMail, planFor, verdictWith, withoutAdditions } from './testing.js';
import type { StripTarget } from './types.js';

/**
 * A forwarded message (message/rfc822) sent base64 or quoted-printable, which RFC 2046 forbids and
 * clients (and attackers) still send: parse/ reads it decoded, act/ decodes it, removes only the
 * dangerous part inside, and encodes it again the same way. Every byte of the outer message outside
 * the part's body stays as it was; when the body cannot be opened safely the part is replaced whole.
 */
const lines = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
const PE = makePe();
const PDF = makePdf('bao cao chuyen tiep');
const EXE_B64 = lines(PE);
const PDF_B64 = lines(PDF);
const FORWARDED_TEXT = 'Nội dung thư chuyển tiếp: xem báo cáo đính kèm.';

/** The forwarded message: a text part, a PDF and a program (parts 1, 2, 3 of its multipart). */
function inner(extraText = ''): Buffer {
  return Buffer.from(
    [
      'From: b@example.org',
      'Subject: =?UTF-8?B?' + Buffer.from('Báo cáo').toString('base64') + '?=',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="in"',
      '',
      '--in',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      FORWARDED_TEXT,
      ...(extraText ? [extraText] : []),
      '--in',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      PDF_B64,
      '--in',
      'Content-Type: application/octet-stream; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      EXE_B64,
      '--in--',
      '',
    ].join('\r\n'),
  );
}

function encode(bytes: Buffer, cte: 'base64' | 'quoted-printable'): string {
  return cte === 'base64' ? lines(bytes).replace(/\r\n$/, '') : encodeQp(bytes, '\r\n');
}

/** The outer message: a text part, the forwarded message with `cte`, then a text part after it. */
const outer = (body: string, cte: string): Buffer => forwardingMail([body], { cte, after: true });

async function strip(
  raw: Buffer,
  edit: (t: StripTarget) => StripTarget = (t) => t,
): Promise<{ out: Buffer; parsed: ParsedMessage; replacedWhole: Array<{ part: string; reason: string }> }> {
  const parsed = await parseMessage(raw, DEFAULT_LIMITS);
  const target = parsed.attachments.find((a) => a.filename === 'setup.exe');
  expect(target, 'setup.exe parsed').toBeDefined();
  const verdict = verdictWith([finding('attachment.dangerous-type', 'setup.exe', target!.id)], { action: 'strip', strip: [target!.id], warning: false });
  const replacedWhole: Array<{ part: string; reason: string }> = [];
  const plan = {
    ...planFor(verdict, stripTargets(parsed.attachments, [target!.id]).map(edit)),
    onWholeForward: (part: string, reason: string) => replacedWhole.push({ part, reason }),
  };
  const out = await applyActionsToBuffer(raw, plan);
  return { out, parsed, replacedWhole };
}

/** The output's body of the forwarded message, after checking every byte around it is the input's. */
function newBody(raw: Buffer, out: Buffer, body: string): string {
  const input = raw.toString('latin1');
  const output = withoutAdditions(out).toString('latin1');
  const start = input.indexOf(body);
  const end = start + body.length;
  expect(start).toBeGreaterThan(0);
  expect(output.slice(0, start)).toBe(input.slice(0, start));
  expect(output.slice(output.length - (input.length - end))).toBe(input.slice(end));
  return output.slice(start, output.length - (input.length - end));
}

/** The decoded forwarded message must be the original with exactly the program's part replaced. */
function expectOnlyProgramReplaced(decoded: Buffer, original: Buffer): void {
  const text = decoded.toString('latin1');
  const was = original.toString('latin1');
  const from = was.indexOf('Content-Type: application/octet-stream; name="setup.exe"');
  const to = was.indexOf(EXE_B64) + EXE_B64.length;
  expect(text.startsWith(was.slice(0, from))).toBe(true);
  expect(text.endsWith(was.slice(to))).toBe(true);
  const notice = text.slice(from, text.length - (was.length - to));
  expect(notice).toContain(`setup.exe${REMOVED_SUFFIX}`);
  expect(notice).not.toContain(EXE_B64.slice(0, 40));
}

async function expectDelivered(out: Buffer): Promise<void> {
  const again = await parseMessage(out, DEFAULT_LIMITS);
  expect(again.problems).toEqual([]);
  expect(again.attachments.map((a) => [a.id, a.filename])).toEqual([
    ['a1', 'fwd.eml'],
    ['a1.a1', 'report.pdf'],
    ['a1.a2', `setup.exe${REMOVED_SUFFIX}`],
  ]);
  expect(again.nested[0]!.text).toContain(FORWARDED_TEXT);
  expect(again.attachments[1]!.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
  expect(again.text).toContain('the part after it');
  // a second parser reads it the same way: the forwarded message and the text part after it
  const other = await simpleParser(out);
  expect(other.attachments.map((a) => [a.contentType, a.filename])).toEqual([['message/rfc822', 'fwd.eml']]);
  expect(other.text).toContain('the part after it');
}

describe('strip inside a base64 or quoted-printable forwarded message', () => {
  it.each(['base64', 'quoted-printable'] as const)('parse/ gives the attachments of a %s forwarded message their exact path', async (cte) => {
    const parsed = await parseMessage(outer(encode(inner(), cte), cte), DEFAULT_LIMITS);
    expect(parsed.problems).toEqual([]);
    expect(parsed.attachments.map((a) => [a.id, a.filename, a.partPath, a.nestedPath])).toEqual([
      ['a1', 'fwd.eml', '2', undefined],
      ['a1.a1', 'report.pdf', '2', ['2']],
      ['a1.a2', 'setup.exe', '2', ['3']],
    ]);
    expect(parsed.attachments[2]!.trueType?.ext).toBe('exe');
    expect(stripTargets(parsed.attachments, ['a1.a2'])[0]!.forwardedSha256).toEqual([createHash('sha256').update(inner()).digest('hex')]);
  });

  it('removes the program from a base64 forwarded message, re-encoded in lines of 76, everything else kept', async () => {
    const body = encode(inner(), 'base64');
    const raw = outer(body, 'base64');
    const { out, replacedWhole } = await strip(raw);
    expect(replacedWhole).toEqual([]);
    const encoded = newBody(raw, out, body);
    expect(encoded).toMatch(/^[A-Za-z0-9+/=\r\n]+$/);
    const rows = encoded.split('\r\n');
    expect(rows.slice(0, -1).every((r) => r.length === 76)).toBe(true);
    expect(rows.at(-1)!.length).toBeLessThanOrEqual(76);
    expectOnlyProgramReplaced(decodeBase64(Buffer.from(encoded, 'latin1')), inner());
    await expectDelivered(out);
  });

  it('removes the program from a quoted-printable forwarded message, re-encoded as quoted-printable', async () => {
    const body = encode(inner(), 'quoted-printable');
    const raw = outer(body, 'quoted-printable');
    const { out } = await strip(raw);
    const encoded = newBody(raw, out, body);
    expect(qpFault(Buffer.from(encoded, 'latin1'))).toBe('');
    for (const row of encoded.split('\r\n')) expect(row.length).toBeLessThanOrEqual(76);
    expectOnlyProgramReplaced(decodeQp(Buffer.from(encoded, 'latin1')), inner());
    await expectDelivered(out);
  });

  it('never writes a line that closes the multipart around it (a "--out" line escaped in the quoted-printable)', async () => {
    const forwarded = inner('--out--');
    const body = encode(forwarded, 'quoted-printable').replace(/^--out--/m, '=2D-out--');
    expect(body).toContain('=2D-out--');
    const raw = outer(body, 'quoted-printable');
    const { out } = await strip(raw);
    const encoded = newBody(raw, out, body);
    expect(encoded).not.toMatch(/^--/m);
    expect(decodeQp(Buffer.from(encoded, 'latin1')).toString('utf8')).toContain('\r\n--out--\r\n');
    expect((await parseMessage(out, DEFAULT_LIMITS)).nested[0]!.text).toContain('--out--');
    const other = await simpleParser(out);
    expect(other.text).toContain('the part after it');
  });

  it('removes the program from a base64 forwarded message inside a 7bit forwarded message', async () => {
    const middle = [
      'From: m@example.com',
      'Subject: middle',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mid"',
      '',
      '--mid',
      'Content-Type: text/plain',
      '',
      'middle text',
      '--mid',
      'Content-Type: message/rfc822',
      'Content-Transfer-Encoding: base64',
      '',
      encode(inner(), 'base64'),
      '--mid--',
    ].join('\r\n');
    const raw = outer(middle, '7bit');
    const { out, parsed } = await strip(raw);
    expect(parsed.attachments.find((a) => a.filename === 'setup.exe')?.nestedPath).toEqual(['2', '3']);
    expect(stripTargets(parsed.attachments, ['a1.a1.a2'])[0]!.forwardedSha256).toHaveLength(2);
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.problems).toEqual([]);
    expect(again.attachments.map((a) => a.filename)).toEqual(['fwd.eml', '', 'report.pdf', `setup.exe${REMOVED_SUFFIX}`]);
    expect(again.nested[0]!.text).toContain('middle text');
    expect(again.nested[0]!.nested[0]!.text).toContain(FORWARDED_TEXT);
  });

  it('removes the program from a message that is itself one base64 forwarded message (the top-level part)', async () => {
    const body = `${encode(inner(), 'base64')}\r\n`;
    const raw = Buffer.from(['From: a@example.net', 'To: c@lachan.test', 'Subject: fwd', 'MIME-Version: 1.0', 'Content-Type: message/rfc822', 'Content-Transfer-Encoding: base64', '', body].join('\r\n'), 'latin1');
    const { out, parsed } = await strip(raw);
    expect(parsed.attachments.find((a) => a.filename === 'setup.exe')).toMatchObject({ partPath: '', nestedPath: ['3'] });
    const encoded = newBody(raw, out, body);
    expect(encoded.endsWith('\r\n')).toBe(true);
    expectOnlyProgramReplaced(decodeBase64(Buffer.from(encoded, 'latin1')), inner());
    expect(out.toString('latin1')).toMatch(/^X-Lachan-Verdict: /m);
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.attachments.map((a) => a.filename)).toEqual(['', 'report.pdf', `setup.exe${REMOVED_SUFFIX}`]);
  });

  it('still opens it for a target without the digests (hand-built), checking the encoding only', async () => {
    const body = encode(inner(), 'base64');
    const { out } = await strip(outer(body, 'base64'), ({ forwardedSha256: _unused, ...t }) => t);
    await expectDelivered(out);
  });
});

describe('an encoded forwarded message that cannot be opened safely is replaced whole, never thrown', () => {
  /** The part replaced whole: only the notice where the forwarded message was, the outer parts kept. */
  async function expectReplacedWhole(raw: Buffer, out: Buffer, body: string): Promise<void> {
    const notice = newBody(raw, out, `Content-Type: message/rfc822\r\nContent-Transfer-Encoding: ${raw.includes('quoted-printable') ? 'quoted-printable' : 'base64'}\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n${body}`);
    expect(notice).toContain(`setup.exe${REMOVED_SUFFIX}`);
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.attachments.map((a) => a.filename)).toEqual([`setup.exe${REMOVED_SUFFIX}`]);
    expect(again.text).toContain('see the forwarded message');
    expect(again.text).toContain('the part after it');
  }

  /** The caller heard, once, which part was replaced whole and why. */
  function expectReported(replacedWhole: Array<{ part: string; reason: string }>, reason: RegExp): void {
    expect(replacedWhole).toHaveLength(1);
    expect(replacedWhole[0]!.part).toBe('2');
    expect(replacedWhole[0]!.reason).toMatch(reason);
  }

  it('base64 with characters outside the alphabet (decoders skip them in different ways)', async () => {
    const body = encode(inner(), 'base64').replace(/\r\n/, '\r\n*');
    const raw = outer(body, 'base64');
    const { out, replacedWhole } = await strip(raw);
    await expectReplacedWhole(raw, out, body);
    expectReported(replacedWhole, /./);
  });

  it('quoted-printable with an "=" that is no escape', async () => {
    const body = encode(inner(), 'quoted-printable').replace('Subject:', 'Subject=ZZ:');
    const raw = outer(body, 'quoted-printable');
    await expectReplacedWhole(raw, (await strip(raw)).out, body);
  });

  it('a decoding that is not the message that was scanned (digest differs)', async () => {
    const body = encode(inner(), 'base64');
    const raw = outer(body, 'base64');
    const { out, replacedWhole } = await strip(raw, (t) => ({ ...t, forwardedSha256: ['0'.repeat(64)] }));
    await expectReplacedWhole(raw, out, body);
    expectReported(replacedWhole, /not the one that was scanned/);
  });

  it('a part to strip that is not inside the decoded message', async () => {
    const body = encode(inner(), 'base64');
    const raw = outer(body, 'base64');
    const { out, replacedWhole } = await strip(raw, (t) => ({ ...t, nestedPath: ['7'] }));
    await expectReplacedWhole(raw, out, body);
    expectReported(replacedWhole, /rewrite inside failed/);
  });

  it(`a body bigger than ${MAX_ENCODED_FORWARD_BYTES} bytes is not held in memory`, async () => {
    const big = inner().toString('latin1').replace(PDF_B64, lines(Buffer.alloc(MAX_ENCODED_FORWARD_BYTES * 0.8, 0x41)).replace(/\r\n$/, ''));
    const body = encode(Buffer.from(big, 'latin1'), 'base64');
    expect(body.length).toBeGreaterThan(MAX_ENCODED_FORWARD_BYTES);
    const raw = outer(body, 'base64');
    const { out, replacedWhole } = await strip(raw);
    await expectReplacedWhole(raw, out, body);
    expectReported(replacedWhole, /not held in memory/);
  });
});
