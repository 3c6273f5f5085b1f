import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { gunzipLimited, gzipHeaderName, gzipMemberName } from './gzip.js';

describe('gzip', () => {
  it('inflates a gzip file whole when it stays under the cap', async () => {
    const r = await gunzipLimited(p.makeGzip(p.EICAR), 1000);
    expect(r.overLimit).toBe(false);
    expect(r.error).toBeUndefined();
    expect(r.data.equals(p.EICAR)).toBe(true);
  });

  it('inflates every member of a multi-member gzip (cat a.gz b.gz)', async () => {
    const r = await gunzipLimited(Buffer.concat([gzipSync('xin '), gzipSync('chào')]), 1000);
    expect(r.data.toString()).toBe('xin chào');
  });

  it('stops a gzip bomb at the cap instead of inflating it to the end', async () => {
    // 64 members of 16 MiB of zeros: 1 GiB inflated from about 1 MB.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const r = await gunzipLimited(bomb, 2 * 1024 * 1024);
    expect(r.overLimit).toBe(true);
    expect(r.data.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    // zlib had read only the first members when it was stopped
    expect(r.bytesRead).toBeLessThan(bomb.length / 8);
  });

  it('reports a truncated or corrupt gzip with what it could inflate, never throwing', async () => {
    const text = Buffer.from('Kính gửi anh chị. '.repeat(2000));
    const gz = p.makeGzip(text);
    const cut = await gunzipLimited(gz.subarray(0, gz.length - 20), 1e6);
    expect(cut.error).toMatch(/unexpected end of file/);
    expect(cut.data.length).toBeGreaterThan(0);
    expect(text.subarray(0, cut.data.length).equals(cut.data)).toBe(true);

    const garbage = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), Buffer.alloc(100, 0xff)]);
    const bad = await gunzipLimited(garbage, 1e6);
    expect(bad.error).toMatch(/\S/);
    expect(bad.data.length).toBe(0);
  });

  it('reads the file name from the header (FNAME), as gzip writes it', () => {
    expect(gzipHeaderName(p.makeGzip('x', { name: 'hoa-don.pdf.exe' }))).toBe('hoa-don.pdf.exe');
    expect(gzipHeaderName(p.makeGzip('x', { name: 'báo-cáo.doc' }))).toBe('báo-cáo.doc');
    expect(gzipHeaderName(p.makeGzip('x'))).toBeUndefined();
    // the real gzip tool (Debian's, always there): it stores the name unless told -n
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-gzip-'));
    try {
      writeFileSync(path.join(dir, 'hoa-don.pdf.exe'), 'x');
      expect(gzipHeaderName(execFileSync('gzip', ['-c', path.join(dir, 'hoa-don.pdf.exe')]))).toBe('hoa-don.pdf.exe');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a name after an FEXTRA field, and ignores a header without a terminated name', () => {
    const gz = p.makeGzip('x', { name: 'a.exe' });
    const withExtra = Buffer.concat([gz.subarray(0, 3), Buffer.from([0x0c]), gz.subarray(4, 10), Buffer.from([4, 0, 1, 2, 3, 4]), gz.subarray(10)]);
    expect(gzipHeaderName(withExtra)).toBe('a.exe');
    expect(gzipHeaderName(gz.subarray(0, 13))).toBeUndefined();
  });

  it('names the member from the outer name when the header has none', () => {
    const gz = p.makeGzip('x');
    expect(gzipMemberName(gz, 'bao-cao.pdf.gz')).toBe('bao-cao.pdf');
    expect(gzipMemberName(gz, 'ho-so.tgz')).toBe('ho-so.tar');
    expect(gzipMemberName(gz, 'ho-so.tar.gz')).toBe('ho-so.tar');
    expect(gzipMemberName(gz, 'tai-lieu.bin')).toBe('tai-lieu');
    expect(gzipMemberName(gz, '')).toBe('gzip-content');
    expect(gzipMemberName(p.makeGzip('x', { name: 'that.exe' }), 'this.gz')).toBe('that.exe');
  });
});
