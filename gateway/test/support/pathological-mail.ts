/**
 * Messages built to exhaust a MIME parser: huge counts, huge lines, endless headers, deep nesting,
 * decoders fed what they handle worst. Used by src/parse/pathological.test.ts (parseMessage must
 * finish, never throw, and report the damage), test/flow/pathological.test.ts (the SMTP path
 * answers and keeps serving) and scripts/pathological-measure.ts (time and peak memory, against
 * mailparser). The small versions of these shapes are fixtures (test-fixtures/malformed): these
 * are about size, not shape.
 *
 * Every builder is a pure function (no randomness but a fixed-seed generator), so a case replays.
 */

const MB = 1024 * 1024;

function head(...lines: string[]): string {
  return ['From: a@sender.example', 'To: b@lachan.test', 'Subject: pathological', 'MIME-Version: 1.0', ...lines].join('\r\n') + '\r\n\r\n';
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** Bytes from a fixed-seed generator (xorshift): binary junk that is the same on every run. */
function junk(n: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.allocUnsafe(n);
  let x = seed | 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export interface PathologicalCase {
  name: string;
  build: () => Buffer;
  /** Problem codes parseMessage must report (at least these). */
  problems: string[];
}

export const PATHOLOGICAL: PathologicalCase[] = [
  {
    name: '50,000 tiny MIME parts',
    build: () => {
      const parts: string[] = [head('Content-Type: multipart/mixed; boundary=p')];
      for (let i = 0; i < 50_000; i++) parts.push(`--p\r\nContent-Type: text/plain\r\n\r\n${i}\r\n`);
      parts.push('--p--\r\n');
      return latin1(parts.join(''));
    },
    problems: ['too-many-parts'],
  },
  {
    name: 'multipart nesting 2,000 deep',
    build: () => {
      const open: string[] = [];
      const close: string[] = [];
      for (let i = 0; i < 2000; i++) {
        open.push(`--n${i}\r\nContent-Type: multipart/mixed; boundary=n${i + 1}\r\n\r\n`);
        close.unshift(`\r\n--n${i}--\r\n`);
      }
      return latin1(head('Content-Type: multipart/mixed; boundary=n0') + open.join('') + '--n2000\r\n\r\nbottom\r\n--n2000--' + close.join(''));
    },
    problems: ['depth-exceeded'],
  },
  {
    name: 'a 30 MB body with no line break at all',
    build: () => Buffer.concat([latin1(head('Content-Type: text/plain')), Buffer.alloc(30 * MB, 'a')]),
    problems: ['text-too-long'],
  },
  {
    name: 'a 20 MB header block: one endless folded header',
    build: () => {
      const line = '\r\n ' + 'f'.repeat(75);
      return latin1(head().slice(0, -2) + 'X-Endless: start' + line.repeat(Math.ceil((20 * MB) / line.length)) + '\r\n\r\nbody\r\n');
    },
    problems: ['header-too-long', 'too-many-header-lines'],
  },
  {
    name: 'a 20 MB header block: 200,000 short header lines',
    build: () => {
      const line = 'X-Short: ' + 'h'.repeat(92) + '\r\n';
      return latin1(head().slice(0, -2) + line.repeat(200_000) + '\r\nbody\r\n');
    },
    problems: ['too-many-headers', 'too-many-header-lines'],
  },
  {
    name: 'a boundary never closed, with 10 MB after it',
    build: () => {
      const line = 'unclosed part, never ends '.repeat(3) + '\r\n';
      return latin1(head('Content-Type: multipart/mixed; boundary=open') + '--open\r\nContent-Type: text/plain\r\n\r\n' + line.repeat(Math.ceil((10 * MB) / line.length)));
    },
    problems: ['truncated', 'text-too-long'],
  },
  {
    name: 'boundaries that are prefixes of each other, 400 parts',
    build: () => {
      const parts: string[] = [head('Content-Type: multipart/mixed; boundary=pre')];
      for (let i = 0; i < 200; i++) {
        parts.push('--pre\r\nContent-Type: multipart/alternative; boundary=prefix\r\n\r\n');
        parts.push(`--prefix\r\nContent-Type: text/plain\r\n\r\ninner ${i}\r\n--pre-not-a-delimiter\r\n--prefix--\r\n`);
      }
      parts.push('--pre--\r\n');
      return latin1(parts.join(''));
    },
    problems: ['ambiguous-boundary'],
  },
  {
    name: 'a 20 MB base64 attachment in 1 MB lines',
    build: () => {
      const line = Buffer.from(junk(786_432)).toString('base64'); // exactly 1 MB of base64
      return latin1(
        head('Content-Type: multipart/mixed; boundary=b') +
          '--b\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
          (line + '\r\n').repeat(20) +
          '--b--\r\n',
      );
    },
    problems: [],
  },
  {
    name: 'quoted-printable of soft line breaks only ("=\\r\\n" x 5 million)',
    build: () => latin1(head('Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable') + '=\r\n'.repeat(5_000_000)),
    problems: [],
  },
  {
    name: 'format=flowed: 1 million quoted soft-broken lines, depth-1000 quotes',
    build: () => {
      const deep = '>'.repeat(1000) + ' deep quote \r\n';
      const flat = '>>>>> quoted and flowed \r\n';
      const body: string[] = [];
      for (let i = 0; i < 1_000_000; i++) body.push(i % 100 === 0 ? deep : flat);
      body.push('end\r\n');
      return latin1(head('Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes') + body.join(''));
    },
    problems: ['text-too-long'],
  },
  ...(['utf-16', 'utf-7', 'iso-2022-jp'] as const).map((charset) => ({
    name: `a text part in charset=${charset} of 8 MB binary junk`,
    build: () => Buffer.concat([latin1(head(`Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: binary')), junk(8 * MB, charset.length)]),
    problems: charset === 'utf-7' ? ['bad-charset'] : [],
  })),
  {
    name: 'RFC 2231 continuations filename*0 .. filename*5000',
    build: () => {
      const params: string[] = [];
      for (let i = 0; i <= 5000; i++) params.push(`\r\n filename*${i}*=utf-8''p%C3%A0rt${i}`);
      return latin1(
        head('Content-Type: multipart/mixed; boundary=c') +
          `--c\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment;${params.join(';')}\r\n\r\nPK\r\n--c--\r\n`,
      );
    },
    problems: [],
  },
  {
    name: 'an encoded-word Subject of 1 MB',
    build: () => {
      const word = `=?UTF-8?B?${Buffer.from('Thông báo khẩn cấp ').toString('base64')}?=`;
      const lines = Math.ceil(MB / (word.length + 3));
      return latin1(`From: a@sender.example\r\nTo: b@lachan.test\r\nSubject: ${Array.from({ length: lines }, () => word).join('\r\n ')}\r\n\r\nbody\r\n`);
    },
    problems: ['header-too-long'],
  },
  {
    name: 'NUL bytes and lone CRs everywhere (4 MB)',
    build: () => {
      const noisy = (s: string) => s.replace(/(.)(.)/g, '$1\0$2\r');
      const parts: string[] = [noisy('X-Noise: header') + '\r\n' + head('Content-Type: multipart/mixed; boundary=z')];
      const body = noisy('text with noise https://noise.example/ path ').repeat(2000);
      for (let i = 0; i < 40; i++) parts.push(`--z\r\nContent-Type: text/${i % 2 ? 'html' : 'plain'}\r\n\r\n${body}\r\n--z\rContent-Type: text/plain\r\n\r\n`);
      parts.push('--z--\r\n');
      return latin1(parts.join(''));
    },
    problems: ['bad-header', 'ambiguous-boundary'],
  },
  {
    name: '8-bit bytes in 900 header fields and in the part headers',
    build: () => {
      const fields: string[] = [];
      for (let i = 0; i < 900; i++) fields.push(`X-Eight-${i}: ${junk(60, i + 1).toString('latin1').replace(/[\r\n\0]/g, 'x')}`);
      const name = junk(40, 7).toString('latin1').replace(/[\r\n\0";]/g, 'y');
      return latin1(
        head('Content-Type: multipart/mixed; boundary=e', ...fields) +
          `--e\r\nContent-Type: text/plain; charset="${name}"\r\n\r\n\xe9t\xe9\r\n--e\r\nContent-Type: application/pdf; name="${name}.pdf"\r\nContent-Disposition: attachment; filename="${name}.pdf"\r\n\r\n%PDF\r\n--e--\r\n`,
      );
    },
    problems: ['bad-charset'],
  },
  {
    name: 'a message that is only headers (900 fields, no blank line)',
    build: () => latin1(head(...Array.from({ length: 900 }, (_, i) => `X-Only-${i}: value ${i}`)).slice(0, -4)),
    problems: ['no-body'],
  },
  {
    // htmlparser2 keeps open elements with Array.unshift: quadratic in the nesting (this took the
    // attachment readers ~5 minutes before scan/attachments/flat-parse.ts; scripts/scan-scaling.ts)
    name: 'an HTML attachment nesting 400,000 open <div>s before a password form (2.7 MB)',
    build: () => {
      const page = '<html><body>' + '<div>'.repeat(400_000) + '<form action="https://collect.example/p"><input type="password" name="p"></form>';
      return latin1(
        head('Content-Type: multipart/mixed; boundary=h') +
          '--h\r\nContent-Type: text/plain\r\n\r\nsee the attached page\r\n' +
          '--h\r\nContent-Type: text/html; name=page.html\r\nContent-Disposition: attachment; filename=page.html\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
          Buffer.from(page).toString('base64').replace(/.{76}/g, '$&\r\n') +
          '\r\n--h--\r\n',
      );
    },
    problems: ['html-too-deep'],
  },
  { name: 'an empty message', build: () => Buffer.alloc(0), problems: ['no-body'] },
  { name: 'a message of just "\\r\\n.\\r\\n"', build: () => latin1('\r\n.\r\n'), problems: [] },
];
