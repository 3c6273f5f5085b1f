import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { emlFilesUnder as emlFiles } from '../../test/support/fixture-files.js';
import { differences } from '../../test/support/mailparser-reference.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { parseMessage, releaseMessage } from './index.js';

const fixtures = fileURLToPath(new URL('../../../test-fixtures/', import.meta.url));

/** A message from header lines and body pieces (strings are latin1, one char per byte). */
function mail(headers: string[], ...body: Array<string | Buffer>): Buffer {
  const head = Buffer.from(['From: a@example.com', 'To: b@example.com', 'Subject: t', 'MIME-Version: 1.0', ...headers].join('\r\n') + '\r\n\r\n', 'latin1');
  return Buffer.concat([head, ...body.map((b) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : b))]);
}

function multipart(type: string, boundary: string, parts: Array<Array<string | Buffer>>): Buffer {
  const out: Array<string | Buffer> = [];
  for (const part of parts) out.push(`--${boundary}\r\n`, ...part, '\r\n');
  out.push(`--${boundary}--\r\n`);
  return mail([`Content-Type: ${type}; boundary="${boundary}"`], ...out);
}

const part = (headers: string[], body: string | Buffer): Array<string | Buffer> => [headers.join('\r\n') + '\r\n\r\n', body];

/** Messages that exercise the rules bodies.ts copies from mailparser, with what must come out. */
const CASES: Array<{ name: string; raw: Buffer; check: (m: Awaited<ReturnType<typeof parseMessage>>) => void }> = [
  {
    name: 'alternative: the plain part is the text, the HTML part the html',
    raw: multipart('multipart/alternative', 'b1', [part(['Content-Type: text/plain'], 'plain one'), part(['Content-Type: text/html'], '<p>html one</p>')]),
    check: (m) => {
      expect(m.text).toBe('plain one');
      expect(m.html).toBe('<p>html one</p>');
    },
  },
  {
    name: 'mixed: text parts join with "\\n", and each leaves an empty piece in the HTML',
    raw: multipart('multipart/mixed', 'b2', [
      part(['Content-Type: text/plain'], 'first'),
      part(['Content-Type: text/html'], '<b>middle</b>'),
      part(['Content-Type: text/plain'], 'last'),
    ]),
    check: (m) => {
      expect(m.text).toBe('first\n\nlast');
      expect(m.html).toBe('<br/>\n<b>middle</b><br/>\n');
    },
  },
  {
    name: 'format=flowed with delsp=yes is unfolded, the space before each soft break dropped',
    raw: mail(['Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes'], 'one lo \r\nng line, \r\nthen the end\r\n'),
    check: (m) => expect(m.text).toBe('one long line,then the end'),
  },
  {
    name: 'a windows-1258 part is decoded (combining marks kept as written)',
    raw: mail(['Content-Type: text/plain; charset=windows-1258', 'Content-Transfer-Encoding: 8bit'], iconv.encode('Tài khoản'.normalize('NFD'), 'windows-1258')),
    check: (m) => expect(m.text.normalize('NFC')).toBe('Tài khoản'),
  },
  {
    name: 'an ISO-2022-JP part is decoded',
    raw: mail(['Content-Type: text/plain; charset=ISO-2022-JP'], Buffer.from('1b2442243324731b2842', 'hex')),
    check: (m) => expect(m.text).toBe('こん'),
  },
  {
    name: 'UTF-7 is refused: read as UTF-8, no markup appears',
    raw: mail(['Content-Type: text/html; charset=utf-7'], '+ADw-script+AD4-x'),
    check: (m) => expect(m.html).toBe('+ADw-script+AD4-x'),
  },
  {
    name: 'a text part with Content-Disposition: attachment is an attachment, not text',
    raw: multipart('multipart/mixed', 'b3', [part(['Content-Type: text/plain'], 'body'), part(['Content-Type: text/plain; charset=koi8-r', 'Content-Disposition: attachment; filename="notes.txt"'], 'file')]),
    check: (m) => {
      expect(m.text).toBe('body');
      expect(m.attachments.map((a) => [a.filename, a.contentType, a.disposition, a.partPath, a.size])).toEqual([['notes.txt', 'text/plain', 'attachment', '2', 4]]);
    },
  },
  {
    name: 'an unknown disposition counts as attachment',
    raw: multipart('multipart/mixed', 'b4', [part(['Content-Type: text/plain', 'Content-Disposition: form-data; name=x'], 'hidden')]),
    check: (m) => {
      expect(m.text).toBe('');
      expect(m.attachments.map((a) => a.disposition)).toEqual(['attachment']);
    },
  },
  {
    name: 'message/delivery-status is body text',
    raw: multipart('multipart/report; report-type=delivery-status', 'b5', [part(['Content-Type: text/plain'], 'bounce'), part(['Content-Type: message/delivery-status'], 'Status: 5.0.0')]),
    check: (m) => expect(m.text).toBe('bounce\nStatus: 5.0.0'),
  },
  {
    name: 'application/octet-stream with a file name takes the name\'s type; RFC 2231 and encoded-word names are decoded',
    raw: multipart('multipart/mixed', 'b6', [
      part(['Content-Disposition: attachment; filename=scan.pdf', 'Content-Transfer-Encoding: base64'], Buffer.from('%PDF-1.4\n').toString('base64')),
      part(['Content-Type: application/octet-stream', "Content-Disposition: attachment; filename*=utf-8''h%C3%B3a%20%C4%91%C6%A1n.zip"], 'PK'),
      part(['Content-Type: application/octet-stream; name="=?UTF-8?B?dGjGsC5leGU=?="'], 'MZ'),
    ]),
    check: (m) => {
      expect(m.attachments.map((a) => [a.filename, a.contentType, a.partPath])).toEqual([
        ['scan.pdf', 'application/pdf', '1'],
        ['hóa đơn.zip', 'application/octet-stream', '2'],
        ['thư.exe', 'application/octet-stream', '3'],
      ]);
    },
  },
  {
    name: 'a forwarded message and a calendar invitation are attachments',
    raw: multipart('multipart/mixed', 'b7', [
      part(['Content-Type: text/plain'], 'see below'),
      part(['Content-Type: text/calendar; method=REQUEST; charset=utf-8'], 'BEGIN:VCALENDAR\r\nEND:VCALENDAR'),
      part(['Content-Type: message/rfc822'], 'Subject: inner\r\n\r\ninner body'),
    ]),
    check: (m) => {
      expect(m.text).toBe('see below');
      expect(m.attachments.map((a) => [a.id, a.contentType])).toEqual([
        ['a1', 'text/calendar'],
        ['a2', 'message/rfc822'],
      ]);
      expect(m.nested[0]!.text).toBe('inner body');
    },
  },
  {
    name: 'a whole message that is one attachment has partPath ""',
    raw: mail(['Content-Type: application/zip; name=a.zip', 'Content-Transfer-Encoding: base64'], Buffer.from('PK\x03\x04').toString('base64')),
    check: (m) => expect(m.attachments.map((a) => [a.contentType, a.partPath, a.size])).toEqual([['application/zip', '', 4]]),
  },
  {
    name: 'an HTML-only message leaves an empty text piece',
    raw: mail(['Content-Type: text/html; charset=iso-8859-1', 'Content-Transfer-Encoding: quoted-printable'], '<p>caf=E9</p>'),
    check: (m) => {
      expect(m.html).toBe('<p>café</p>');
      expect(m.text).toBe('');
    },
  },
];

describe('BodyExtractor where it parts from mailparser on purpose', () => {
  it('reads a part split off under a message/rfc822 part as text, without the header lines mailparser rendered', async () => {
    // only a message/rfc822 part with a boundary parameter has parts of its own (the prescan calls it
    // ambiguous); mailparser wrote the part's From/Subject/Date/To/Cc/Bcc into the text (a Date it
    // cannot read becoming the current time), the text here is the part's own
    const raw = mail(
      ['Content-Type: multipart/mixed; boundary=o'],
      '--o\r\nContent-Type: text/plain\r\n\r\nouter\r\n--o\r\nContent-Type: message/rfc822; boundary=x\r\n\r\npre\r\n',
      '--x\r\nFrom: c@example.com\r\nSubject: inner\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--x--\r\n--o--\r\n',
    );
    const m = await parseMessage(raw, DEFAULT_LIMITS);
    expect(m.text).toBe('outer\ninner text');
    expect(m.problems.map((p) => p.code)).toContain('ambiguous-boundary');
    expect((await differences(raw)).map((d) => [d.field, d.reference])).toEqual([
      ['text', 'outer\n\nFrom: c@example.com\nSubject: inner\n\ninner text'],
      ['visibleText', 'outer\n\nFrom: c@example.com\nSubject: inner\n\ninner text'],
    ]);
  });
});

describe('BodyExtractor where it parts from mailparser on purpose: memory', () => {
  it('keeps at most TEXT_KEEP_FACTOR × maxTextBytes of body text before decoding; mailparser kept it all', async () => {
    // format=flowed drops the quote markers, so 12 MB of depth-1000 quotes decode to ~100 KB: mailparser
    // held all 12 MB (and its copies) to produce it, the extractor reads 8 MB and drops the rest. Both
    // report text-too-long (pathological.test.ts has the rest of these inputs).
    const line = `${'>'.repeat(1000)} q \r\n`;
    const raw = mail(['Content-Type: text/plain; format=flowed'], line.repeat(Math.ceil((12 * 1024 * 1024) / line.length)));
    const diffs = await differences(raw);
    expect(diffs.map((d) => d.field)).toEqual(['text', 'visibleText', 'problems']);
    const [ours, reference] = [diffs[0]!.ours as string, diffs[0]!.reference as string];
    // the same text up to the cut, which fell inside a line (its quote markers then read as another depth)
    const cut = ours.lastIndexOf('\n');
    expect(cut).toBeGreaterThan(0);
    expect(reference.startsWith(ours.slice(0, cut).trimEnd())).toBe(true);
    expect(ours.length).toBeLessThan(reference.length);
    expect((diffs[2]!.ours as Array<{ code: string }>).map((p) => p.code)).toEqual(['text-too-long']);
  });
});

describe('BodyExtractor (bodies.ts) against mailparser', () => {
  it('parses every fixture exactly as mailparser did', async () => {
    const files = emlFiles(fixtures);
    expect(files.length).toBeGreaterThan(200);
    const differing: string[] = [];
    for (const file of files) {
      const diffs = await differences(readFileSync(file));
      if (diffs.length > 0) differing.push(`${path.relative(fixtures, file)}: ${diffs.map((d) => d.field).join(', ')}`);
    }
    expect(differing).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const m = await parseMessage(c.raw, DEFAULT_LIMITS);
      try {
        c.check(m);
      } finally {
        await releaseMessage(m);
      }
      expect(await differences(c.raw)).toEqual([]);
    });
  }
});
