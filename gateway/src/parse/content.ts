import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { newId } from '../ids.js';
import type { Content } from './types.js';

/**
 * Attachments up to this size stay in memory; larger ones go to a temporary file as they stream
 * out of the parser, so memory stays bounded whatever the attachments (20 concurrent 25 MB
 * messages must fit in 200 MB). Scanners read them back only when a check needs the bytes.
 */
export const MEMORY_CONTENT_LIMIT = 1024 * 1024;

/** Where large attachment contents are kept while a message is scanned (LACHAN_CONTENT_DIR). */
export function contentDir(): string {
  return process.env.LACHAN_CONTENT_DIR || path.join(os.tmpdir(), 'lachan-content');
}

/** How many leading bytes `Content.head` keeps: what file-type needs for magic-byte sniffing. */
export const HEAD_BYTES = 4100;

/**
 * Content held in memory. The interface (types.ts `Content`) hides where the bytes live, so a
 * file-backed version for large attachments can replace this one without touching scanners.
 */
class BufferContent implements Content {
  readonly size: number;
  readonly sha256: string;
  readonly head: Buffer;
  readonly #bytes: Buffer;

  constructor(bytes: Buffer, sha256?: string) {
    this.#bytes = bytes;
    this.size = bytes.length;
    this.sha256 = sha256 ?? createHash('sha256').update(bytes).digest('hex');
    this.head = bytes.subarray(0, HEAD_BYTES);
  }

  buffer(): Promise<Buffer> {
    return Promise.resolve(this.#bytes);
  }

  stream(): Readable {
    return Readable.from([this.#bytes], { objectMode: false });
  }
}

/** Content in a temporary file: read back on demand, removed by release(). */
class FileContent implements Content {
  #released = false;
  constructor(
    readonly path: string,
    readonly size: number,
    readonly sha256: string,
    readonly head: Buffer,
  ) {}

  buffer(): Promise<Buffer> {
    return readFile(this.path);
  }

  async readAt(position: number, into: Buffer): Promise<number> {
    const file = await open(this.path, 'r');
    try {
      let done = 0;
      while (done < into.length) {
        const { bytesRead } = await file.read(into, done, into.length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done;
    } finally {
      await file.close();
    }
  }

  stream(): Readable {
    // 64 KiB reads (Node's default): with 256 KiB, 20 × 25 MB at once peaked ~110 MiB higher (bench)
    return createReadStream(this.path, { highWaterMark: 64 * 1024 });
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await unlink(this.path).catch(() => undefined);
  }
}

/** Wraps bytes already in memory; pass `sha256` when it was computed while the bytes streamed in. */
export function contentFromBuffer(buf: Buffer, sha256?: string): Content {
  return new BufferContent(buf, sha256);
}

/**
 * Collects a stream into Content, hashing while it streams. `done` never rejects: a stream error
 * ends the content where it stopped. `settle()` ends the collection with what arrived so far, for
 * when the parser failed and the stream will never end.
 */
export class ContentCollector {
  readonly done: Promise<{ content: Content; complete: boolean; failed?: string }>;
  #resolve!: (value: { content: Content; complete: boolean; failed?: string }) => void;
  #settled = false;
  readonly #hash = createHash('sha256');
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #head: Buffer | undefined;
  #fd: number | undefined;
  #path: string | undefined;
  #failed: string | undefined;

  constructor(stream: Readable) {
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    stream.on('data', (chunk: Buffer | string) => {
      if (this.#settled) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (this.#failed) return;
      this.#hash.update(buf);
      this.#size += buf.length;
      if (this.#fd === undefined && this.#size <= MEMORY_CONTENT_LIMIT) {
        this.#chunks.push(buf);
        return;
      }
      this.#spill(buf);
    });
    stream.once('end', () => this.#finish(true));
    stream.once('error', () => this.#finish(false));
  }

  settle(): void {
    this.#finish(false);
  }

  /** Writes to the temporary file (opened at the first chunk past the memory limit). */
  #spill(buf: Buffer): void {
    try {
      if (this.#fd === undefined) {
        const dir = contentDir();
        mkdirSync(dir, { recursive: true });
        this.#path = path.join(dir, `${newId()}.part`);
        this.#fd = openSync(this.#path, 'wx', 0o600);
        // chunk by chunk: concatenating the first MiB would copy it once more per large attachment
        const held = [...this.#chunks, buf];
        this.#chunks.length = 0;
        this.#head = Buffer.from(Buffer.concat(held, Math.min(HEAD_BYTES, this.#size)).subarray(0, HEAD_BYTES));
        for (const c of held) writeSync(this.#fd, c);
        return;
      }
      writeSync(this.#fd, buf);
    } catch (err) {
      // Fail closed: the parser reports the attachment as unscannable, never as clean.
      this.#failed = `could not keep attachment on disk: ${(err as Error).message}`;
      this.#closeFile(true);
    }
  }

  #closeFile(remove: boolean): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    if (remove && this.#path) {
      try {
        unlinkSync(this.#path);
      } catch {
        /* already gone */
      }
    }
  }

  #finish(complete: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    const sha256 = this.#hash.digest('hex');
    if (this.#failed) {
      this.#resolve({ content: contentFromBuffer(Buffer.alloc(0)), complete: false, failed: this.#failed });
      return;
    }
    if (this.#path) {
      this.#closeFile(false);
      this.#resolve({ content: new FileContent(this.#path, this.#size, sha256, this.#head ?? Buffer.alloc(0)), complete });
      return;
    }
    const bytes = Buffer.concat(this.#chunks, this.#size);
    this.#resolve({ content: contentFromBuffer(bytes, sha256), complete });
  }
}
