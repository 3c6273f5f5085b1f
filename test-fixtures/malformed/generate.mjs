#!/usr/bin/env node
// Malformed messages too big to commit, built in memory. The parser's fixture test imports
// generatedFixtures(); `node generate.mjs OUTDIR` writes them out as .eml files for manual use.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const head = (name, extra = '') =>
  `From: sender@bad.example\r\nTo: canbo@lachan.test\r\nSubject: ${name}\r\nMessage-ID: <${name}@bad.example>\r\nMIME-Version: 1.0\r\n${extra}`;

function deepMultipart(levels) {
  let open = '';
  let close = '';
  for (let i = 0; i < levels; i++) {
    open += `Content-Type: multipart/mixed; boundary="lvl${i}x"\r\n\r\n--lvl${i}x\r\n`;
    close = `\r\n--lvl${i}x--\r\n` + close;
  }
  return head('deep-multipart-50') + open + 'Content-Type: text/plain\r\n\r\nbottom' + close;
}

function deepRfc822(levels) {
  let msg = head('level-bottom', 'Content-Type: text/plain\r\n\r\n') + 'bottom https://bottom.example/\r\n';
  for (let i = levels - 1; i >= 0; i--) {
    msg = head(`level-${i}`, 'Content-Type: message/rfc822\r\n\r\n') + msg;
  }
  return msg;
}

function manyParts(count) {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(`--p\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`);
  return head('parts-10000', 'Content-Type: multipart/mixed; boundary="p"\r\n\r\n') + parts.join('') + '--p--\r\n';
}

function garbage(size) {
  // deterministic xorshift, so a failure can be reproduced
  const out = Buffer.alloc(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** @returns {{ name: string, bytes: Buffer }[]} */
export function generatedFixtures() {
  const list = [
    ['header-100k-line', head('x', `X-Long: ${'a'.repeat(100 * 1024)}\r\nContent-Type: text/plain\r\n\r\nbody\r\n`)],
    [
      'many-headers',
      head('many-headers') +
        Array.from({ length: 5000 }, (_, i) => `X-Header-${i}: value ${i}\r\n`).join('') +
        'Content-Type: text/plain\r\n\r\nbody\r\n',
    ],
    ['deep-multipart-50', deepMultipart(50)],
    ['deep-rfc822-30', deepRfc822(30)],
    ['parts-10000', manyParts(10_000)],
    ['binary-garbage', garbage(64 * 1024)],
    ['huge-single-line', head('huge-single-line', 'Content-Type: text/plain\r\n\r\n') + 'word '.repeat(400_000)],
    [
      'html-deep-nesting',
      head('html-deep-nesting', 'Content-Type: text/html\r\n\r\n') + '<b>'.repeat(200_000) + 'deep' + '</b>'.repeat(10),
    ],
    [
      'too-many-urls',
      head('too-many-urls', 'Content-Type: text/html\r\n\r\n') +
        Array.from({ length: 3000 }, (_, i) => `<a href="https://u${i}.example/">${i}</a>`).join('\r\n'),
    ],
    [
      'linkify-stress',
      head('linkify-stress', 'Content-Type: text/plain\r\n\r\n') +
        Array.from({ length: 20_000 }, (_, i) => `xn--a${i}.xn--b.xn--c.xn--d.xn--e.xn--f.xn--g.example`).join(' '),
    ],
  ];
  return list.map(([name, data]) => ({ name, bytes: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8') }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? 'generated';
  mkdirSync(out, { recursive: true });
  for (const { name, bytes } of generatedFixtures()) writeFileSync(join(out, `${name}.eml`), bytes);
}
