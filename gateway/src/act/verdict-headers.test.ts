import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { applyActionsToBuffer } from './index.js';
import { finding, mail, planFor, TEST_REF, verdictWith, withoutAdditions } from './testing.js';

const BODY = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'hello', ''];

function headerBlock(out: Buffer): string {
  const text = out.toString('latin1');
  return text.slice(0, text.search(/\r?\n\r?\n/));
}

describe('verdict headers', () => {
  it('puts X-Lachan-Ref, X-Lachan-Verdict and X-Lachan-Category at the top and changes nothing else', async () => {
    const raw = mail(['Received: from a by b; Tue, 1 Jul 2025 08:00:00 +0700', 'From: a@example.net', 'Subject: hello', ...BODY]);
    const verdict = verdictWith([finding('url.ip-host', 'http://192.0.2.1/')], { categories: ['phishing', 'url ip', 'phishing'] });
    const out = await applyActionsToBuffer(raw, planFor(verdict, []));
    const lines = headerBlock(out).split('\r\n');
    expect(lines.slice(0, 3)).toEqual([
      `X-Lachan-Ref: ${TEST_REF}`,
      'X-Lachan-Verdict: deliver; warning=yes; stripped=0; gateway=mx1.lachan.test',
      'X-Lachan-Category: phishing, url-ip',
    ]);
    expect(withoutAdditions(out).equals(raw)).toBe(true);
  });

  it('says warning=no and leaves out the category header when there is nothing to say', async () => {
    const raw = mail(['From: a@example.net', ...BODY]);
    const out = await applyActionsToBuffer(raw, planFor(verdictWith([], { warning: false, categories: [] })));
    expect(headerBlock(out)).toContain('X-Lachan-Verdict: deliver; warning=no; stripped=0;');
    expect(headerBlock(out)).not.toContain('X-Lachan-Category');
    expect(out.toString('latin1').endsWith('\r\n\r\nhello\r\n')).toBe(true);
  });

  it('removes X-Lachan-* headers that came from outside, whatever their case or folding', async () => {
    const raw = mail([
      'X-Lachan-Verdict: deliver; warning=no; stripped=0',
      'From: a@example.net',
      'x-lachan-ref: 01FAKEFAKEFAKEFAKEFAKEFAKE',
      'X-LACHAN-Category:',
      '  clean,',
      '\ttrusted',
      'X-Lachan-Whitelisted : yes',
      'X-Lachanx: not ours, stays',
      'Subject: hi',
      ...BODY,
    ]);
    const out = await applyActionsToBuffer(raw, planFor(verdictWith([finding('url.ip-host', '192.0.2.1')])));
    const head = headerBlock(out);
    expect(head.match(/^x-lachan-/gim)).toHaveLength(3);
    expect(head).not.toMatch(/FAKE|trusted|Whitelisted|warning=no/);
    expect(head).toContain('X-Lachanx: not ours, stays');
    const parsed = await simpleParser(out);
    expect(parsed.headers.get('x-lachan-verdict')).toMatch(/^deliver; warning=yes/);
    expect(parsed.headers.get('x-lachan-ref')).toBe(TEST_REF);
  });

  it('keeps an mbox From_ line first', async () => {
    const raw = mail(['From sender@example.net Tue Jul  1 08:00:00 2025', 'From: a@example.net', ...BODY]);
    const out = await applyActionsToBuffer(raw, planFor(verdictWith([], { warning: false })));
    expect(headerBlock(out).split('\r\n')[1]).toMatch(/^X-Lachan-Ref: /);
  });

  it('counts the stripped attachments in the verdict header', async () => {
    const raw = mail([
      'From: a@example.net',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      ...BODY.slice(0, 4),
      '--b',
      'Content-Type: application/octet-stream; name=a.exe',
      '',
      'MZ',
      '--b--',
      '',
    ]);
    const verdict = verdictWith([finding('attachment.dangerous-type', 'a.exe', 'a1')], { action: 'strip', strip: ['a1'] });
    const out = await applyActionsToBuffer(raw, planFor(verdict, [{ id: 'a1', partPath: '2', filename: 'a.exe' }]));
    expect(headerBlock(out)).toContain('X-Lachan-Verdict: deliver; warning=yes; stripped=1;');
  });
});

describe('subject tag', () => {
  const plan = (tag: string) => planFor(verdictWith([], { warning: false }), [], { subjectTag: tag });

  it('prefixes a plain subject once', async () => {
    const raw = mail(['From: a@example.net', 'Subject: Hello there', ...BODY]);
    const out = await applyActionsToBuffer(raw, plan('[EXT]'));
    expect(headerBlock(out)).toContain('\r\nSubject: [EXT] Hello there\r\n');
    const again = await applyActionsToBuffer(out, plan('[EXT]'));
    expect(again.equals(out)).toBe(true);
  });

  it('prefixes an encoded Vietnamese subject with an encoded tag that keeps its space', async () => {
    const raw = mail(['From: a@example.net', 'Subject: =?UTF-8?B?VGjDtG5nIGLDoW8=?=', ...BODY]);
    const out = await applyActionsToBuffer(raw, plan('[BÊN NGOÀI]'));
    expect((await simpleParser(out)).subject).toBe('[BÊN NGOÀI] Thông báo');
    const again = await applyActionsToBuffer(out, plan('[BÊN NGOÀI]'));
    expect((await simpleParser(again)).subject).toBe('[BÊN NGOÀI] Thông báo');
  });

  it('does not tag a reply that already carries the tag', async () => {
    const raw = mail(['From: a@example.net', 'Subject: Re: [EXT] Hello', ...BODY]);
    const out = await applyActionsToBuffer(raw, plan('[ext]'));
    expect(headerBlock(out)).toContain('\r\nSubject: Re: [EXT] Hello\r\n');
  });

  it('recognises its tag in a raw UTF-8 subject', async () => {
    const raw = mail(['From: a@example.net', `Subject: ${Buffer.from('[BÊN NGOÀI] Chào', 'utf8').toString('latin1')}`, ...BODY]);
    const out = await applyActionsToBuffer(raw, plan('[BÊN NGOÀI]'));
    expect(headerBlock(out).match(/Subject:/g)).toHaveLength(1);
    expect((await simpleParser(out)).subject).toBe('[BÊN NGOÀI] Chào');
  });

  it('adds a subject when there is none', async () => {
    const raw = mail(['From: a@example.net', ...BODY]);
    const out = await applyActionsToBuffer(raw, plan('[BÊN NGOÀI]'));
    expect((await simpleParser(out)).subject).toBe('[BÊN NGOÀI]');
  });
});
