import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LachanError, type ErrorCode } from '../errors.js';
import { createMessageStore, FileMessageStore, type MessageStore } from './store.js';

const MESSAGE = Buffer.from('From: a@example.com\r\nSubject: Thử nghiệm\r\n\r\nNội dung thư.\r\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'resolved' | 'not a LachanError'> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return err instanceof LachanError ? err.code : 'not a LachanError';
  }
}

/** Reads a stream to the end; resolves with the bytes and the error it ended with, if any. */
async function drain(stream: Readable): Promise<{ bytes: Buffer; error?: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

describe('message store', () => {
  let dataDir: string;
  let store: MessageStore;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lachan-store-'));
    store = createMessageStore(path.join(dataDir, 'messages'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const fileOf = (hash: string) => path.join(dataDir, 'messages', hash.slice(0, 2), hash.slice(2, 4), hash);
  const tempFiles = async () => readdir(path.join(dataDir, 'messages', 'tmp')).catch(() => []);

  it('names a message by its SHA-256 under two levels of fan-out and gives the same bytes back', async () => {
    const put = await store.put(MESSAGE);
    expect(put).toEqual({ sha256: sha(MESSAGE), size: MESSAGE.length });
    expect(await readFile(fileOf(put.sha256))).toEqual(MESSAGE);
    expect(await store.get(put.sha256)).toEqual(MESSAGE);
    expect(await store.has(put.sha256)).toBe(true);
    expect(await tempFiles()).toEqual([]);
  });

  it('stores a spool file and a stream under the same name as the same bytes in memory', async () => {
    const spool = path.join(dataDir, 'spool.eml');
    await writeFile(spool, MESSAGE);
    const fromFile = await store.put(spool);
    const fromStream = await store.put(Readable.from([MESSAGE.subarray(0, 10), MESSAGE.subarray(10)]));
    expect(fromFile.sha256).toBe(sha(MESSAGE));
    expect(fromStream).toEqual(fromFile);
  });

  it('streams a large message through without holding it whole', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const count = 80; // 5 MB
    const whole = createHash('sha256');
    for (let i = 0; i < count; i++) whole.update(chunk);
    const put = await store.put(Readable.from((function* () { for (let i = 0; i < count; i++) yield chunk; })()));
    expect(put).toEqual({ sha256: whole.digest('hex'), size: count * chunk.length });
    const { bytes, error } = await drain(store.open(put.sha256));
    expect(error).toBeUndefined();
    expect(bytes.length).toBe(count * chunk.length);
  });

  it('stores the same bytes twice as one file, untouched the second time', async () => {
    const first = await store.put(MESSAGE);
    const before = await stat(fileOf(first.sha256));
    const second = await store.put(Buffer.from(MESSAGE));
    expect(second).toEqual(first);
    expect((await stat(fileOf(first.sha256))).ino).toBe(before.ino);
    expect(await readdir(path.dirname(fileOf(first.sha256)))).toEqual([first.sha256]);
    expect(await tempFiles()).toEqual([]);
  });

  it('repairs a damaged copy when the same bytes are stored again', async () => {
    const { sha256 } = await store.put(MESSAGE);
    const damaged = Buffer.from(MESSAGE);
    damaged[5] = damaged[5]! ^ 0xff;
    await writeFile(fileOf(sha256), damaged);
    await store.put(MESSAGE);
    expect(await store.get(sha256)).toEqual(MESSAGE);
  });

  describe('a file changed on disk', () => {
    let hash: string;
    beforeEach(async () => {
      hash = (await store.put(MESSAGE)).sha256;
      const damaged = Buffer.from(MESSAGE);
      damaged[damaged.length - 3] = 'X'.charCodeAt(0);
      await writeFile(fileOf(hash), damaged);
    });

    it('is refused by get with LC_STORE_CORRUPT', async () => {
      expect(await codeOf(store.get(hash))).toBe('LC_STORE_CORRUPT');
    });

    it('ends the stream from open with LC_STORE_CORRUPT instead of a normal end', async () => {
      const { bytes, error } = await drain(store.open(hash));
      expect(bytes.length).toBe(MESSAGE.length);
      expect((error as LachanError).code).toBe('LC_STORE_CORRUPT');
    });

    it('is refused even when only truncated', async () => {
      await writeFile(fileOf(hash), MESSAGE.subarray(0, 10));
      expect(await codeOf(store.get(hash))).toBe('LC_STORE_CORRUPT');
      expect(((await drain(store.open(hash))).error as LachanError).code).toBe('LC_STORE_CORRUPT');
    });
  });

  it('streams an intact message to its normal end', async () => {
    const { sha256 } = await store.put(MESSAGE);
    const { bytes, error } = await drain(store.open(sha256));
    expect(error).toBeUndefined();
    expect(bytes).toEqual(MESSAGE);
  });

  it('answers LC_STORE_NOT_FOUND for an unknown or malformed name, and never leaves the store directory', async () => {
    const unknown = sha(Buffer.from('never stored'));
    expect(await codeOf(store.get(unknown))).toBe('LC_STORE_NOT_FOUND');
    expect(((await drain(store.open(unknown))).error as LachanError).code).toBe('LC_STORE_NOT_FOUND');
    await writeFile(path.join(dataDir, 'secret'), 'x');
    for (const bad of ['../../secret', `${unknown.slice(0, 63)}/`, unknown.toUpperCase(), '']) {
      expect(await codeOf(store.get(bad))).toBe('LC_STORE_NOT_FOUND');
      expect(((await drain(store.open(bad))).error as LachanError).code).toBe('LC_STORE_NOT_FOUND');
      expect(await store.has(bad)).toBe(false);
      expect(await store.remove(bad)).toBe(false);
    }
  });

  it('removes a message once', async () => {
    const { sha256 } = await store.put(MESSAGE);
    expect(await store.remove(sha256)).toBe(true);
    expect(await store.has(sha256)).toBe(false);
    expect(await store.remove(sha256)).toBe(false);
  });

  it('fails with LC_STORE_FAILED and leaves no temp file when the source stream breaks', async () => {
    const broken = new Readable({
      read() {
        this.push(MESSAGE);
        this.destroy(new Error('client went away'));
      },
    });
    expect(await codeOf(store.put(broken))).toBe('LC_STORE_FAILED');
    expect(await tempFiles()).toEqual([]);
  });

  it('fails with LC_STORE_FAILED when the spool file is missing', async () => {
    expect(await codeOf(store.put(path.join(dataDir, 'no-such-spool')))).toBe('LC_STORE_FAILED');
  });

  it('fails with LC_STORE_FAILED when the store directory cannot be written', async () => {
    await writeFile(path.join(dataDir, 'messages'), 'a file where the directory should be');
    expect(await codeOf(store.put(MESSAGE))).toBe('LC_STORE_FAILED');
  });

  it('sweeps temp files left by a crash once they are old', async () => {
    await store.put(MESSAGE); // creates the tmp directory
    const tmp = path.join(dataDir, 'messages', 'tmp');
    await writeFile(path.join(tmp, 'old'), 'x');
    await writeFile(path.join(tmp, 'new'), 'x');
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(path.join(tmp, 'old'), hourAgo, hourAgo);
    expect(await store.removeStaleTemp(60 * 60 * 1000)).toBe(1);
    expect(await readdir(tmp)).toEqual(['new']);
  });
});

describe('message store durability', () => {
  let dataDir: string;
  let root: string;
  let synced: string[];
  const syncDir = async (dir: string) => {
    synced.push(dir);
  };
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lachan-store-'));
    root = path.join(dataDir, 'messages');
    synced = [];
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const fanOut = (hash: string) => [path.join(root, hash.slice(0, 2)), path.join(root, hash.slice(0, 2), hash.slice(2, 4))];
  const OTHER = Buffer.from('From: b@example.com\r\nSubject: other\r\n\r\nkhác\r\n');

  it('syncs the parent of every directory the first put creates, top down, and the file’s directory after the rename', async () => {
    const store = new FileMessageStore(root, { syncDir });
    const { sha256 } = await store.put(MESSAGE);
    const [ab, abcd] = fanOut(sha256);
    // messages/ (in the data dir) and messages/tmp/; then ab/ (in messages/) and cd/ (in ab/); then the file (in cd/)
    expect(synced).toEqual([dataDir, root, root, ab, abcd]);
  });

  it('syncs only what is new on later puts: new fan-out directories, then the file’s directory', async () => {
    const store = new FileMessageStore(root, { syncDir });
    await store.put(MESSAGE);
    synced = [];
    const { sha256 } = await store.put(OTHER);
    const [ab, abcd] = fanOut(sha256);
    expect(synced).toEqual([root, ab, abcd]);
    synced = [];
    await store.put(OTHER);
    expect(synced).toEqual([abcd]);
  });

  it('syncs directories another process made (and may not have synced yet) once, before storing under them', async () => {
    await new FileMessageStore(root, { syncDir: async () => undefined }).put(MESSAGE);
    const store = new FileMessageStore(root, { syncDir });
    const { sha256 } = await store.put(MESSAGE);
    const [ab, abcd] = fanOut(sha256);
    expect(synced).toEqual([dataDir, root, root, ab, abcd]);
  });

  it('syncs above the store when the put creates the data directory itself', async () => {
    const deeper = path.join(dataDir, 'new-data', 'messages');
    const store = new FileMessageStore(deeper, { syncDir });
    await store.put(MESSAGE);
    expect(synced.slice(0, 3)).toEqual([dataDir, path.join(dataDir, 'new-data'), deeper]);
    expect(await store.get(sha(MESSAGE))).toEqual(MESSAGE);
  });

  it('makes the directories again, synced, when they were removed behind its back', async () => {
    const store = new FileMessageStore(root, { syncDir });
    await store.put(MESSAGE);
    await rm(root, { recursive: true, force: true });
    synced = [];
    const { sha256 } = await store.put(MESSAGE);
    expect(await store.get(sha256)).toEqual(MESSAGE);
    expect(synced[0]).toBe(dataDir);
    expect(synced).toContain(fanOut(sha256)[0]);
  });

  it('fails with LC_STORE_FAILED, leaving no temp file, when a directory cannot be synced', async () => {
    const store = new FileMessageStore(root, {
      syncDir: async (dir) => {
        if (dir.endsWith(sha(MESSAGE).slice(2, 4))) throw Object.assign(new Error('I/O error'), { code: 'EIO' });
      },
    });
    expect(await codeOf(store.put(MESSAGE))).toBe('LC_STORE_FAILED');
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });
});
