import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import * as p from '../../../../test-fixtures/attachments/payloads.mjs';
import { freePort } from '../../../test/support/clamd.js';
import { startTcpProxy } from '../../../test/support/tcp-proxy.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { createClamdClient } from './clamd.js';
import { attachmentsScanner } from './index.js';
import { makeAttachment } from './test-helpers.js';

/**
 * Against the real clamd started by the global setup (test/global-setup.ts) on our own signature
 * database (test-fixtures/clamav). With LACHAN_TEST_SKIP_CLAMD=1 there is no clamd, and these
 * tests are skipped for that reason only.
 */
const clamdUrl = inject('clamdUrl');
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test-fixtures/attachments');

describe.skipIf(!clamdUrl)('clamd (real, test signatures) — skipped when LACHAN_TEST_SKIP_CLAMD=1', () => {
  const client = createClamdClient(clamdUrl || 'tcp://127.0.0.1:1', { timeoutMs: 20_000 });
  afterAll(() => client.close());

  it('answers PING', async () => {
    await expect(client.ping()).resolves.toBeUndefined();
  });

  it('detects EICAR plain, zipped and zip-in-zip with our own signature', async () => {
    const zipped = await p.makeZip({ 'eicar.com': p.EICAR });
    const nested = await p.makeZip({ 'ben-trong/eicar.zip': zipped });
    for (const data of [p.EICAR, zipped, nested]) {
      const r = await client.scan(data);
      expect(r.infected).toBe(true);
      expect(r.signature).toMatch(/^Lachan\.Test\.EICAR(\.UNOFFICIAL)?$/);
    }
  });

  it('detects our harmless marker', async () => {
    const r = await client.scan(Buffer.from(`Ghi chú.\n${p.MARKER}\n`));
    expect(r).toEqual({ infected: true, signature: expect.stringMatching(/^Lachan\.Test\.Marker/) });
  });

  it('finds clean files clean', async () => {
    for (const data of [p.makePdf(), await p.makeWordDocument(), p.makePe(), Buffer.from('Kính gửi anh chị')]) {
      expect(await client.scan(data)).toEqual({ infected: false });
    }
  });

  it('streams a 30 MB attachment and finds a marker at its very end', async () => {
    const block = Buffer.alloc(1024 * 1024, 0x41);
    const chunks = Array.from({ length: 30 }, () => block);
    chunks.push(Buffer.from(p.MARKER));
    const r = await client.scan(Readable.from(chunks));
    expect(r.signature).toMatch(/^Lachan\.Test\.Marker/);
  });

  it('runs scans concurrently', async () => {
    const jobs = Array.from({ length: 8 }, (_, i) => client.scan(i % 2 ? p.EICAR : p.makePdf()));
    const results = await Promise.all(jobs);
    expect(results.map((r) => r.infected)).toEqual([false, true, false, true, false, true, false, true]);
  });

  it('throws LC_CLAMD_UNAVAILABLE for a closed port', async () => {
    const port = await freePort();
    const down = createClamdClient(`tcp://127.0.0.1:${port}`, { timeoutMs: 5000 });
    await expect(down.scan(p.EICAR)).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
    await expect(down.ping()).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
  });

  it('fails while clamd is unreachable, times out while it hangs, and recovers after', async () => {
    const proxy = await startTcpProxy(clamdUrl);
    try {
      const viaProxy = createClamdClient(proxy.url, { timeoutMs: 500 });
      expect((await viaProxy.scan(p.EICAR)).infected).toBe(true);
      await proxy.pause();
      await expect(viaProxy.scan(p.EICAR)).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
      await proxy.hang();
      await expect(viaProxy.scan(p.EICAR)).rejects.toMatchObject({ code: 'LC_CLAMD_TIMEOUT' });
      await proxy.resume();
      expect((await viaProxy.scan(p.EICAR)).infected).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('the fixtures carry what they claim (clamd decodes the MIME itself)', async () => {
    const expectations: Record<string, RegExp | null> = {
      'eicar-plain.eml': /^Lachan\.Test\.EICAR/,
      'eicar-zipped.eml': /^Lachan\.Test\.EICAR/,
      'eicar-zip-in-zip.eml': /^Lachan\.Test\.EICAR/,
      'marker.eml': /^Lachan\.Test\.Marker/,
      'eicar-gz.eml': /^Lachan\.Test\.EICAR/,
      'eicar-tar.eml': /^Lachan\.Test\.EICAR/,
      'eicar-tgz.eml': /^Lachan\.Test\.EICAR/,
      'clean-pdf.eml': null,
      'clean-docx.eml': null,
      'eicar-encrypted-zip.eml': null, // clamd cannot look inside: our scanner reports attachment.encrypted
    };
    for (const [file, sig] of Object.entries(expectations)) {
      const r = await client.scan(readFileSync(path.join(FIXTURES, file)));
      if (sig) expect(r.signature, file).toMatch(sig);
      else expect(r, file).toEqual({ infected: false });
    }
  });

  describe('the attachments scanner with the real clamd', () => {
    const scan = async (...attachments: ReturnType<typeof makeAttachment>[]): Promise<Finding[]> => {
      const ctx = makeContext(makePolicy(), { clamd: client });
      return attachmentsScanner.scan(makeMessage({ attachments }), ctx);
    };
    const viruses = (fs: Finding[]) => fs.filter((f) => f.kind === 'attachment.virus').map((f) => f.subject).sort();

    it('finds EICAR in the attachment, in a zip member and in a zip-in-zip member', async () => {
      const zipped = await p.makeZip({ 'eicar.com': p.EICAR });
      const nested = await p.makeZip({ 'ben-trong/eicar.zip': zipped });
      const findings = await scan(
        makeAttachment('eicar.com', p.EICAR),
        makeAttachment('tai-lieu.zip', zipped),
        makeAttachment('ho-so.zip', nested),
      );
      // clamd unpacks archives itself, so each archive is reported as well as its member.
      expect(viruses(findings)).toEqual([
        'eicar.com',
        'ho-so.zip',
        'ho-so.zip → ben-trong/eicar.zip',
        'ho-so.zip → ben-trong/eicar.zip → eicar.com',
        'tai-lieu.zip',
        'tai-lieu.zip → eicar.com',
      ]);
      expect(findings.find((f) => f.kind === 'attachment.virus')!.detail).toMatch(/^Lachan\.Test\.EICAR/);
    });

    it('finds EICAR in a .gz, a .tar and a .tgz member, each member sent to clamd on its own', async () => {
      const tar = p.makeTar({ 'ho-so/eicar.com': p.EICAR, 'ho-so/ghi-chu.txt': 'Kính gửi' });
      const findings = await scan(
        makeAttachment('eicar.com.gz', p.makeGzip(p.EICAR), { contentType: 'application/gzip' }),
        makeAttachment('tai-lieu.tar', tar, { contentType: 'application/x-tar' }),
        makeAttachment('ho-so.tgz', p.makeGzip(tar), { contentType: 'application/gzip' }),
      );
      // clamd unpacks gzip and tar itself too, so each archive is reported as well as its member.
      expect(viruses(findings)).toEqual([
        'eicar.com.gz',
        'eicar.com.gz → eicar.com',
        'ho-so.tgz',
        'ho-so.tgz → ho-so.tar',
        'ho-so.tgz → ho-so.tar → ho-so/eicar.com',
        'tai-lieu.tar',
        'tai-lieu.tar → ho-so/eicar.com',
      ]);
      expect(findings.filter((f) => f.kind === 'attachment.virus').every((f) => /^Lachan\.Test\.EICAR/.test(f.detail))).toBe(true);
    });

    it('finds EICAR in a gzip member that clamd alone would not see: the gzip holds it deflated, under a name', async () => {
      // A gzip of a tar of a gzip: our walk reaches the innermost file whatever clamd's own unpacking does.
      const inner = p.makeGzip(p.makeTar({ 'eicar.com': p.EICAR }));
      const outer = p.makeGzip(p.makeTar({ 'ben-trong.tgz': inner }));
      const findings = await scan(makeAttachment('long-nhau.tgz', outer));
      expect(viruses(findings)).toContain('long-nhau.tgz → long-nhau.tar → ben-trong.tgz → ben-trong.tar → eicar.com');
    });

    it('finds the marker, reports the encrypted zip, and leaves clean files alone', async () => {
      const findings = await scan(
        makeAttachment('ghi-chu.txt', Buffer.from(p.MARKER), { contentType: 'text/plain' }),
        // a password no one gives (passwords.ts): the zip stays locked
        makeAttachment('bao-mat.zip', p.makeEncryptedZip('eicar.com', p.EICAR, 'khong-doan-duoc')),
        makeAttachment('thong-bao.pdf', p.makePdf(), { contentType: 'application/pdf' }),
        makeAttachment('ke-hoach.docx', await p.makeWordDocument()),
      );
      expect(findings.map((f) => `${f.kind} ${f.subject}`).sort()).toEqual([
        'attachment.dangerous-type bao-mat.zip → eicar.com',
        'attachment.encrypted bao-mat.zip → eicar.com',
        'attachment.virus ghi-chu.txt',
      ]);
    });

    it('fails the whole scan with LC_CLAMD_UNAVAILABLE when clamd is down', async () => {
      const down = createClamdClient(`tcp://127.0.0.1:${await freePort()}`, { timeoutMs: 2000 });
      const ctx = makeContext(makePolicy(), { clamd: down });
      const message = makeMessage({ attachments: [makeAttachment('thong-bao.pdf', p.makePdf())] });
      await expect(attachmentsScanner.scan(message, ctx)).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
    });
  });
});
