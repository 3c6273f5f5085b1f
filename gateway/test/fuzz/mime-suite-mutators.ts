/**
 * Mutations after what public MIME parser test suites check (Python's email, Go's mime/multipart,
 * mailsplit's, emailjs-mime-parser's, the Ruby mail gem's, flanker's) and the mutators in
 * mutators.ts did not yet make: the same boundary at two levels, transport padding, a boundary that is
 * a prefix of another, a quoted-printable soft break at the end of a part, RFC 2231 pieces with the
 * charset on a later piece or missing, encoded words split across folds and inside quoted strings,
 * bare CR inside header values, uuencode inside text, message/rfc822 without headers, message/partial,
 * multipart/digest defaults, one 1 MB header in a part, 10,000 tiny parts.
 *
 * Pure functions of (input, random source), as in mutators.ts, so a failure replays from its seed.
 */
import type { Mutator, Rng } from './mutators.js';

function boundaryOf(msg: string): string | undefined {
  const b = /boundary\s*=\s*(?:"([^"\r\n]*)"|([^;\s]+))/i.exec(msg)?.slice(1).find((v) => v !== undefined);
  // a boundary mutated to tens of kilobytes makes a regular expression too large to compile (the
  // first run of 2026-11-25 stopped there): such a message is mutated as one without a boundary
  return b !== undefined && b.length <= 200 ? b : undefined;
}

/** Start offsets of the delimiter lines `--b` (not the close) of `b`. */
function delimiters(msg: string, b: string): number[] {
  const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...msg.matchAll(new RegExp(`^--${esc}(?!--)`, 'gm'))].map((m) => m.index!);
}

const HEAD = 'From: a@sender.example\r\nTo: staff@lachan.test\r\nSubject: suite\r\nMIME-Version: 1.0\r\n';
const EXE = 'TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAA';

/** A part to insert: a script attachment under some name. */
function attachment(rng: Rng, disposition: string): string {
  return `Content-Type: application/octet-stream\r\nContent-Disposition: ${disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\n${rng.pick([EXE, 'TXNnQm94ICJ4Ig0K'])}\r\n`;
}

/** Inserts `part` before a delimiter of the message's first boundary, or makes a multipart message of it. */
function insertPart(msg: string, rng: Rng, part: string): string {
  const b = boundaryOf(msg);
  const at = b ? delimiters(msg, b) : [];
  if (b && at.length) {
    const pos = rng.pick(at);
    return msg.slice(0, pos) + `--${b}\r\n${part}\r\n` + msg.slice(pos);
  }
  return `${HEAD}Content-Type: multipart/mixed; boundary="s"\r\n\r\n--s\r\nContent-Type: text/plain\r\n\r\nXem.\r\n--s\r\n${part}\r\n--s--\r\n`;
}

/** A nested multipart that reuses its parent's boundary (Python test_same_boundary_inner_outer). */
const sameBoundaryNested: Mutator = (msg, rng) => {
  const b = boundaryOf(msg) ?? 'same';
  const inner = `Content-Type: multipart/${rng.pick(['mixed', 'alternative', 'related'])}; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain\r\n\r\ninner\r\n--${b}\r\n${attachment(rng, 'attachment; filename="a.vbs"')}--${b}--\r\n`;
  return insertPart(msg, rng, inner);
};

/** Transport padding after delimiters (RFC 2046 5.1.1), or junk a lenient parser may take as padding. */
const transportPadding: Mutator = (msg, rng) => {
  const b = boundaryOf(msg);
  if (!b) return msg;
  const pad = rng.pick([' ', '\t', ' \t ', ' '.repeat(rng.pick([100, 5000])), '\0', ' x', '\x0b', '\x0c']);
  const at = delimiters(msg, b);
  if (!at.length) return msg;
  const all = rng.chance(0.3);
  // the same choices as one insertion at a time from the last delimiter back, but joined once: after
  // manyTinyParts (10,000 delimiters) inserting into a growing string per delimiter was quadratic, and
  // the run of 2026-11-25 with seed 288117 spent minutes in this mutator on message 8583
  const ends: number[] = [];
  for (const pos of [...at].reverse()) {
    if (!all && pos !== at[rng.int(at.length)]) continue;
    ends.push(pos + 2 + b.length + (msg.startsWith('--', pos + 2 + b.length) ? 2 : 0));
  }
  const pieces: string[] = [];
  let from = 0;
  for (const end of ends.reverse()) {
    pieces.push(msg.slice(from, end), pad);
    from = end;
  }
  pieces.push(msg.slice(from));
  return pieces.join('');
};

/** A nested boundary that is a prefix of the outer one or the outer one plus a suffix (Go TestNested). */
const boundaryPrefix: Mutator = (msg, rng) => {
  const b = boundaryOf(msg) ?? 'frontier';
  const inner = rng.chance(0.5) && b.length > 1 ? b.slice(0, 1 + rng.int(b.length - 1)) : `${b}${rng.pick(['-', '_x', ' ', '--'])}`;
  const part = `Content-Type: multipart/mixed; boundary="${inner}"\r\n\r\n--${inner}\r\nContent-Type: text/plain\r\n\r\ntrong\r\n--${inner}\r\n${attachment(rng, 'attachment; filename="b.vbs"')}--${inner}--\r\n`;
  return insertPart(msg, rng, part);
};

/** A quoted-printable part whose last line ends in a soft break "=" just before the delimiter. */
const qpSoftBreakAtEnd: Mutator = (msg, rng) => {
  const body = rng.pick(['Xem t=E1=BB=87p https://a.example/=', 'a=\r\n=', '=', '=3D=', 'line=20=\r\n=\r\n=', `${'x'.repeat(80)}=`]);
  const part = `Content-Type: text/${rng.pick(['plain', 'html'])}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}`;
  if (rng.chance(0.2)) return `${HEAD}Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}`;
  return insertPart(msg, rng, part).replace(/=\r\n\r\n--/, rng.chance(0.5) ? '=\r\n--' : '=\r\n\r\n--');
};

/** RFC 2231 pieces with the charset on a later piece, a piece missing, a piece repeated, pieces past 100. */
const rfc2231Pieces: Mutator = (msg, rng) => {
  const param = rng.pick(['filename', 'name']);
  const value = rng.pick([
    `${param}*1*=utf-8''%2Evbs; ${param}*0*=hoa-don`,
    `${param}*0*=utf-8''hoa-don; ${param}*2*=%2Evbs`,
    `${param}*0*=utf-8''hoa; ${param}*0*=utf-8''x; ${param}*1="-don.vbs"`,
    `${param}*1="-don.vbs"`,
    `${param}*0*=utf-8''%E1%BB; ${param}*1*=%87p.vbs`,
    `${param}*0*=utf-8'vi'; ${param}*1="a.vbs"`,
    `${param}*0="a"; ${param}*100="b.vbs"; ${param}*01="c"`,
    `${param}*="a.pdf"; ${param}*0*=utf-8''a.vbs`,
  ]);
  const part = param === 'name'
    ? attachment(rng, 'attachment').replace('application/octet-stream', `application/octet-stream; ${value}`)
    : attachment(rng, `attachment; ${value}`);
  return insertPart(msg, rng, part);
};

/** Encoded words split across folded lines (also inside one word) and inside quoted strings. */
const foldedEncodedWords: Mutator = (msg, rng) => {
  const word = `=?utf-8?B?${Buffer.from('hóa-đơn.vbs').toString('base64')}?=`;
  const cut = 4 + rng.int(word.length - 6);
  const value = rng.pick([
    `"${word.slice(0, cut)}\r\n ${word.slice(cut)}"`,
    `${word.slice(0, cut)}\r\n\t${word.slice(cut)}`,
    `"=?utf-8?Q?h=C3=B3a?=\r\n =?utf-8?Q?-=C4=91=C6=A1n.vbs?="`,
    `"=?utf-8?B?aMOzYS3EkQ?=\r\n =?utf-8?B?xqFuLnZicw==?="`,
    `"a \\"${word}\\" b.vbs"`,
    `=?utf-8?Q?a?=\r\n \r\n =?utf-8?Q?.vbs?=`,
  ]);
  if (rng.chance(0.4)) return `Subject: ${value}\r\n${msg}`;
  return insertPart(msg, rng, attachment(rng, `attachment; filename=${value}`));
};

/** A bare CR, NUL or 8-bit byte inside a MIME header value (not only between fields). */
const headerValueBytes: Mutator = (msg, rng) => {
  const ms = [...msg.matchAll(/^(?:content-type|content-disposition|content-transfer-encoding):[^\r\n]*/gim)];
  if (!ms.length) return msg;
  const m = rng.pick(ms);
  const at = m.index! + m[0].indexOf(':') + 1 + rng.int(Math.max(1, m[0].length - m[0].indexOf(':')));
  return msg.slice(0, at) + rng.pick(['\r', '\r ', '\0', '\xe1', '\x80', '\r\r', '\n', '\r\0']) + msg.slice(at);
};

/** A uuencoded program inside a text part (some clients show it as an attachment). */
const uuencodeInText: Mutator = (msg, rng) => {
  const mode = rng.pick(['644', '755', '0644', 'x']);
  const name = rng.pick(['hoa-don.exe', 'a b.vbs', '', '../../x.exe']);
  const block = `\r\nbegin ${mode} ${name}\r\n` + 'M35J0' + '`'.repeat(55) + '\r\n`\r\n' + (rng.chance(0.7) ? 'end\r\n' : '');
  const texts = [...msg.matchAll(/^Content-Type:\s*text\/plain[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n/gim)];
  if (!texts.length) return `${HEAD}Content-Type: text/plain\r\n\r\nXem tệp.${block}`;
  const m = rng.pick(texts);
  const at = m.index! + m[0].length;
  return msg.slice(0, at) + block + msg.slice(at);
};

/** message/rfc822 with no header block, only a blank line, or headers only; message/partial; message/global. */
const oddMessageParts: Mutator = (msg, rng) => {
  const part = rng.pick([
    'Content-Type: message/rfc822\r\n\r\n\r\nno headers here https://a.example/\r\n',
    'Content-Type: message/rfc822\r\n\r\n',
    'Content-Type: message/rfc822\r\n\r\nSubject: only headers\r\n',
    'Content-Type: message/rfc822\r\n\r\nnot a header line\r\nContent-Type: text/plain\r\n\r\nx\r\n',
    `Content-Type: message/partial; id="p@x"; number=${rng.pick(['1', '2', '0', '-1', '99999999999'])}; total=${rng.pick(['2', '1', '0', ''])}\r\n\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.vbs"\r\n\r\nMsgBox\r\n`,
    'Content-Type: message/global\r\nContent-Transfer-Encoding: base64\r\n\r\nU3ViamVjdDogdMOqbgoKeA==\r\n',
    `Content-Type: message/rfc822\r\nContent-Transfer-Encoding: ${rng.pick(['base64', 'quoted-printable', 'x-unknown'])}\r\n\r\n!!!!\r\n`,
  ]);
  return insertPart(msg, rng, part);
};

/** multipart/digest: parts without a Content-Type are forwarded messages (RFC 2046 5.1.5). */
const digestDefaults: Mutator = (msg, rng) => {
  const ct = /^Content-Type:\s*multipart\/\w+/im.exec(msg);
  if (ct && rng.chance(0.7)) return msg.slice(0, ct.index) + 'Content-Type: multipart/digest' + msg.slice(ct.index + ct[0].length);
  const member = (i: number) => `--d\r\n${rng.chance(0.5) ? '' : 'Content-Type: text/plain\r\n'}\r\nFrom: m${i}@x.example\r\nSubject: ${i}\r\n\r\nthan https://m${i}.example/\r\n`;
  return `${HEAD}Content-Type: multipart/digest; boundary="d"\r\n\r\n${Array.from({ length: 1 + rng.int(rng.chance(0.1) ? 2000 : 5) }, (_, i) => member(i)).join('')}--d--\r\n`;
};

/** One header field of ~1 MB inside a part (the top-level one is in mutators.ts hugeHeaders). */
const bigPartHeader: Mutator = (msg, rng) => {
  const name = rng.pick(['X-Pad', 'Content-Type', 'Content-Disposition', 'Subject']);
  const size = rng.pick([70_000, 1_000_000]);
  const value = name === 'Content-Type' ? `application/octet-stream; x="${'a'.repeat(size)}"` : name === 'Content-Disposition' ? `attachment; filename="${'b'.repeat(size)}.vbs"` : 'c'.repeat(size);
  return insertPart(msg, rng, `${name}: ${value}\r\n${attachment(rng, 'attachment; filename="d.vbs"')}`);
};

/** 10,000 tiny (or empty) parts. */
const manyTinyParts: Mutator = (msg, rng) => {
  const b = boundaryOf(msg) ?? 't';
  const tiny = rng.pick([`--${b}\r\n\r\n`, `--${b}\r\n\r\nx\r\n`, `--${b}\r\nContent-Type: text/plain\r\n\r\n.\r\n`, `--${b}\r\n`]);
  const many = tiny.repeat(rng.pick([1000, 10_000]));
  const at = boundaryOf(msg) ? delimiters(msg, b) : [];
  if (!at.length) return `${HEAD}Content-Type: multipart/mixed; boundary="${b}"\r\n\r\n${many}--${b}--\r\n`;
  const pos = rng.pick(at);
  return msg.slice(0, pos) + many + msg.slice(pos);
};

export const MIME_SUITE_MUTATORS: Record<string, Mutator> = {
  sameBoundaryNested, transportPadding, boundaryPrefix, qpSoftBreakAtEnd, rfc2231Pieces, foldedEncodedWords,
  headerValueBytes, uuencodeInText, oddMessageParts, digestDefaults, bigPartHeader, manyTinyParts,
};
