import { PassThrough, type Readable, type Transform } from 'node:stream';
import iconv from 'iconv-lite';
import libmime from './libmime.js';
import { finishAttachment } from './attachments.js';
import { Base64Check } from './base64-check.js';
import { contentLine, isInlineFile } from './calendar.js';
import { ContentCollector } from './content.js';
import type { ProblemList } from './problems.js';
import type { Attachment, Content } from './types.js';

/**
 * Files carried inside a calendar invitation (RFC 5545 3.8.1.1, inline binary ATTACH:
 * `ATTACH;FMTTYPE=application/pdf;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=a.pdf:JVBERi0...`, folded
 * over many lines). Outlook, Google and Apple Calendar show them as the event's attachments, so each
 * becomes an Attachment of its own ('a2.c1' = the first file of calendar part a2) that every
 * attachment check and clamd sees. The whole calendar part is read (not only the text window
 * readCalendar reads), as a stream: a file is decoded as it goes, and kept on disk past
 * MEMORY_CONTENT_LIMIT like any attachment.
 *
 * act/ cannot remove such a file from inside its invitation: Attachment.carriedBy marks it, and a
 * strip rule that matches it holds the message instead (policy/engine.ts, `unstrippable`).
 */

/** Files taken out of the calendar invitations of one message; past it, 'calendar-file-limit'. */
export const MAX_CALENDAR_FILES = 100;
/** Bytes of a property's name and parameters looked at before its value: a longer head is not read. */
const MAX_HEAD_BYTES = 16 * 1024;
/** File name parameters, in the order their value is taken (the others become otherNames). */
const NAME_PARAMS = ['X-FILENAME', 'FILENAME', 'X-ORACLE-FILENAME', 'X-APPLE-FILENAME', 'X-EVOLUTION-CALDAV-ATTACHMENT-NAME', 'X-MS-FILENAME'];
const LF = 0x0a;
const CR = 0x0d;

export interface CalendarFile {
  /** The first name its parameters give ('' for none), decoded from encoded words. */
  filename: string;
  /** The other, different names of the other name parameters. */
  otherNames: string[];
  /** FMTTYPE, lower case, without parameters; application/octet-stream when none. */
  contentType: string;
  collector: ContentCollector;
  /** What is wrong with its base64 ('' when nothing). */
  badBase64: string;
  /** Set when decoding stopped at the byte cap: the file was cut there. */
  cut?: boolean;
}

export interface CalendarFilesRead {
  files: CalendarFile[];
  /** Set when a limit left a file (or the rest of one) out: which. */
  stopped?: string;
  /** Set when the part's bytes could not be read to their end: why. */
  failed?: string;
}

function decodedName(value: string): string {
  const raw = value.trim();
  if (!raw.includes('=?')) return raw;
  try {
    return libmime.decodeWords(raw);
  } catch {
    return raw;
  }
}

const ALPHABET = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') ALPHABET[c.charCodeAt(0)] = 1;

/** One file being decoded: base64 in quartets as it arrives, into a ContentCollector. */
class OpenFile {
  readonly #out = new PassThrough();
  readonly #check = new Base64Check();
  #pending = '';
  #bytes = 0;
  readonly file: CalendarFile;

  /** `room`: decoded bytes the files of this part may still take, this one's not counted. */
  constructor(params: ReadonlyMap<string, string>, private readonly room: () => number) {
    const names = NAME_PARAMS.map((p) => decodedName(params.get(p) ?? '')).filter((n) => n !== '');
    const filename = names[0] ?? '';
    const type = (params.get('FMTTYPE') ?? '').split(';')[0]!.trim().toLowerCase();
    this.file = {
      filename,
      otherNames: [...new Set(names.filter((n) => n !== filename))],
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream',
      collector: new ContentCollector(this.#out),
      badBase64: '',
    };
  }

  get bytes(): number {
    return this.#bytes;
  }

  write(buf: Buffer, start: number, end: number): void {
    if (this.file.cut) return;
    this.#check.write(buf, start, end);
    const kept = Buffer.allocUnsafe(end - start);
    let n = 0;
    for (let i = start; i < end; i++) if (ALPHABET[buf[i]!]) kept[n++] = buf[i]!;
    this.#pending += kept.toString('latin1', 0, n);
    const whole = this.#pending.length - (this.#pending.length % 4);
    if (whole >= 4096) {
      this.#emit(this.#pending.slice(0, whole));
      this.#pending = this.#pending.slice(whole);
    }
  }

  /** Decodes quartet by quartet, so a '=' inside the data does not end it (readers differ there: the rest is kept). */
  #emit(quartets: string): void {
    let data: Buffer;
    if (!quartets.slice(0, -4).includes('=')) data = Buffer.from(quartets, 'base64');
    else {
      const pieces: Buffer[] = [];
      for (let i = 0; i < quartets.length; i += 4) pieces.push(Buffer.from(quartets.slice(i, i + 4), 'base64'));
      data = Buffer.concat(pieces);
    }
    const room = this.room() - this.#bytes;
    if (data.length > room) {
      data = data.subarray(0, Math.max(0, room));
      this.file.cut = true;
    }
    this.#bytes += data.length;
    if (data.length > 0) this.#out.write(data);
  }

  close(): void {
    if (!this.file.cut) {
      this.#emit(this.#pending);
      this.#pending = '';
      this.file.badBase64 = this.#check.end();
    }
    this.#out.end();
  }
}

/**
 * Reads the inline files of one calendar part's bytes, line by line as they stream (RFC 5545 3.1
 * folding; bare LF taken as well). Never throws for what the bytes hold: a broken head is skipped,
 * bad base64 is decoded as far as it goes and reported in the file's badBase64.
 */
class Extractor {
  readonly files: CalendarFile[] = [];
  stopped: string | undefined;
  #atLineStart = true;
  #mode: 'head' | 'skip' | 'value' = 'head';
  #head: Buffer[] = [];
  #headBytes = 0;
  #inQuote = false;
  #nameChecked = false;
  #open: OpenFile | undefined;
  #used = 0;

  constructor(
    private readonly maxFiles: number,
    private readonly maxBytes: number,
  ) {}

  write(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      if (this.#atLineStart) {
        this.#atLineStart = false;
        const c = buf[i]!;
        // a space or tab continues the line (the character itself is dropped); anything else starts a new one
        if (c === 0x20 || c === 0x09) i++;
        else this.#endLine();
        if (i >= buf.length) break;
      }
      const lf = buf.indexOf(LF, i);
      const end = lf < 0 ? buf.length : lf;
      this.#take(buf, i, end);
      if (lf < 0) break;
      this.#atLineStart = true;
      i = lf + 1;
    }
  }

  end(): void {
    this.#endLine();
  }

  #take(buf: Buffer, start: number, end: number): void {
    if (this.#mode === 'value') this.#open!.write(buf, start, end);
    else if (this.#mode === 'head') this.#readHead(buf, start, end);
  }

  /** The name and parameters, up to the first ':' outside quotes; then the value, when it is a file. */
  #readHead(buf: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c === 0x22) this.#inQuote = !this.#inQuote;
      else if (!this.#inQuote && (c === 0x3b || c === 0x3a) && !this.#nameChecked) {
        // the property's name is known: only ATTACH (maybe with a group prefix) is read further
        this.#nameChecked = true;
        const name = this.#headText(buf, start, i).trim().toUpperCase();
        if (!/(^|\.)ATTACH$/.test(name)) {
          this.#mode = 'skip';
          return;
        }
      }
      if (c === 0x3a && !this.#inQuote) {
        const head = this.#headText(buf, start, i);
        this.#startValue(head);
        if (this.#mode === 'value') this.#open!.write(buf, i + 1, end);
        return;
      }
    }
    this.#headBytes += end - start;
    if (this.#headBytes > MAX_HEAD_BYTES) this.#mode = 'skip';
    else this.#head.push(Buffer.from(buf.subarray(start, end)));
  }

  #headText(buf: Buffer, start: number, end: number): string {
    return Buffer.concat([...this.#head, buf.subarray(start, end)])
      .toString('latin1')
      .replace(/\r/g, '');
  }

  #startValue(head: string): void {
    this.#mode = 'skip';
    const line = contentLine(`${head}:`);
    if (!line || line.name !== 'ATTACH' || !isInlineFile(line.params)) return;
    // names and types are read as UTF-8 (iCalendar's charset); the head was taken byte for byte
    const params = new Map([...line.params].map(([k, v]) => [k, Buffer.from(v, 'latin1').toString('utf8')]));
    if (this.files.length >= this.maxFiles) {
      this.stopped ??= `more than ${this.maxFiles} files in calendar invitations`;
      return;
    }
    if (this.#used >= this.maxBytes) {
      this.stopped ??= `more than ${this.maxBytes} bytes of files in calendar invitations`;
      return;
    }
    this.#open = new OpenFile(params, () => this.maxBytes - this.#used);
    this.files.push(this.#open.file);
    this.#mode = 'value';
  }

  #endLine(): void {
    if (this.#open) {
      const open = this.#open;
      this.#open = undefined;
      open.close();
      this.#used += open.bytes;
      if (open.file.cut) this.stopped ??= `more than ${this.maxBytes} bytes of files in calendar invitations; ${open.file.filename || 'a file'} was cut there`;
    }
    this.#mode = 'head';
    this.#head = [];
    this.#headBytes = 0;
    this.#inQuote = false;
    this.#nameChecked = false;
  }
}

/** Charsets whose bytes are not ASCII's: the part is turned into UTF-8 before it is read. */
function wideCharset(charset: string | undefined, head: Buffer): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const name = charset ? libmime.normalizeCharset(charset.trim().replace(/^["']|["']$/g, '')) : '';
  return /^(utf-?16|utf-?32|ucs-?2)/i.test(name) && iconv.encodingExists(name) ? name : undefined;
}

/**
 * The inline files of a calendar part's bytes (`source`): at most `maxFiles`, and `maxBytes` decoded
 * bytes in all (a file is cut there and `stopped` says so). Resolves once every file is collected.
 */
export async function readCalendarFiles(
  source: Readable,
  opts: { maxFiles: number; maxBytes: number; charset?: string; head?: Buffer },
): Promise<CalendarFilesRead> {
  const extractor = new Extractor(opts.maxFiles, opts.maxBytes);
  const wide = wideCharset(opts.charset, opts.head ?? Buffer.alloc(0));
  let failed: string | undefined;
  try {
    let input: AsyncIterable<Buffer | string> = source;
    if (wide) {
      const decoder = iconv.decodeStream(wide) as unknown as Transform;
      // pipe() does not pass on an error: without this a failed read would leave the loop waiting
      source.once('error', (err) => decoder.destroy(err));
      input = source.pipe(decoder);
    }
    for await (const chunk of input) extractor.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  } catch (err) {
    failed = (err as Error)?.message ?? String(err);
  } finally {
    extractor.end();
    source.destroy();
  }
  await Promise.all(extractor.files.map((f) => f.collector.done));
  return { files: extractor.files, ...(extractor.stopped ? { stopped: extractor.stopped } : {}), ...(failed ? { failed } : {}) };
}

/**
 * The files carried inside `calendar` (a calendar part of the message), as attachments with ids
 * `<calendar id>.c1`, `.c2`, ... at the calendar part's place in the message (partPath, nestedPath)
 * and `carriedBy` its id. `already`: how many such files the message has so far (for the count
 * cap); `maxBytes`: decoded bytes this part may still give. Problems are added to `problems`:
 * bad base64 (malformed), a cap crossed or a read that failed (calendar-file-limit, unscannable).
 */
export async function calendarAttachments(
  calendar: Attachment,
  opts: { charset?: string; already: number; maxFiles?: number; maxBytes: number },
  problems: ProblemList,
): Promise<Attachment[]> {
  const content: Content = calendar.content;
  const read = await readCalendarFiles(content.stream(), {
    maxFiles: Math.max(0, (opts.maxFiles ?? MAX_CALENDAR_FILES) - opts.already),
    maxBytes: opts.maxBytes,
    charset: opts.charset,
    head: content.head,
  });
  // the calendar's own bytes could not be read back to their end: what it carries there was not looked at
  if (read.failed) problems.add('calendar-file-limit', `calendar ${calendar.id}: its files could not be read: ${read.failed}`);
  if (read.stopped) problems.add('calendar-file-limit', `calendar ${calendar.id}: ${read.stopped}; the rest was not taken out`);
  const out: Attachment[] = [];
  for (const [i, file] of read.files.entries()) {
    const id = `${calendar.id}.c${i + 1}`;
    const { content: bytes, failed } = await file.collector.done;
    if (failed) problems.add('calendar-file-limit', `calendar file ${id}: ${failed}`);
    if (file.badBase64) problems.add('bad-base64', `calendar file ${id}: ${file.badBase64}`);
    const pending = { filename: file.filename, contentType: file.contentType, disposition: 'attachment' as const, partPath: calendar.partPath ?? '', collector: file.collector };
    const where = { partPath: calendar.partPath ?? '', ...(calendar.nestedPath ? { nestedPath: calendar.nestedPath } : {}) };
    const attachment = await finishAttachment(pending, bytes, id, calendar.depth, where);
    if (file.otherNames.length > 0) attachment.otherNames = file.otherNames;
    attachment.carriedBy = calendar.id;
    out.push(attachment);
  }
  return out;
}
