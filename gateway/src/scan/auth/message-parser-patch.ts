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
 * - and `parseHeaders` (mailauth/lib/tools.js), which it calls on the header block, is quadratic
 *   twice over: it joins a field's folded lines by copying the growing list of lines below into the
 *   line above and removing each one with `splice`, and it trims the block's end with
 *   /[\r\n]+$/, which V8 retries from every CR or LF of a long run of them that is not at the end.
 *   A fuzzed message with a 120 KB header block of 30,000 folded lines took 1.7 s in it alone, one
 *   with 50,000 CRs in a header line 0.9 s (and four times that for twice as many); our
 *   `parseHeaders` below gives the same rows in one pass, and `finish` (the library's, but for it)
 *   uses it for a message that is all header.
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
    finish(this: ParserState): Promise<void>;
  };
}

const { MessageParser } = require('mailauth/lib/dkim/message-parser') as { MessageParser: MessageParserClass };
const { parseHeaders: libraryParseHeaders } = require('mailauth/lib/tools') as { parseHeaders: (buf: Buffer) => unknown };

interface HeaderRow {
  key: string | null;
  casedKey: string | undefined;
  line: Buffer;
}

/**
 * mailauth's parseHeaders (tools.js), in linear time: the block without its trailing CRs and LFs,
 * split at each LF (and a CR before it), a line that starts with white space (not the first)
 * joined to the field above with CRLF, each field's name read before its first colon.
 */
export function parseHeaders(buf: Buffer): { parsed: HeaderRow[]; original: Buffer } {
  const text = buf.toString('binary');
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === CR || text.charCodeAt(end - 1) === LF)) end--;
  const groups: string[][] = [];
  const lines = text.slice(0, end).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i > 0 && /^\s/.test(line)) groups[groups.length - 1]!.push(line);
    else groups.push([line]);
  }
  const parsed = groups.map((group): HeaderRow => {
    const row = group.join('\r\n');
    const name = /^[^:]+/.exec(row);
    const casedKey = name ? name[0].trim() : undefined;
    return { key: casedKey !== undefined ? casedKey.toLowerCase() : null, casedKey, line: Buffer.from(row, 'binary') };
  });
  return { parsed, original: buf };
}

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

/** The library's finish(), with the header block of a message that is all header read by our parseHeaders. */
export async function finish(this: ParserState & { finalChunk(): Promise<void> }): Promise<void> {
  await this.finalChunk();
  if (!this.headers && this.headerChunks.length) {
    this.headers = parseHeaders(Buffer.concat(this.headerChunks));
    await this.messageHeaders(this.headers);
  }
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
  finish: MessageParser.prototype.finish,
  parseHeaders: libraryParseHeaders,
};

export { MessageParser };

let installed = false;

export function installMessageParserPatch(): void {
  if (installed) return;
  installed = true;
  MessageParser.prototype.processChunk = processChunk;
  MessageParser.prototype.ensureLinebreaks = ensureLinebreaks;
  MessageParser.prototype.finish = finish as MessageParserClass['prototype']['finish'];
}
