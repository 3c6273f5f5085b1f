import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ContentCollector, MEMORY_CONTENT_LIMIT } from './content.js';

async function collect(chunks: Buffer[]) {
  const stream = new PassThrough();
  const collector = new ContentCollector(stream);
  for (const c of chunks) stream.write(c);
  stream.end();
  return collector.done;
}

describe('ContentCollector', () => {
  it('keeps small contents in memory', async () => {
    const { content, complete } = await collect([Buffer.from('hello')]);
    expect(complete).toBe(true);
    expect((content as { path?: string }).path).toBeUndefined();
    expect((await content.buffer()).toString()).toBe('hello');
  });

  it('moves a large content to a temporary file with the same bytes, head and SHA-256, and removes it on release', async () => {
    const big = Buffer.alloc(MEMORY_CONTENT_LIMIT * 3);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const chunks = [big.subarray(0, 100), big.subarray(100, MEMORY_CONTENT_LIMIT * 2), big.subarray(MEMORY_CONTENT_LIMIT * 2)];
    const { content } = await collect(chunks);
    const file = (content as { path?: string }).path;
    expect(file && existsSync(file)).toBe(true);
    expect(content.size).toBe(big.length);
    expect(content.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    expect(content.head.equals(big.subarray(0, 4100))).toBe(true);
    expect((await content.buffer()).equals(big)).toBe(true);
    const streamed: Buffer[] = [];
    for await (const c of content.stream()) streamed.push(c as Buffer);
    expect(Buffer.concat(streamed).equals(big)).toBe(true);
    await content.release?.();
    expect(existsSync(file!)).toBe(false);
  });

  it('fails closed when the temporary file cannot be written', async () => {
    const before = process.env.LACHAN_CONTENT_DIR;
    process.env.LACHAN_CONTENT_DIR = '/etc/hostname/lachan-not-a-directory';
    try {
      const { complete, failed } = await collect([Buffer.alloc(MEMORY_CONTENT_LIMIT + 10)]);
      expect(complete).toBe(false);
      expect(failed).toMatch(/could not keep attachment on disk/);
    } finally {
      if (before === undefined) delete process.env.LACHAN_CONTENT_DIR;
      else process.env.LACHAN_CONTENT_DIR = before;
    }
  });
});
