import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Content } from './types.js';

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
  readonly done: Promise<{ content: Content; complete: boolean }>;
  #resolve!: (value: { content: Content; complete: boolean }) => void;
  #settled = false;
  readonly #hash = createHash('sha256');
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(stream: Readable) {
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    stream.on('data', (chunk: Buffer | string) => {
      if (this.#settled) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.#hash.update(buf);
      this.#chunks.push(buf);
      this.#size += buf.length;
    });
    stream.once('end', () => this.#finish(true));
    stream.once('error', () => this.#finish(false));
  }

  settle(): void {
    this.#finish(false);
  }

  #finish(complete: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    const bytes = Buffer.concat(this.#chunks, this.#size);
    this.#resolve({ content: contentFromBuffer(bytes, this.#hash.digest('hex')), complete });
  }
}
