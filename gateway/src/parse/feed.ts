import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import type { Prescan } from './prescan.js';
import type { ProblemList } from './problems.js';

const SLICE = 64 * 1024;

export interface Fed {
  size: number;
  sha256: string;
}

/**
 * Streams the raw message into the parser: every byte is hashed (unless the caller knows the digest) and prescanned; the parser gets
 * what the prescan lets through (it cuts the input when a limit makes the rest unsafe to walk).
 * Honours the parser's backpressure and stops feeding it once it failed (`failed()`), but still
 * reads the whole source so size and SHA-256 describe the message as received. A source that
 * fails to read is a 'truncated' problem, never a throw.
 */
export async function feedParser(
  source: Buffer | Readable,
  parser: Writable,
  prescan: Prescan,
  problems: ProblemList,
  failed: () => boolean,
  knownDigest?: string,
): Promise<Fed> {
  const hash = knownDigest === undefined ? createHash('sha256') : undefined;
  let size = 0;
  const write = async (chunk: Buffer) => {
    hash?.update(chunk);
    size += chunk.length;
    if (failed() || prescan.stopped) return;
    const pass = prescan.write(chunk);
    if (pass === 0 || failed()) return;
    if (!parser.write(pass === chunk.length ? chunk : chunk.subarray(0, pass))) await drained(parser, failed);
  };
  try {
    if (Buffer.isBuffer(source)) {
      for (let i = 0; i < source.length; i += SLICE) await write(source.subarray(i, i + SLICE));
    } else {
      for await (const chunk of source) await write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    }
  } catch (err) {
    problems.add('truncated', `reading the message failed: ${(err as Error).message}`);
  }
  prescan.end();
  if (!failed()) parser.end();
  return { size, sha256: hash ? hash.digest('hex') : (knownDigest as string) };
}

/** A parser that does not drain for this long is stuck: it is destroyed (an 'error', so a problem). */
const DRAIN_STALL_MS = 20_000;

function drained(parser: Writable, failed: () => boolean): Promise<void> {
  if (failed()) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => parser.destroy(new Error(`parser did not drain for ${DRAIN_STALL_MS} ms`)), DRAIN_STALL_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      parser.off('drain', done);
      parser.off('error', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('error', done);
    parser.on('close', done);
  });
}
