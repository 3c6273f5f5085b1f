/**
 * Hostile message shapes of a chosen size, for scripts/scan-scaling.ts: each builder returns a
 * message of about `bytes` bytes whose bulk is one shape (100k links, a 4 MB line, 100k open tags,
 * 10k attachments, ...). Pure functions: no randomness, so a run replays. Not used by the gateway.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ScanShape {
  name: string;
  build: (bytes: number) => Buffer;
}

const CRLF = '\r\n';

function head(...lines: string[]): string {
  return ['From: Sender <a@sender.example>', 'To: b@lachan.test', 'Subject: shape', 'Date: Mon, 1 Jan 2024 00:00:00 +0000', 'Message-ID: <shape@sender.example>', 'MIME-Version: 1.0', ...lines].join(CRLF) + CRLF + CRLF;
}

/** Units unit(0), unit(1), ... joined until `bytes` characters. */
function fill(bytes: number, unit: (i: number) => string, sep = ''): string {
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const u = unit(i);
    out.push(u);
    n += u.length + sep.length;
  }
  return out.join(sep);
}

/** Lines of at most 76 characters, so the body is valid 8-bit MIME where the shape does not need long lines. */
function wrap(s: string, width = 76): string {
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines.join(CRLF);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const text = (body: string, charset = 'utf-8') => utf8(head(`Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: 8bit') + body + CRLF);
const html = (body: string) => utf8(head('Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit') + body + CRLF);
const b64 = (b: Buffer) => wrap(b.toString('base64'));

function withAttachments(body: string, atts: Array<{ type: string; name: string; data: Buffer; raw?: boolean }>): Buffer {
  const parts = [head('Content-Type: multipart/mixed; boundary="=b="'), `--=b=${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}${body}${CRLF}`];
  for (const a of atts) {
    const enc = a.raw ? a.data.toString('base64') : b64(a.data);
    parts.push(`--=b=${CRLF}Content-Type: ${a.type}; name="${a.name}"${CRLF}Content-Disposition: attachment; filename="${a.name}"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${enc}${CRLF}`);
  }
  parts.push(`--=b=--${CRLF}`);
  return utf8(parts.join(''));
}

/** A stored zip of `entries` files (`body(i)` each), with the central directory: no library. */
export function storedZip(entries: number, name: (i: number) => string, body: (i: number) => Buffer = () => Buffer.alloc(0), deflate = false): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < entries; i++) {
    const n = Buffer.from(name(i), 'utf8');
    const raw = body(i);
    const data = deflate ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x0800, 6);
    lh.writeUInt16LE(deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(raw.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x0800, 8);
    ch.writeUInt16LE(deflate ? 8 : 0, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(raw.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    central.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries, 0xffff), 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Header lines (each folded when long) until `bytes`. */
function headerBlock(bytes: number, line: (i: number) => string): string {
  return fill(bytes, line, CRLF);
}

const VI = 'Tài khoản ngân hàng của quý khách đã bị khóa, vui lòng xác minh ngay để tránh bị lừa đảo. Ưu đãi đặc biệt hôm nay! ';

export const SHAPES: ScanShape[] = [
  // --- links
  { name: 'text: 100k links', build: (n) => text(fill(n, (i) => `http://h${i}.example${i % 7}.com/p/${i}?q=${i}`, CRLF)) },
  { name: 'text: links of one host, paths only', build: (n) => text(fill(n, (i) => `https://www.bank.example/login/${i}`, CRLF)) },
  { name: 'html: 100k hrefs', build: (n) => html(fill(n, (i) => `<a href="http://h${i}.example.com/${i}">l${i}</a>`, CRLF)) },
  { name: 'html: hrefs whose text is another link', build: (n) => html(fill(n, (i) => `<a href="http://evil${i}.example/x">https://www.bank${i % 50}.example/</a>`, CRLF)) },
  { name: 'html: CSS url() x 100k', build: (n) => html(`<style>${fill(n, (i) => `.c${i}{background:url(http://h${i}.example.com/i.png)}`, CRLF)}</style><p>x</p>`) },
  { name: 'text: links with 10k-char hosts', build: (n) => text(fill(n, (i) => `http://${'a'.repeat(10_000)}${i}.com/ `, CRLF)) },
  { name: 'text: links with 10k-char paths', build: (n) => text(fill(n, (i) => `http://example.com/${'p'.repeat(10_000)}${i} `, CRLF)) },
  { name: 'text: one line of "a.b." (a host that never ends)', build: (n) => text('http://' + 'ab.'.repeat(Math.ceil(n / 3))) },
  { name: 'text: one line without spaces', build: (n) => text('x'.repeat(n)) },
  { name: 'text: one line of "@" and dots', build: (n) => text('a@b.'.repeat(Math.ceil(n / 4))) },
  { name: 'text: punycode hosts', build: (n) => text(fill(n, (i) => `https://xn--80ak6aa92e${i}.xn--p1ai/xn--${i}`, ' ')) },
  { name: 'text: userinfo with repeated @', build: (n) => text(fill(n, (i) => `http://${'user@'.repeat(200)}h${i}.example/`, CRLF)) },
  { name: 'text: one link with 100k @', build: (n) => text(`http://${'u@'.repeat(Math.ceil(n / 2))}host.example/`) },
  { name: 'text: bare domains and e-mail addresses', build: (n) => text(fill(n, (i) => `bank${i}.com user${i}@mail${i}.vn`, ' ')) },
  { name: 'text: IP-address links', build: (n) => text(fill(n, (i) => `http://10.${i % 250}.${(i >> 8) % 250}.1:8080/x`, ' ')) },
  // --- HTML structure
  { name: 'html: 100k open tags, never closed', build: (n) => html('<div>'.repeat(Math.ceil(n / 5)) + 'deep') },
  { name: 'html: nested tables and fonts', build: (n) => html('<table><tr><td><font>'.repeat(Math.ceil(n / 21)) + 'deep') },
  { name: 'html: 100k <style> rules', build: (n) => html(`<style>${fill(n, (i) => `.c${i} .d${i} > span{display:none;color:#fff}`, CRLF)}</style>${fill(2000, (i) => `<span class="c${i}">x</span>`)}`) },
  { name: 'html: 100k <style> elements', build: (n) => html(fill(n, (i) => `<style>.c${i}{display:none}</style><span class="c${i}">w${i}</span>`)) },
  { name: 'html: 100k inline styles (all different)', build: (n) => html(fill(n, (i) => `<span style="color:#${(i % 4096).toString(16)};font-size:${i % 30}px">w${i}</span>`)) },
  { name: 'html: hidden elements', build: (n) => html(fill(n, (i) => `<div style="display:none">hidden word ${i}</div><span hidden>x</span><p style="font-size:0">y${i}</p>`)) },
  { name: 'html: white-on-white text', build: (n) => html(fill(n, (i) => `<font color="#ffffff">lừa đảo ${i}</font><span style="color:#fefefe;background:#fff">khẩn cấp</span>`)) },
  { name: 'html: 100k entities', build: (n) => html(fill(n, (i) => `&#x${(0x61 + (i % 26)).toString(16)};&amp;&#8203;`)) },
  { name: 'html: 100k comments', build: (n) => html(fill(n, (i) => `<!--[if mso]>c${i}<![endif]-->w `)) },
  { name: 'html: 100k forms and inputs', build: (n) => html(fill(n, (i) => `<form action="http://f${i}.example/"><input type="password" name="p${i}"></form>`)) },
  { name: 'html: 100k images', build: (n) => html(fill(n, (i) => `<img src="http://img${i}.example/p.png" width=1 height=1 alt="a${i}">`)) },
  { name: 'html: script and iframe tags', build: (n) => html(fill(n, (i) => `<script>var a${i}="http://s${i}.example/";</script><iframe src="http://f${i}.example/"></iframe>`)) },
  { name: 'html: one attribute value of N bytes', build: (n) => html(`<a href="http://x.example/" title="${'t'.repeat(n)}">x</a>`) },
  { name: 'html: one text node of N bytes, no spaces', build: (n) => html(`<p>${'y'.repeat(n)}</p>`) },
  // --- content
  { name: 'text: "lua dao " x N', build: (n) => text('lua dao '.repeat(Math.ceil(n / 8))) },
  { name: 'text: near-misses of phrase words', build: (n) => text(fill(n, (i) => ['lua da', 'xac mi', 'tai kh', 'ngan ha', 'khoa tai'][i % 5]!, ' ')) },
  { name: 'text: Vietnamese with every diacritic', build: (n) => text(wrap(VI.repeat(Math.ceil(n / Buffer.byteLength(VI))))) },
  { name: 'text: Vietnamese in NFD', build: (n) => text(wrap(VI.normalize('NFD').repeat(Math.ceil(n / Buffer.byteLength(VI.normalize('NFD')))))) },
  { name: 'text: Vietnamese, one line', build: (n) => text(VI.repeat(Math.ceil(n / Buffer.byteLength(VI)))) },
  { name: 'text: zero-width every other character', build: (n) => text(wrap('l\u200bu\u200ba\u200b \u200bd\u200ba\u200bo\u200b '.repeat(Math.ceil(n / 28)))) },
  { name: 'text: confusables every other character', build: (n) => text(wrap('pаypаl bаnk vіеtcоmbаnk '.repeat(Math.ceil(n / 30)))) },
  { name: 'text: letters pulled apart', build: (n) => text(wrap('m ậ t k h ẩ u  t à i k h o ả n  '.repeat(Math.ceil(n / 40)))) },
  { name: 'text: dotted-apart words', build: (n) => text(wrap('l.ừ.a đ.ả.o x.á.c m.i.n.h '.repeat(Math.ceil(n / 30)))) },
  { name: 'text: phone numbers and amounts', build: (n) => text(fill(n, (i) => `Gọi 09${String(i).padStart(8, '0')} nhận 5.000.000 VNĐ $${i}.99 BTC bc1q${i}`, CRLF)) },
  { name: 'text: base64-looking words', build: (n) => text(wrap(Buffer.from('lừa đảo tài khoản '.repeat(Math.ceil(n / 30))).toString('base64')).slice(0, n)) },
  { name: 'text: 100k short lines', build: (n) => text('a\r\n'.repeat(Math.ceil(n / 3))) },
  { name: 'text: 100k quoted reply lines', build: (n) => text(fill(n, (i) => `${'>'.repeat(i % 20)} On Mon wrote: xác minh ${i}`, CRLF)) },
  { name: 'text: 100k greetings and sign-offs', build: (n) => text(fill(n, (i) => `Kính gửi quý khách ${i}, Trân trọng, Ngân hàng Vietcombank`, CRLF)) },
  { name: 'text: digits only', build: (n) => text(wrap('0123456789'.repeat(Math.ceil(n / 10)))) },
  // --- headers and sender
  { name: 'headers: 100k recipients in To', build: (n) => utf8(`From: a@sender.example${CRLF}To: ${fill(n, (i) => `"R ${i}" <r${i}@lachan.test>`, `,${CRLF} `)}${CRLF}Subject: many${CRLF}MIME-Version: 1.0${CRLF}${CRLF}body${CRLF}`) },
  { name: 'headers: Received lines', build: (n) => utf8(headerBlock(n, (i) => `Received: from h${i}.example ([10.0.${i % 250}.1]) by mx${i}.example with ESMTPS id ${i}; Mon, 1 Jan 2024 00:00:00 +0000`) + CRLF + head('Content-Type: text/plain') + 'body' + CRLF) },
  { name: 'headers: DKIM-Signature x N', build: (n) => utf8(headerBlock(n, (i) => `DKIM-Signature: v=1; a=rsa-sha256; d=d${i}.example; s=s${i}; c=relaxed/relaxed; h=from:to:subject; bh=${'A'.repeat(43)}=; b=${'B'.repeat(340)}`) + CRLF + head('Content-Type: text/plain') + 'body' + CRLF) },
  { name: 'headers: huge Subject (folded)', build: (n) => utf8(`From: a@sender.example${CRLF}To: b@lachan.test${CRLF}Subject: ${fill(n, () => 'Khẩn cấp xác minh tài khoản', `${CRLF} `)}${CRLF}MIME-Version: 1.0${CRLF}${CRLF}body${CRLF}`) },
  { name: 'headers: huge From display name (folded)', build: (n) => utf8(`From: "${fill(n, () => 'Vietcombank Support Team', `${CRLF} `)}" <a@sender.example>${CRLF}To: b@lachan.test${CRLF}Subject: s${CRLF}MIME-Version: 1.0${CRLF}${CRLF}body${CRLF}`) },
  { name: 'headers: long encoded-words in Subject', build: (n) => utf8(`From: a@sender.example${CRLF}To: b@lachan.test${CRLF}Subject: ${fill(n, () => `=?UTF-8?B?${Buffer.from('Thông báo khẩn cấp: tài khoản của bạn '.repeat(20)).toString('base64')}?=`, `${CRLF} `)}${CRLF}MIME-Version: 1.0${CRLF}${CRLF}body${CRLF}`) },
  { name: 'headers: many From addresses', build: (n) => utf8(`From: ${fill(n, (i) => `"Bank ${i}" <s${i}@bank${i}.example>`, `,${CRLF} `)}${CRLF}To: b@lachan.test${CRLF}Subject: s${CRLF}MIME-Version: 1.0${CRLF}${CRLF}body${CRLF}`) },
  { name: 'headers: many Reply-To and Return-Path', build: (n) => utf8(headerBlock(n, (i) => `Reply-To: "x${i}" <r${i}@other${i}.example>`) + CRLF + head('Content-Type: text/plain') + 'body' + CRLF) },
  // --- attachments
  { name: 'attachments: 10k with long RTL names', build: (n) => withAttachments('see attached', Array.from({ length: Math.max(1, Math.floor(n / 400)) }, (_, i) => ({ type: 'application/octet-stream', name: `\u202Efdp.${'x'.repeat(150)}${i}.exe`, data: Buffer.from('MZ' + i) }))) },
  { name: 'attachments: one with an N-byte name', build: (n) => withAttachments('see attached', [{ type: 'application/pdf', name: 'a'.repeat(n) + '.pdf', data: Buffer.from('%PDF-1.4\n') }]) },
  { name: 'attachments: base64 without line breaks', build: (n) => withAttachments('see attached', [{ type: 'application/octet-stream', name: 'blob.bin', data: Buffer.alloc(Math.floor((n * 3) / 4), 7), raw: true }]) },
  { name: 'attachments: zip listing with 65k entries', build: (n) => withAttachments('zip', [{ type: 'application/zip', name: 'many.zip', data: storedZip(Math.min(65_000, Math.floor(n / 60)), (i) => `dir/f${i}.txt`) }]) },
  { name: 'attachments: zip of long RTL names', build: (n) => withAttachments('zip', [{ type: 'application/zip', name: 'names.zip', data: storedZip(Math.floor(n / 1100), (i) => `\u202E${'n'.repeat(500)}${i}txt.exe`) }]) },
  { name: 'attachments: zip of .exe entries', build: (n) => withAttachments('zip', [{ type: 'application/zip', name: 'exes.zip', data: storedZip(Math.floor(n / 80), (i) => `invoice${i}.pdf.exe`, (i) => Buffer.from('MZ' + i)) }]) },
  { name: 'attachments: HTML attachment of N links', build: (n) => withAttachments('see attached', [{ type: 'text/html', name: 'page.html', data: utf8(fill(n, (i) => `<a href="http://h${i}.example/">x</a><form action="http://f${i}.example/"><input type=password></form>`)) }]) },
  { name: 'attachments: HTML attachment of nested tags', build: (n) => withAttachments('see attached', [{ type: 'text/html', name: 'deep.html', data: utf8('<div>'.repeat(Math.ceil(n / 5))) }]) },
  { name: 'attachments: HTML attachment with a long script', build: (n) => withAttachments('see attached', [{ type: 'text/html', name: 's.html', data: utf8(`<script>var a=[${fill(n, (i) => String(i % 256), ',')}];document.write(atob("${'QUFB'.repeat(100)}"))</script>`) }]) },
  { name: 'attachments: SVG with N elements', build: (n) => withAttachments('see attached', [{ type: 'image/svg+xml', name: 'p.svg', data: utf8(`<svg xmlns="http://www.w3.org/2000/svg">${fill(n, (i) => `<a href="http://s${i}.example/"><text>t${i}</text></a><script>x${i}()</script>`)}</svg>`) }]) },
  { name: 'attachments: RTF of nested groups', build: (n) => withAttachments('see attached', [{ type: 'application/rtf', name: 'd.rtf', data: Buffer.from('{\\rtf1' + '{'.repeat(Math.ceil(n / 2)) + '}'.repeat(Math.ceil(n / 2)) + '}') }]) },
  { name: 'attachments: RTF of N objects', build: (n) => withAttachments('see attached', [{ type: 'application/rtf', name: 'o.rtf', data: Buffer.from('{\\rtf1' + fill(n, (i) => `{\\object\\objemb{\\*\\objclass Package}{\\*\\objdata 0105000002000000${(i % 256).toString(16).padStart(2, '0')}}}`) + '}') }]) },
  { name: 'attachments: RTF of N hex digits', build: (n) => withAttachments('see attached', [{ type: 'application/rtf', name: 'h.rtf', data: Buffer.from('{\\rtf1{\\*\\objdata ' + '0'.repeat(n) + '}}') }]) },
  { name: 'attachments: docx with N parts', build: (n) => withAttachments('see attached', [{ type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'd.docx', data: storedZip(Math.floor(n / 200), (i) => (i === 0 ? '[Content_Types].xml' : i === 1 ? 'word/document.xml' : `word/media/r${i}.xml`), (i) => Buffer.from(i === 0 ? '<Types/>' : `<w:document><w:hyperlink r:id="r${i}"/><w:t>lừa đảo</w:t></w:document>`)) }]) },
  { name: 'attachments: docx with one big document.xml', build: (n) => withAttachments('see attached', [{ type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'b.docx', data: storedZip(3, (i) => ['[Content_Types].xml', 'word/document.xml', 'word/_rels/document.xml.rels'][i]!, (i) => Buffer.from(i === 1 ? `<w:document>${fill(n / 2, (j) => `<w:p><w:r><w:t>xác minh tài khoản ${j}</w:t></w:r></w:p>`)}</w:document>` : i === 2 ? `<Relationships>${fill(n / 2, (j) => `<Relationship Id="r${j}" Target="http://x${j}.example/" TargetMode="External"/>`)}</Relationships>` : '<Types/>'), true) }]) },
  { name: 'attachments: docx whose .rels nests N elements deep', build: (n) => withAttachments('see attached', [{ type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name: 'r.docx', data: storedZip(3, (i) => ['[Content_Types].xml', 'word/document.xml', 'word/_rels/document.xml.rels'][i]!, (i) => Buffer.from(i === 2 ? `<Relationships>${'<x>'.repeat(Math.min(Math.ceil(n / 3), 300_000))}<Relationship Id="r1" Type="x/attachedTemplate" Target="https://t.example/t.dotm" TargetMode="External"/>` : i === 1 ? '<w:document/>' : '<Types/>')) }]) },
  { name: 'attachments: SVG nested N elements deep', build: (n) => withAttachments('see attached', [{ type: 'image/svg+xml', name: 'deep.svg', data: utf8(`<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(Math.ceil(n / 3))}<script>location="https://x.example/"</script>`) }]) },
  { name: 'attachments: text/calendar of N events', build: (n) => withAttachments('invite', [{ type: 'text/calendar', name: 'i.ics', data: utf8('BEGIN:VCALENDAR\r\n' + fill(n, (i) => `BEGIN:VEVENT\r\nSUMMARY:Xác minh ${i}\r\nDESCRIPTION:http://c${i}.example/\r\nLOCATION:http://l${i}.example/\r\nEND:VEVENT`, CRLF) + '\r\nEND:VCALENDAR\r\n') }]) },
  // --- MIME
  { name: 'mime: message/rfc822 nested 20 deep, N bytes at the bottom', build: (n) => {
      let inner = `From: x@y.example${CRLF}Subject: bottom${CRLF}Content-Type: text/plain${CRLF}${CRLF}${wrap('lừa đảo http://bottom.example/ '.repeat(Math.ceil(n / 36)))}${CRLF}`;
      for (let i = 0; i < 25; i++) inner = `From: f${i}@fwd${i}.example${CRLF}Subject: Fwd ${i}${CRLF}Content-Type: message/rfc822${CRLF}${CRLF}${inner}`;
      return utf8(head('Content-Type: message/rfc822') + inner);
    } },
  { name: 'mime: 500 text parts of links', build: (n) => {
      const per = Math.ceil(n / 500);
      const parts = [head('Content-Type: multipart/mixed; boundary=q')];
      for (let i = 0; i < 500; i++) parts.push(`--q${CRLF}Content-Type: text/${i % 2 ? 'html' : 'plain'}; charset=utf-8${CRLF}${CRLF}${fill(per, (j) => (i % 2 ? `<a href="http://p${i}x${j}.example/">l</a>` : `http://p${i}y${j}.example/`), CRLF)}${CRLF}`);
      parts.push(`--q--${CRLF}`);
      return utf8(parts.join(''));
    } },
  { name: 'mime: 500 forwarded messages', build: (n) => {
      const per = Math.ceil(n / 500);
      const parts = [head('Content-Type: multipart/mixed; boundary=q')];
      for (let i = 0; i < 500; i++) parts.push(`--q${CRLF}Content-Type: message/rfc822${CRLF}${CRLF}From: "Bank ${i}" <s${i}@bank${i}.example>${CRLF}Subject: fwd ${i}${CRLF}Content-Type: text/plain${CRLF}${CRLF}${wrap('xác minh http://f.example/ '.repeat(Math.ceil(per / 28)))}${CRLF}`);
      parts.push(`--q--${CRLF}`);
      return utf8(parts.join(''));
    } },
];
