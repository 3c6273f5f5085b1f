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
 * what the prescan lets through (it cuts the input when a limit makes the rest unsafe to walk), with the
 * header lines it inserts (Prescan.takeInsertions: digest members without Content-Type).
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
  /** Also given every byte as received, before the prescan may cut (parse/smtp-smuggling.ts). */
  watch?: { write(chunk: Buffer): void },
): Promise<Fed> {
  const hash = knownDigest === undefined ? createHash('sha256') : undefined;
  let size = 0;
  /**
   * The end of a chunk that waits for the next one: a CR (no line break is split), or an unfinished
   * line that may be a delimiter (up to HELD_LINE bytes), so that every delimiter line reaches the
   * prescan in one chunk and the header line it inserts before one goes before the whole line.
   */
  let held: Buffer | undefined;
  const toParser = async (bytes: Buffer) => {
    if (bytes.length === 0 || failed()) return;
    if (!parser.write(bytes)) await drained(parser, failed);
  };
  const feed = async (chunk: Buffer) => {
    if (failed() || prescan.stopped) return;
    const pass = prescan.write(chunk);
    const insertions = prescan.takeInsertions();
    if (pass === 0 || failed()) return;
    let from = 0;
    for (const { at, bytes } of insertions) {
      if (at > pass) break;
      await toParser(chunk.subarray(from, at));
      await toParser(bytes);
      from = at;
    }
    await toParser(from === 0 && pass === chunk.length ? chunk : chunk.subarray(from, pass));
  };
  const write = async (chunk: Buffer) => {
    hash?.update(chunk);
    watch?.write(chunk);
    size += chunk.length;
    if (held) {
      chunk = Buffer.concat([held, chunk]);
      held = undefined;
    }
    const keep = heldTail(chunk);
    if (keep > 0) {
      held = Buffer.from(chunk.subarray(chunk.length - keep));
      chunk = chunk.subarray(0, chunk.length - keep);
    }
    if (chunk.length > 0) await feed(chunk);
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
  if (held) await feed(held);
  prescan.end();
  if (!failed()) parser.end();
  return { size, sha256: hash ? hash.digest('hex') : (knownDigest as string) };
}

/** Longest unfinished line held for the next chunk: past the longest line the prescan reads as a delimiter (BODY_LINE_KEEP). */
const HELD_LINE = 4096;

/** How many bytes at the end of a chunk wait for the next one (see `held` in feedParser). */
function heldTail(chunk: Buffer): number {
  const start = chunk.lastIndexOf(0x0a) + 1;
  const tail = chunk.length - start;
  if (tail > 0 && tail <= HELD_LINE && mayStartDelimiter(chunk.subarray(start))) return tail;
  return chunk[chunk.length - 1] === 0x0d ? 1 : 0;
}

/** Whether an unfinished line may still become a delimiter line: "--" after an optional lone CR, or the start of that. */
function mayStartDelimiter(line: Buffer): boolean {
  const start = line[0] === 0x0d ? 1 : 0;
  for (let i = start; i < Math.min(line.length, start + 2); i++) if (line[i] !== 0x2d) return false;
  return true;
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
