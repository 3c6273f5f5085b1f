import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage } from './index.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'));

/** multipart/mixed > (multipart/alternative > text, html), pdf, png, message/rfc822 (> text, zip-named exe) */
const TREE = crlf(`From: a@sender.example
To: b@lachan.test
Subject: tree
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mixed"

--mixed
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8

plain body
--alt
Content-Type: text/html; charset=utf-8

<p>html body</p>
--alt--
--mixed
Content-Type: application/octet-stream; name="=?utf-8?B?${Buffer.from('báo cáo.pdf').toString('base64')}?="
Content-Disposition: attachment; filename*=utf-8''b%C3%A1o%20c%C3%A1o.pdf
Content-Transfer-Encoding: base64

${PDF.toString('base64')}
--mixed
Content-Type: image/png; name="logo.jpg"
Content-Disposition: inline
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

${PNG.toString('base64')}
--mixed
Content-Type: message/rfc822

From: inner@sender.example
Subject: forwarded
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/html

<a href="https://inner.example/">inner link</a>
--inner
Content-Type: application/octet-stream; name="setup.exe"
Content-Transfer-Encoding: base64

${Buffer.from('MZ fake').toString('base64')}
--inner--
--mixed--
`);

/** Part numbers as mailsplit reports them while walking the raw message (what act/ does). */
async function mailsplitNumbers(pkg: string, raw: Buffer): Promise<Array<[string, string]>> {
  const mod = (await import(pkg)) as { default?: { Splitter: new () => NodeJS.ReadWriteStream }; Splitter?: new () => NodeJS.ReadWriteStream };
  const Splitter = (mod.Splitter ?? mod.default!.Splitter)!;
  const splitter = new Splitter();
  const seen: Array<[string, string]> = [];
  await new Promise<void>((resolve, reject) => {
    splitter.on('data', (data: { type: string; partNr?: Array<number | string>; contentType?: string }) => {
      if (data.type === 'node') {
        seen.push([(data.partNr ?? []).filter((n) => typeof n === 'number').join('.'), data.contentType || '']);
      }
    });
    splitter.on('end', resolve);
    splitter.on('error', reject);
    splitter.end(raw);
  });
  return seen;
}

describe('attachments', () => {
  it('lists every non-body part in order with ids, decoded names, declared and true types', async () => {
    const parsed = await parseMessage(TREE, DEFAULT_LIMITS);
    expect(parsed.attachments.map((a) => [a.id, a.filename, a.contentType, a.disposition, a.trueType?.ext])).toEqual([
      ['a1', 'báo cáo.pdf', 'application/octet-stream', 'attachment', 'pdf'],
      ['a2', 'logo.jpg', 'image/png', 'inline', 'png'],
      ['a3', '', 'message/rfc822', '', undefined],
      ['a3.a1', 'setup.exe', 'application/octet-stream', '', 'exe'], // "MZ" is enough for file-type
    ]);
    expect(parsed.text).toBe('plain body');
  });

  it('hashes the decoded bytes and keeps them readable', async () => {
    const parsed = await parseMessage(TREE, DEFAULT_LIMITS);
    const pdf = parsed.attachments[0]!;
    expect(pdf.size).toBe(PDF.length);
    expect(pdf.sha256).toBe(sha(PDF));
    expect(pdf.content.sha256).toBe(sha(PDF));
    expect(await pdf.content.buffer()).toEqual(PDF);
    const streamed: Buffer[] = [];
    for await (const chunk of pdf.content.stream()) streamed.push(chunk as Buffer);
    expect(Buffer.concat(streamed)).toEqual(PDF);
    expect(parsed.attachments[1]!.sha256).toBe(sha(PNG));
  });

  it('numbers parts the way mailsplit does, so act/ finds the same part', async () => {
    // multipart/mixed ''; multipart/alternative '1' > text '1.1', html '1.2'; pdf '2'; png '3'; rfc822 '4'
    const expected: Array<[string, string]> = [
      ['', 'multipart/mixed'],
      ['1', 'multipart/alternative'],
      ['1.1', 'text/plain'],
      ['1.2', 'text/html'],
      ['2', 'application/octet-stream'],
      ['3', 'image/png'],
      ['4', 'message/rfc822'],
    ];
    for (const pkg of ['mailsplit', '@zone-eu/mailsplit']) {
      const numbers = await mailsplitNumbers(pkg, TREE);
      expect(numbers.slice(0, expected.length), pkg).toEqual(expected);
    }
    const parsed = await parseMessage(TREE, DEFAULT_LIMITS);
    expect(parsed.attachments.map((a) => [a.id, a.partPath])).toEqual([
      ['a1', '2'],
      ['a2', '3'],
      ['a3', '4'],
      ['a3.a1', '4'], // inside the rfc822 part: the top-level part that holds it
    ]);
  });

  it('gives a message whose whole body is an attachment the partPath of the root', async () => {
    const raw = crlf(`From: a@sender.example\nContent-Type: application/pdf; name=r.pdf\nContent-Transfer-Encoding: base64\n\n${PDF.toString('base64')}\n`);
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    expect(parsed.attachments.map((a) => [a.id, a.partPath, a.trueType?.mime])).toEqual([['a1', '', 'application/pdf']]);
  });

  it('parses message/rfc822 parts recursively into nested, with their URLs in the flat list', async () => {
    const parsed = await parseMessage(TREE, DEFAULT_LIMITS);
    expect(parsed.nested).toHaveLength(1);
    const inner = parsed.nested[0]!;
    expect(inner.subject).toBe('forwarded');
    expect(inner.attachments.map((a) => [a.id, a.depth])).toEqual([['a3.a1', 1]]);
    expect(parsed.urls.find((u) => u.host === 'inner.example')).toMatchObject({ partId: 'a3', text: 'inner link', source: 'href' });
  });

  it('reads URLs from HTML and text attachments with the attachment id', async () => {
    const raw = crlf(`From: a@sender.example
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

see attachments
--b
Content-Type: text/html; name="login.html"
Content-Disposition: attachment; filename="login.html"

<form action="https://harvest.example/post"><input name=p></form>
--b
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

visit https://notes.example/x
--b--
`);
    const parsed = await parseMessage(raw, DEFAULT_LIMITS);
    expect(parsed.urls.map((u) => [u.host, u.source, u.partId])).toEqual([
      ['harvest.example', 'form', 'a1'],
      ['notes.example', 'text', 'a2'],
    ]);
  });
});

describe('a body text part that gives a file name', () => {
  const named = (headers: string) =>
    crlf(`From: a@sender.example
To: b@lachan.test
Subject: named text
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: text/plain; charset=utf-8

the body
--m
${headers}

bien ban https://named-text.example/
--m--
`);

  it.each([
    ['Content-Type name=', 'Content-Type: text/plain; name="bien-ban.exe"'],
    ['Content-Disposition inline; filename=', 'Content-Type: text/plain\r\nContent-Disposition: inline; filename="bien-ban.exe"'],
  ])('(%s) is read as body text and listed as an attachment too, as mail clients list it', async (_how, headers) => {
    const parsed = await parseMessage(named(headers), DEFAULT_LIMITS);
    expect(parsed.text).toBe('the body\nbien ban https://named-text.example/');
    expect(parsed.attachments.map((a) => [a.id, a.filename, a.contentType, a.partPath, a.sha256])).toEqual([
      ['a1', 'bien-ban.exe', 'text/plain', '2', sha(Buffer.from('bien ban https://named-text.example/'))],
    ]);
  });

  it('a text part without a file name stays body text only', async () => {
    const parsed = await parseMessage(named('Content-Type: text/plain'), DEFAULT_LIMITS);
    expect(parsed.attachments).toEqual([]);
  });
});
