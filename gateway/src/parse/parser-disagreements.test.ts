import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { boundaryReadings } from './boundary-readings.js';
import { parseMessage } from './index.js';
import { continuationsAsWritten, decodeUtf7, extendedWithoutCharset, nameReadings, undecodedCharsets } from './name-readings.js';

/** Where mail parsers read the same bytes differently: each reading is kept, or the message flagged. */
const codes = async (raw: string) => (await parseMessage(Buffer.from(raw, 'latin1'), DEFAULT_LIMITS)).problems.map((p) => p.code);
const multipart = (ct: string, body: string) => `From: a@example.net\r\nSubject: t\r\nMIME-Version: 1.0\r\nContent-Type: ${ct}\r\n\r\n${body}`;

describe('boundary readings', () => {
  it('reads a boundary folded inside its quotes as unfolded (used), cut at the fold, and joined', () => {
    expect(boundaryReadings(' multipart/mixed; boundary="b1\r\n x"\r\n', 'b1 x')?.others.map(String).sort()).toEqual(['b1', 'b1x']);
    expect(boundaryReadings(' multipart/mixed;\r\n boundary="b1\r\n\tx"', 'b1\tx')?.folded).toBe(true);
  });

  it('reads an unquoted boundary with a space as a token that ends there', () => {
    expect(boundaryReadings(' multipart/mixed; boundary=b1 x; charset=x', 'b1 x')).toEqual({ folded: false, others: [Buffer.from('b1')] });
  });

  it('has nothing to say when every parser agrees: quoted with a space, folded between parameters, the field line end', () => {
    expect(boundaryReadings(' multipart/mixed; boundary="=_alternative 0034A6E2_="', '=_alternative 0034A6E2_=')).toBeUndefined();
    expect(boundaryReadings(' multipart/mixed;\r\n boundary="b1"\r\n', 'b1')).toBeUndefined();
    expect(boundaryReadings(' multipart/mixed; boundary=b1\r\n', 'b1')).toBeUndefined();
    expect(boundaryReadings(' text/plain; charset=utf-8', '')).toBeUndefined();
  });
});

describe('name readings', () => {
  it('decodes UTF-7', () => {
    expect(decodeUtf7('hoa-don+AC4-vbs')).toBe('hoa-don.vbs');
    expect(decodeUtf7('a+-b')).toBe('a+b');
    expect(decodeUtf7('+AOk-t+AOk')).toBe('été');
  });

  it('cuts a name at a NUL, and reads an encoded word in an undecodable charset byte for byte and as UTF-7', () => {
    expect(nameReadings('a.vbs\0.pdf')).toEqual(['a.vbs']);
    expect(nameReadings('=?utf-7?Q?a+AC4-vbs?=')).toEqual(['a+AC4-vbs', 'a.vbs']);
    expect(nameReadings('=?x-nobody?B?YS52YnM=?= x')).toContain('a.vbs x');
    expect(nameReadings('=?utf-8?Q?a=2Evbs?=')).toEqual([]);
    expect(undecodedCharsets('attachment; filename="=?utf-7?Q?a?="; x="=?utf-8?Q?b?="')).toEqual(['utf-7']);
  });

  it('joins RFC 2231 continuations as written when that is not their order', () => {
    expect(continuationsAsWritten([['filename*1', 'a.pdf'], ['filename*0', '.vbs']], 'filename')).toBe('a.pdf.vbs');
    expect(continuationsAsWritten([['filename*1*', '%2Evbs'], ['filename*0*', "utf-8''a.pdf"]], 'filename')).toBe('.vbsa.pdf');
    expect(continuationsAsWritten([['filename*0', 'a'], ['filename*1', '.vbs']], 'filename')).toBeUndefined();
  });
});

describe('what the prescan flags', () => {
  it('a folded boundary: malformed while no line splits by another reading, ambiguous once one does', async () => {
    const ct = 'multipart/mixed; boundary="b1\r\n x"';
    const consistent = multipart(ct, '--b1 x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1 x--\r\n');
    expect(await codes(consistent)).toEqual(['folded-boundary']);
    const twoViews = multipart(ct, '--b1 x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1x\r\nContent-Type: text/plain\r\n\r\nhidden\r\n--b1 x--\r\n');
    expect(await codes(twoViews)).toEqual(['folded-boundary', 'ambiguous-boundary']);
  });

  it('a folded boundary in a nested part, read the same way', async () => {
    const raw = multipart(
      'multipart/mixed; boundary="o"',
      '--o\r\nContent-Type: multipart/alternative;\r\n boundary="in\r\n ner"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\nx\r\n--in ner--\r\n--o--\r\n',
    );
    expect(await codes(raw)).toEqual(expect.arrayContaining(['folded-boundary', 'ambiguous-boundary']));
  });

  it('a delimiter ended by a bare CR, not a bare CR elsewhere in a body line', async () => {
    expect(await codes(multipart('multipart/mixed; boundary="b"', '--b\r\n\r\nx\r--b\rContent-Type: text/html\r\r<b>\r\n--b--\r\n'))).toContain('ambiguous-boundary');
    expect(await codes(multipart('multipart/mixed; boundary="b"', '--b\r\n\r\nx\ry --b\r\n--b--\r\n'))).toEqual([]);
  });
});

describe('readings from MIME parser test suites (test-fixtures/malformed)', () => {
  it('joins the bytes of adjacent encoded words in one charset before decoding (a word may end inside a character)', () => {
    const split = `=?utf-8?B?${Buffer.from('hóa-đ').toString('base64').replace(/=+$/, '')}?= =?utf-8?B?${Buffer.from('ơn.vbs').toString('base64')}?=`;
    expect(nameReadings(split)).toContain('hóa-đơn.vbs');
    expect(nameReadings('=?utf-8?Q?a.pdf?=')).toEqual([]);
  });

  it('percent-decodes an RFC 2231 extended value without its charset prefix, as Python does', () => {
    expect(extendedWithoutCharset([['filename*', "utf-8'a%2Evbs"]], 'filename')).toBe("utf-8'a.vbs");
    expect(extendedWithoutCharset([['filename*', "utf-8''a%2Evbs"]], 'filename')).toBeUndefined();
    expect(extendedWithoutCharset([['filename*', 'a.pdf']], 'filename')).toBeUndefined();
  });

  it('a quoted-pair in the boundary: the literal reading splits a line, so the message is ambiguous', async () => {
    expect(await codes(multipart('multipart/mixed; boundary="b\\1"', '--b1\r\n\r\nx\r\n--b\\1\r\n\r\ny\r\n--b1--\r\n'))).toEqual(['ambiguous-boundary']);
    expect(await codes(multipart('multipart/mixed; boundary="b\\1"', '--b1\r\n\r\nx\r\n--b1--\r\n'))).toEqual([]);
  });

  it('a delimiter line after the closing one (epilogue to RFC 2046 readers), not a second closing line', async () => {
    expect(await codes(multipart('multipart/mixed; boundary="b"', '--b\r\n\r\nx\r\n--b--\r\n--b\r\n\r\ny\r\n--b--\r\n'))).toEqual(['ambiguous-boundary']);
    expect(await codes(multipart('multipart/mixed; boundary="b"', '--b\r\n\r\nx\r\n--b--\r\n--b--\r\nepilogue\r\n'))).toEqual([]);
    // a nested multipart closed, then the next part of the outer one: no epilogue there
    const nested = '--o\r\nContent-Type: multipart/alternative; boundary="i"\r\n\r\n--i\r\n\r\nx\r\n--i--\r\n--o\r\n\r\ny\r\n--o--\r\n';
    expect(await codes(multipart('multipart/mixed; boundary="o"', nested))).toEqual([]);
  });

  it('message/global and a multipart/digest part without Content-Type are forwarded messages to clients: read as such here (digest-and-global.test.ts)', async () => {
    expect(await codes(multipart('multipart/digest; boundary="d"', '--d\r\n\r\nSubject: x\r\n\r\ny\r\n--d--\r\n'))).toEqual([]);
    expect(await codes(multipart('multipart/digest; boundary="d"', '--d\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\ny\r\n--d--\r\n'))).toEqual([]);
    expect(await codes(multipart('multipart/mixed; boundary="d"', '--d\r\n\r\nSubject: x\r\n\r\ny\r\n--d--\r\n'))).toEqual([]);
    expect(await codes(multipart('multipart/mixed; boundary="d"', '--d\r\nContent-Type: message/global\r\n\r\nSubject: x\r\n\r\ny\r\n--d--\r\n'))).toEqual([]);
  });
});
