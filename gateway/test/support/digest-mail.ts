import { base64Part, mixedWithText } from '../../src/act/testing.js';

/**
 * Messages that carry other whole messages besides message/rfc822, for the tests of parse/ (how
 * they are read) and act/ (banners and strips inside them): a mailing-list digest whose members
 * have no Content-Type (message/rfc822 by RFC 2046 5.1.5), and a message/global part (RFC 6532,
 * UTF-8 header fields). Lines are joined with CRLF and written as UTF-8.
 */

export const crlf = (lines: string[], eol = '\r\n'): Buffer => Buffer.from(lines.join(eol), 'utf8');
export const b64 = (b: Buffer): string => b.toString('base64').replace(/.{76}/g, '$&\r\n');
/** A VBScript attachment's body, base64: the part the strip tests remove. */
export const VBS = Buffer.from('MsgBox "lachan test"\r\n').toString('base64');

/** The digest's own header block, ending with its Content-Type and the blank line. */
export const digestTop = (contentType: string): string[] => [
  'From: list-request@lists.example.org',
  'To: canbo@lachan.test',
  'Subject: Example Digest, Vol 1, Issue 2',
  'MIME-Version: 1.0',
  `Content-Type: ${contentType}`,
  '',
];

/** A member without Content-Type: the delimiter, an empty part header, then the message. */
export const digestMember = (subject: string, body: string[], from = 'someone@example.org'): string[] => ['--dig', '', `From: ${from}`, `Subject: ${subject}`, ...body];

/** A message's body from MIME-Version on: a text part, then the VBScript attachment `filename`. */
const withScript = (text: string, filename: string): string[] => [...mixedWithText(text, [base64Part('application/octet-stream', filename, VBS)]), ''];

/** A member whose message holds a text part and bien-ban.vbs (ids a<n>.a1 inside the digest). */
export const scriptMember = (subject: string, text: string, from?: string): string[] => digestMember(subject, withScript(text, 'bien-ban.vbs'), from);

/**
 * A digest as Mailman sends it: a table of contents, the digest (part 2) and a footer, unless
 * `footer` is false (a warned message's banner goes in the footer's text too).
 */
export function mailmanDigest(members: string[][], footer = true): Buffer {
  return crlf([
    ...digestTop('multipart/mixed; boundary="outer"'),
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
    ...(footer ? ['--outer', 'Content-Type: text/plain', '', 'Example mailing list footer'] : []),
    '--outer--',
    '',
  ]);
}

/** A message with UTF-8 header fields and a .vbs attachment with a Vietnamese name, for message/global. */
export function globalInner(subject: string, text: string, attachmentName: string): Buffer {
  return crlf([
    'From: Nguyễn Thị Hoa <hoa@sokhcn.example>',
    `Subject: ${subject}`,
    ...withScript(text, attachmentName),
  ]);
}

/** A forward: a short text part, then `body` as a message/global part (part 2) sent with `cte` ('' for none). */
export function globalForward(cte: string, body: string): Buffer {
  return crlf([
    ...digestTop('multipart/mixed; boundary="f"'),
    '--f',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Chuyển tiếp thư.',
    '--f',
    'Content-Type: message/global',
    ...(cte ? [`Content-Transfer-Encoding: ${cte}`] : []),
    '',
    body,
    '--f--',
    '',
  ]);
}
