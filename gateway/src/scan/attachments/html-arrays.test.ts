import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import type { Finding } from '../types.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { byteArrayRun } from './html-arrays.js';
import { scriptTraits } from './html-script.js';
import { attachmentsScanner } from './index.js';
import { fakeClamd, makeAttachment } from './test-helpers.js';

/** HTML smuggling with the file written as a list of byte values (html-arrays.ts). */

const page = (script: string) =>
  Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tai tai lieu</title></head><body><p>Đang tải tài liệu...</p><script>${script}</script></body></html>`);
const save = (expr: string) =>
  `var b = new Blob([${expr}], {type: 'application/octet-stream'}); var a = document.createElement('a'); a.href = URL.createObjectURL(b); a.download = 'HoaDon.zip'; a.click();`;

const scan = async (data: Buffer) => {
  const att = makeAttachment('tai-lieu.html', data, { contentType: 'text/html', id: 'a1' });
  return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(makePolicy(), { clamd: fakeClamd() }));
};
const smuggling = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.html-smuggling').map((f) => f.tags);

describe('byte-array HTML smuggling', () => {
  it('decodes a Uint8Array of decimals (MZ → exe), fromCharCode arguments (PK → zip) and hex strings', async () => {
    const pe = [...p.makePe()].join(',');
    expect(smuggling(await scan(page(save(`new Uint8Array([${pe}])`))))).toEqual([['blob', 'object-url', 'download-link', 'embedded-payload', 'exe']]);
    const zip = [...(await p.makeZip({ 'HoaDon.js': 'WScript.Echo(1);\r\n'.repeat(40) }, { store: true }))];
    const fcc = `String.fromCharCode(${zip.join(', ')})`;
    expect(smuggling(await scan(page(save(fcc))))).toEqual([['blob', 'object-url', 'download-link', 'embedded-payload', 'zip']]);
    const hex = `[${zip.map((b) => `"${b.toString(16).padStart(2, '0')}"`).join(',')}].map(function (h) { return parseInt(h, 16); })`;
    expect(smuggling(await scan(page(save(`new Uint8Array(${hex})`))))).toEqual([['blob', 'object-url', 'download-link', 'embedded-payload', 'zip']]);
  });

  it('recognises a disk image by its volume descriptor at 0x8001, and 0xHH elements', () => {
    const iso = Buffer.alloc(0x8010);
    iso.write('\x01CD001\x01', 0x8000, 'latin1');
    expect(byteArrayRun(`[${[...iso].map((b) => `0x${b.toString(16)}`).join(',')}]`)?.run).toEqual({ encoding: 'byte-array', chars: expect.any(Number), type: 'iso' });
  });

  it('does not take chart data or a page exporting a CSV for a carried file', async () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i * 37) % 101).join(', ');
    const chart = `var data = [${values}]; var csv = data.join('\\n'); var b = new Blob([csv], {type: 'text/csv'}); a.href = URL.createObjectURL(b); a.download = 'so-lieu.csv';`;
    expect(await scan(page(chart))).toEqual([expect.objectContaining({ kind: 'attachment.html-form', tags: ['script'] })]);
    expect(byteArrayRun('[1, 2, 300, 4]')?.run.chars).toBe(4);
    expect(byteArrayRun('v1.2,3.4, x10,11')).toBeUndefined();
  });

  it('an encoded script in character codes still counts as encoded data for the loader check', () => {
    const codes = [...Buffer.from('document.write("<form action=https://x.example>")'.repeat(10))].join(',');
    const t = scriptTraits(`var c = [${codes}]; eval(String.fromCharCode.apply(null, c));`, '', [], []);
    expect(t.scriptEncoded).toMatchObject({ encoding: 'byte-array' });
    expect(t.payload).toBeUndefined();
  });

  it('stays linear on 4 MB of adversarial lists', () => {
    const t0 = performance.now();
    byteArrayRun('1,'.repeat(2 << 20));
    byteArrayRun('"4d",'.repeat(800_000));
    byteArrayRun('1234,'.repeat(800_000));
    byteArrayRun('0x,'.repeat(1 << 20));
    byteArrayRun(`1${' '.repeat(4 << 20)}`);
    byteArrayRun('1 ,'.repeat(1 << 20) + '1');
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
