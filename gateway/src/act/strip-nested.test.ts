import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { LachanError } from '../errors.js';
import { parseMessage } from '../parse/index.js';
import type { ParsedMessage } from '../parse/types.js';
import { applyActionsToBuffer, stripTargets } from './index.js';
import { REMOVED_SUFFIX } from './strip.js';
import { base64Part, finding, forwardingMail, mixedWithText, planFor, verdictWith, withoutAdditions } from './testing.js';

/**
 * Attachments inside forwarded messages (message/rfc822), found by the exact path the parser gives
 * them (Attachment.partPath + nestedPath) and removed one by one: the rest of the forwarded message,
 * and of the message, stays byte for byte. Real parse, real rewrite; no hand-made part numbers.
 */
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const PDF = b64('%PDF-1.4 forwarded report');
const EXE = b64('MZ\x90\x00 forwarded program');
const EXE2 = b64('MZ\x90\x00 the other program');

/** A forwarded message holding a PDF and then a program (parts 2 and 3 of its own multipart). */
const innerTwo = [
  'From: b@example.org',
  'Subject: inner',
  ...mixedWithText('inner text', [
    base64Part('application/pdf; name="report.pdf"', 'report.pdf', PDF),
    base64Part('application/octet-stream; name="setup.exe"', 'setup.exe', EXE),
  ]),
  'inner epilogue',
];

const outer = (forwarded: string[], cte = ''): Buffer => forwardingMail(forwarded, { cte });

async function stripByName(raw: Buffer, filename: string): Promise<{ out: Buffer; parsed: ParsedMessage }> {
  const parsed = await parseMessage(raw, DEFAULT_LIMITS);
  const target = parsed.attachments.find((a) => a.filename === filename);
  expect(target, `${filename} parsed`).toBeDefined();
  const verdict = verdictWith([finding('attachment.dangerous-type', filename, target!.id)], { action: 'strip', strip: [target!.id], warning: false });
  const out = await applyActionsToBuffer(raw, planFor(verdict, stripTargets(parsed.attachments, [target!.id])));
  return { out, parsed };
}

/** The output must be the input with exactly the bytes from `from` to the end of `to` replaced. */
function expectOnlyReplaced(raw: Buffer, out: Buffer, from: string, to: string): string {
  const input = raw.toString('latin1');
  const output = withoutAdditions(out).toString('latin1');
  const start = input.indexOf(from);
  const end = input.indexOf(to, start) + to.length;
  expect(start).toBeGreaterThan(0);
  expect(output.startsWith(input.slice(0, start))).toBe(true);
  expect(output.endsWith(input.slice(end))).toBe(true);
  return output.slice(start, output.length - (input.length - end));
}

describe('strip inside forwarded messages', () => {
  it('gives each attachment of a forwarded message its exact path', async () => {
    const parsed = await parseMessage(outer(innerTwo), DEFAULT_LIMITS);
    expect(parsed.attachments.map((a) => [a.id, a.filename, a.partPath, a.nestedPath])).toEqual([
      ['a1', 'fwd.eml', '2', undefined],
      ['a1.a1', 'report.pdf', '2', ['2']],
      ['a1.a2', 'setup.exe', '2', ['3']],
    ]);
  });

  it('removes the second of two attachments of a forwarded message and keeps the rest byte for byte', async () => {
    const raw = outer(innerTwo);
    const { out } = await stripByName(raw, 'setup.exe');
    const replaced = expectOnlyReplaced(raw, out, 'Content-Type: application/octet-stream; name="setup.exe"', EXE);
    expect(replaced).toContain(`setup.exe${REMOVED_SUFFIX}`);
    expect(out.toString('latin1')).not.toContain(EXE);

    // read back: the forwarded message is still there, with its PDF and the notice in the program's place
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.problems).toEqual([]);
    expect(again.attachments.map((a) => [a.id, a.filename])).toEqual([
      ['a1', 'fwd.eml'],
      ['a1.a1', 'report.pdf'],
      ['a1.a2', `setup.exe${REMOVED_SUFFIX}`],
    ]);
    expect(again.nested[0]!.text).toContain('inner text');
    const fwd = await simpleParser(out);
    expect(fwd.attachments.map((a) => a.filename)).toEqual(['fwd.eml']);
  });

  it('removes the first of two and leaves the second where it was', async () => {
    const raw = outer(innerTwo);
    const { out } = await stripByName(raw, 'report.pdf');
    expectOnlyReplaced(raw, out, 'Content-Type: application/pdf; name="report.pdf"', PDF);
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.attachments.map((a) => a.filename)).toEqual(['fwd.eml', `report.pdf${REMOVED_SUFFIX}`, 'setup.exe']);
    expect(again.attachments[2]!.sha256).toBe((await parseMessage(raw, DEFAULT_LIMITS)).attachments[2]!.sha256);
  });

  it('removes both attachments of a forwarded message, each in its place, the forwarded text kept', async () => {
    const raw = outer(innerTwo);
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    const ids = ['a1.a1', 'a1.a2'];
    const verdict = verdictWith(ids.map((id) => finding('attachment.virus', id, id)), { action: 'strip', strip: ids, warning: false });
    const out = await applyActionsToBuffer(raw, planFor(verdict, stripTargets(parsed.attachments, ids)));
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.attachments.map((a) => a.filename)).toEqual(['fwd.eml', `report.pdf${REMOVED_SUFFIX}`, `setup.exe${REMOVED_SUFFIX}`]);
    expect(again.nested[0]!.text).toContain('inner text');
    expect(out.toString('latin1')).toContain('inner epilogue');
  });

  it('streams a big forwarded message through (backpressure), the parts around the removed one unchanged', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n');
    const inner = innerTwo.map((line) => (line === PDF ? big : line));
    const raw = outer(inner);
    const { out } = await stripByName(raw, 'setup.exe');
    expectOnlyReplaced(raw, out, 'Content-Type: application/octet-stream; name="setup.exe"', EXE);
  });

  it('removes a program from a forwarded message inside a forwarded message, nothing else', async () => {
    // the middle message forwards innerTwo after its own program, named like the deepest one
    const middle = [
      'From: m@example.com',
      'Subject: middle',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mid"',
      '',
      '--mid',
      'Content-Type: application/octet-stream; name="setup.exe"',
      'Content-Disposition: attachment; filename="setup.exe"',
      'Content-Transfer-Encoding: base64',
      '',
      EXE2,
      '--mid',
      'Content-Type: message/rfc822',
      '',
      ...innerTwo,
      '--mid--',
    ];
    const raw = outer(middle);
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    expect(parsed.attachments.map((a) => [a.id, a.filename, a.partPath, a.nestedPath])).toEqual([
      ['a1', 'fwd.eml', '2', undefined],
      ['a1.a1', 'setup.exe', '2', ['1']],
      ['a1.a2', '', '2', ['2']],
      ['a1.a2.a1', 'report.pdf', '2', ['2', '2']],
      ['a1.a2.a2', 'setup.exe', '2', ['2', '3']],
    ]);
    const verdict = verdictWith([finding('attachment.virus', 'setup.exe', 'a1.a2.a2')], { action: 'strip', strip: ['a1.a2.a2'], warning: false });
    const out = await applyActionsToBuffer(raw, planFor(verdict, stripTargets(parsed.attachments, ['a1.a2.a2'])));
    expectOnlyReplaced(raw, out, `Content-Type: application/octet-stream; name="setup.exe"\r\nContent-Disposition: attachment; filename="setup.exe"\r\nContent-Transfer-Encoding: base64\r\n\r\n${EXE}`, EXE);
    expect(out.toString('latin1')).toContain(EXE2); // the middle message's own program was not the one listed
    expect(out.toString('latin1')).not.toContain(EXE);
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.attachments.map((a) => a.filename)).toEqual(['fwd.eml', 'setup.exe', '', 'report.pdf', `setup.exe${REMOVED_SUFFIX}`]);

    // and the middle one's own program, at the other depth: the deepest message untouched
    const verdict2 = verdictWith([finding('attachment.virus', 'setup.exe', 'a1.a1')], { action: 'strip', strip: ['a1.a1'], warning: false });
    const out2 = await applyActionsToBuffer(raw, planFor(verdict2, stripTargets(parsed.attachments, ['a1.a1'])));
    expectOnlyReplaced(raw, out2, 'Content-Type: application/octet-stream; name="setup.exe"', EXE2);
    expect(out2.toString('latin1')).toContain(EXE);
  });

  it('removes the whole body of a forwarded message that is one attachment, keeping its other headers', async () => {
    const raw = outer(['From: b@example.org', 'Subject: only a file', 'Content-Type: application/octet-stream; name="run.exe"', 'Content-Transfer-Encoding: base64', '', EXE]);
    const { out, parsed } = await stripByName(raw, 'run.exe');
    expect(parsed.attachments.find((a) => a.filename === 'run.exe')?.nestedPath).toEqual(['']);
    const text = out.toString('latin1');
    expect(text).not.toContain(EXE);
    expect(text).toContain('Subject: only a file');
    expect((await parseMessage(out, DEFAULT_LIMITS)).attachments.map((a) => a.filename)).toEqual(['fwd.eml', `run.exe${REMOVED_SUFFIX}`]);
  });

  it('removes only the program from a base64-encoded forwarded message, encoded again (more in strip-nested-encoded.test.ts)', async () => {
    const raw = outer([b64(innerTwo.join('\r\n')).replace(/.{76}/g, '$&\r\n')], 'base64');
    const { out } = await stripByName(raw, 'setup.exe');
    const again = await parseMessage(out, DEFAULT_LIMITS);
    expect(again.attachments.map((a) => a.filename)).toEqual(['fwd.eml', 'report.pdf', `setup.exe${REMOVED_SUFFIX}`]);
    expect(again.nested[0]!.text).toContain('inner text');
    expect(out.toString('latin1')).toContain('see the forwarded message');
  });

  it('holds the message (fails the rewrite) when the part at the exact path names another file', async () => {
    const raw = outer(innerTwo);
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    const [target] = stripTargets(parsed.attachments, ['a1.a2']);
    const verdict = verdictWith([finding('attachment.virus', 'setup.exe', 'a1.a2')], { action: 'strip', strip: ['a1.a2'] });
    const wrong = { ...target!, nestedPath: ['2'] }; // where the PDF is
    const err = await applyActionsToBuffer(raw, planFor(verdict, [wrong])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LachanError);
    expect((err as LachanError).message).toContain('is not the attachment to strip');
    const missing = { ...target!, nestedPath: ['7'] };
    const err2 = await applyActionsToBuffer(raw, planFor(verdict, [missing])).catch((e: unknown) => e);
    expect((err2 as LachanError).message).toContain('not found at MIME part 7');
  });
});
