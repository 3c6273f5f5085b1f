import { createRequire } from 'node:module';

/**
 * Two faster, equivalent methods for mailauth's DKIM MessageParser (the base of its DKIM verifier),
 * installed once per process by the auth scanner. Both of the library's versions look at every
 * byte of the message in JavaScript:
 *
 * - `processChunk`, while it looks for the end of the header block, pushes each byte into a small
 *   array and copies its last four entries into a new array for every byte: ~85 KB of garbage and
 *   a loop over every header byte per message (the largest allocation of a whole scan of the bench
 *   message, measured with V8's sampling heap profiler);
 * - `ensureLinebreaks`, which turns a bare LF into CRLF for the body hash, walks every byte of what
 *   it is given (the header block of unsigned mail, the whole message of signed mail).
 *
 * These versions visit only the LFs (Buffer.indexOf, native) and keep the same state (`stateBytes`:
 * the last four bytes seen in the header; `lastByte`: the last byte that was not an LF), so they
 * yield the same chunks, find the header end at the same byte and call the same hooks in the same
 * order; `message-parser-patch.test.ts` runs both on random inputs split at random.
 */

const require = createRequire(import.meta.url);

const LF = 0x0a;
const CR = 0x0d;
const CRLF = Buffer.from('\r\n');

interface ParserState {
  state: 'header' | 'body';
  stateBytes: number[];
  headerChunks: Buffer[];
  headers: unknown;
  lastByte?: number;
  messageHeaders(headers: unknown): Promise<void>;
  nextChunk(chunk: Buffer): Promise<void>;
}

interface MessageParserClass {
  prototype: ParserState & {
    processChunk(this: ParserState, chunk: Buffer): Promise<void>;
    ensureLinebreaks(this: ParserState, input: Buffer): Generator<Buffer>;
  };
}

const { MessageParser } = require('mailauth/lib/dkim/message-parser') as { MessageParser: MessageParserClass };
const { parseHeaders } = require('mailauth/lib/tools') as { parseHeaders: (buf: Buffer) => unknown };

/** The byte `back` places before `i` in the stream: from `chunk`, or from the bytes kept before it. */
function byteBefore(chunk: Buffer, kept: readonly number[], i: number, back: number): number | undefined {
  const j = i - back;
  if (j >= 0) return chunk[j];
  const k = kept.length + j;
  return k >= 0 ? kept[k] : undefined;
}

/** The last (up to) four bytes of `kept` followed by `chunk[0..end)`. */
function lastFour(kept: readonly number[], chunk: Buffer, end: number): number[] {
  const out: number[] = [];
  for (let j = Math.max(0, end - 4); j < end; j++) out.push(chunk[j]!);
  if (out.length < 4) return [...kept.slice(-(4 - out.length)), ...out];
  return out;
}

export async function processChunk(this: ParserState, input: Buffer): Promise<void> {
  let chunk = input;
  if (!chunk || !chunk.length) return;
  if (this.state === 'header') {
    const kept = this.stateBytes;
    // the header ends at an LF after an LF, or after CR LF
    let end = -1;
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) {
      const b1 = byteBefore(chunk, kept, i, 1);
      if (b1 === LF || (b1 === CR && byteBefore(chunk, kept, i, 2) === LF)) {
        end = i;
        break;
      }
    }
    if (end === -1) {
      this.stateBytes = lastFour(kept, chunk, chunk.length);
    } else {
      this.stateBytes = lastFour(kept, chunk, end + 1);
      this.state = 'body';
      if (end === chunk.length - 1) {
        this.headerChunks.push(chunk);
        this.headers = parseHeaders(Buffer.concat(this.headerChunks));
        await this.messageHeaders(this.headers);
        return;
      }
      this.headerChunks.push(chunk.slice(0, end + 1));
      this.headers = parseHeaders(Buffer.concat(this.headerChunks));
      await this.messageHeaders(this.headers);
      chunk = chunk.slice(end + 1);
    }
  }
  if (this.state !== 'body') {
    this.headerChunks.push(chunk);
    return;
  }
  await this.nextChunk(chunk);
}

export function* ensureLinebreaks(this: ParserState, input: Buffer): Generator<Buffer> {
  let pos = 0;
  const len = input.length;
  // the last byte before the current LF that was not an LF (the library never sets lastByte to an LF)
  let last = this.lastByte;
  let previousLf = -1;
  for (let i = input.indexOf(LF); i !== -1; i = input.indexOf(LF, i + 1)) {
    if (i > previousLf + 1) last = input[i - 1];
    previousLf = i;
    if (last === CR) continue;
    yield i === 0 || pos === i ? Buffer.from(CRLF) : Buffer.concat([input.slice(pos, i), CRLF]);
    pos = i + 1;
  }
  if (len - 1 > previousLf) last = input[len - 1];
  if (last !== undefined) this.lastByte = last;
  if (pos === 0) yield input;
  else if (pos < len) yield input.slice(pos);
}

/** The library's own methods, kept for the equivalence test. */
export const original = {
  processChunk: MessageParser.prototype.processChunk,
  ensureLinebreaks: MessageParser.prototype.ensureLinebreaks,
};

export { MessageParser };

let installed = false;

export function installMessageParserPatch(): void {
  if (installed) return;
  installed = true;
  MessageParser.prototype.processChunk = processChunk;
  MessageParser.prototype.ensureLinebreaks = ensureLinebreaks;
}
