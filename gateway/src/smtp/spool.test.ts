import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { spool } from './spool.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'lachan-spool-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function chunks(total: number, size = 64 * 1024): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      const n = Math.min(size, total - sent);
      this.push(Buffer.alloc(n, sent % 251));
      sent += n;
    },
  });
}

describe('spool', () => {
  it('keeps a small message in memory with its SHA-256 and size', async () => {
    const data = Buffer.from('Subject: x\r\n\r\nhello\r\n');
    const s = await spool(Readable.from([data]), { dir, memoryLimit: 1024 });
    expect(s.path).toBeUndefined();
    expect(s.size).toBe(data.length);
    expect(s.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(await s.read()).toEqual(data);
  });

  it('spills a large message to a file, hashes it while streaming, and removes it on discard', async () => {
    const s = await spool(chunks(3 * 1024 * 1024), { dir, memoryLimit: 256 * 1024 });
    expect(s.path).toBeDefined();
    expect(s.size).toBe(3 * 1024 * 1024);
    const again = createHash('sha256');
    for await (const c of s.open()) again.update(c as Buffer);
    expect(again.digest('hex')).toBe(s.sha256);
    await s.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('turns a broken input stream into LC_SPOOL_FAILED and leaves no file behind', async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(300 * 1024));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(spool(broken, { dir, memoryLimit: 1024 })).rejects.toMatchObject({ code: 'LC_SPOOL_FAILED' });
    expect(await readdir(dir)).toEqual([]);
  });
});
