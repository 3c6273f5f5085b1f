import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { LachanError } from '../errors.js';

/**
 * The content-addressed message store: every original message (quarantined or kept for a retro-scan)
 * lives once under `<dataDir>/messages/ab/cd/<sha256>`, named by the SHA-256 of its bytes.
 * Writes go to a temp file in `<dataDir>/messages/tmp/`, are fsynced and renamed into place, so a
 * file under its name is always complete; the directories on the way are fsynced too (each new
 * one's parent, the file's own after the rename), so the name survives a power cut once put
 * returns. Reads verify the bytes against the name.
 */

export interface StoredMessage {
  sha256: string;
  size: number;
}

/** A spool file's path, the bytes themselves, or a stream of them. */
export type StoreSource = string | Buffer | Readable;

export interface MessageStore {
  /** the store's directory, normally `<dataDir>/messages` */
  readonly root: string;
  /** Stores the bytes durably and returns their name; storing the same bytes again is harmless.
   *  LC_STORE_FAILED when anything goes wrong (nothing half-written is left under a name). */
  put(source: StoreSource): Promise<StoredMessage>;
  /** The whole message, verified; LC_STORE_NOT_FOUND / LC_STORE_CORRUPT / LC_STORE_FAILED. */
  get(sha256: string): Promise<Buffer>;
  /** A stream of the message; it ends with an error instead of 'end' when the bytes do not match. */
  open(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
  /** Deletes the message; false when it was not there. */
  remove(sha256: string): Promise<boolean>;
  /** Deletes temp files left by a crash, older than maxAgeMs; returns how many. */
  removeStaleTemp(maxAgeMs?: number): Promise<number>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** The store in `root`, normally `<dataDir>/messages` (created on the first put). */
export function createMessageStore(root: string): MessageStore {
  return new FileMessageStore(path.resolve(root));
}

export interface FileStoreOptions {
  /** Makes a directory's entries durable (fsync of the directory); tests observe it. */
  syncDir?: (dir: string) => Promise<void>;
}

/** Directories known durable are remembered up to this many (then forgotten and synced again). */
const MAX_KNOWN_DIRS = 100_000;

export class FileMessageStore implements MessageStore {
  readonly root: string;
  readonly #tmpDir: string;
  readonly #syncDir: (dir: string) => Promise<void>;
  /** Directories whose name is known durable: their parent was synced after they were made. */
  readonly #durableDirs = new Set<string>();

  constructor(root: string, opts: FileStoreOptions = {}) {
    this.root = root;
    this.#tmpDir = path.join(root, 'tmp');
    this.#syncDir = opts.syncDir ?? fsyncDir;
  }

  /** Where a message lives: two levels of fan-out keep directories small. */
  pathFor(sha256: string): string {
    if (!isSha256(sha256)) throw new LachanError('LC_STORE_NOT_FOUND', `not a SHA-256: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(source: StoreSource): Promise<StoredMessage> {
    const tmp = path.join(this.#tmpDir, `${process.pid}-${randomUUID()}`);
    let fh: FileHandle | undefined;
    try {
      await this.#makeDir(this.#tmpDir);
      fh = await this.#openTemp(tmp);
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of chunksOf(source)) {
        hash.update(chunk);
        size += chunk.length;
        await writeAll(fh, chunk);
      }
      await fh.sync();
      await fh.close();
      fh = undefined;
      const sha256 = hash.digest('hex');
      const final = this.pathFor(sha256);
      const dir = path.dirname(final);
      await this.#makeDir(dir);
      if (await this.#holds(final, sha256, size)) {
        await unlink(tmp);
      } else {
        await this.#rename(tmp, final);
      }
      // The name is durable before put returns (the caller answers 250 then): the file's directory
      // is synced — also for bytes already there, which a concurrent put may have just renamed.
      await this.#syncDir(dir);
      return { sha256, size };
    } catch (err) {
      await fh?.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      if (source instanceof Readable) source.destroy();
      if (err instanceof LachanError && err.code === 'LC_STORE_FAILED') throw err;
      throw new LachanError('LC_STORE_FAILED', `put: ${describe(err)}`, { cause: err });
    }
  }

  async get(sha256: string): Promise<Buffer> {
    const file = this.pathFor(sha256);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw readError(err, sha256);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
      throw new LachanError('LC_STORE_CORRUPT', sha256);
    }
    return bytes;
  }

  open(sha256: string): Readable {
    let file: string;
    try {
      file = this.pathFor(sha256);
    } catch (err) {
      const failed = new Readable({ read() {} });
      process.nextTick(() => failed.destroy(err as Error));
      return failed;
    }
    const hash = createHash('sha256');
    const verified = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        callback(hash.digest('hex') === sha256 ? null : new LachanError('LC_STORE_CORRUPT', sha256));
      },
    });
    const source = createReadStream(file);
    source.on('error', (err) => verified.destroy(readError(err, sha256)));
    verified.on('close', () => source.destroy());
    source.pipe(verified);
    return verified;
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      return (await stat(this.pathFor(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async remove(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      await unlink(this.pathFor(sha256));
      return true;
    } catch (err) {
      if (errno(err) === 'ENOENT') return false;
      throw new LachanError('LC_STORE_FAILED', `remove: ${describe(err)}`, { cause: err });
    }
  }

  async removeStaleTemp(maxAgeMs = 60 * 60 * 1000): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#tmpDir);
    } catch (err) {
      if (errno(err) === 'ENOENT') return 0;
      throw new LachanError('LC_STORE_FAILED', `removeStaleTemp: ${describe(err)}`, { cause: err });
    }
    let removed = 0;
    const cutoff = Date.now() - maxAgeMs;
    for (const name of names) {
      const file = path.join(this.#tmpDir, name);
      try {
        if ((await stat(file)).mtimeMs < cutoff) {
          await unlink(file);
          removed += 1;
        }
      } catch {
        // gone meanwhile (another process swept it, or a put finished): nothing to do
      }
    }
    return removed;
  }

  /**
   * mkdir -p that leaves the directory durable. Each directory's name lives in its parent, so the
   * parents are synced from the top down, up to the first one whose own name is known durable, or
   * else the store's parent (higher when this call created more than the store). They are synced
   * whether this call created the directories or not: another put (of this process or another
   * one) may have created them and not synced them yet. Once per directory; later puts only sync
   * the file's own directory.
   */
  async #makeDir(dir: string): Promise<void> {
    if (this.#durableDirs.has(dir)) return;
    const first = await mkdir(dir, { recursive: true, mode: 0o750 });
    const storeParent = path.dirname(this.root);
    const top = first !== undefined && !isInside(first, storeParent) ? path.dirname(first) : storeParent;
    const named: string[] = [];
    const parents: string[] = [];
    for (let d = dir; d !== top && path.dirname(d) !== d; d = path.dirname(d)) {
      const parent = path.dirname(d);
      named.push(d);
      parents.push(parent);
      // (a directory this call made is new, whatever was known of that name before)
      const made = first !== undefined && (parent === first || isInside(parent, first));
      if (this.#durableDirs.has(parent) && !made) break;
    }
    for (const parent of parents.reverse()) await this.#syncDir(parent);
    if (this.#durableDirs.size + named.length > MAX_KNOWN_DIRS) this.#durableDirs.clear();
    for (const d of named) this.#durableDirs.add(d);
  }

  /** A new temp file; the temp directory removed behind our back (it was known) is made again once. */
  async #openTemp(tmp: string): Promise<FileHandle> {
    try {
      return await open(tmp, 'wx', 0o640);
    } catch (err) {
      if (errno(err) !== 'ENOENT' || !this.#durableDirs.delete(this.#tmpDir)) throw err;
      await this.#makeDir(this.#tmpDir);
      return open(tmp, 'wx', 0o640);
    }
  }

  /** rename into the fan-out; a directory removed behind our back (it was known) is made again once. */
  async #rename(from: string, to: string): Promise<void> {
    try {
      await rename(from, to);
    } catch (err) {
      const dir = path.dirname(to);
      if (errno(err) !== 'ENOENT' || !this.#durableDirs.delete(dir)) throw err;
      await this.#makeDir(dir);
      await rename(from, to);
    }
  }

  /** True when `file` exists and already holds exactly these bytes (a repeated put). */
  async #holds(file: string, sha256: string, size: number): Promise<boolean> {
    try {
      if ((await stat(file)).size !== size) return false;
      await this.get(sha256);
      return true;
    } catch {
      return false;
    }
  }
}

async function* chunksOf(source: StoreSource): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) {
    yield source;
    return;
  }
  const stream = typeof source === 'string' ? createReadStream(source) : source;
  for await (const chunk of stream as AsyncIterable<Buffer | string | Uint8Array>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
  }
}

async function writeAll(fh: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** `inner` is strictly inside `outer`. */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function readError(err: unknown, sha256: string): LachanError {
  if (err instanceof LachanError) return err;
  if (errno(err) === 'ENOENT') return new LachanError('LC_STORE_NOT_FOUND', sha256, { cause: err });
  return new LachanError('LC_STORE_FAILED', `read ${sha256}: ${describe(err)}`, { cause: err });
}

function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(err: unknown): string {
  if (err instanceof Error) return errno(err) ? `${errno(err)} ${err.message}` : err.message;
  return String(err);
}
