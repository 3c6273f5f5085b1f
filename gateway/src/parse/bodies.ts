import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { MimeNode } from '@zone-eu/mailsplit';
import libmime from './libmime.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { FlowedDecoder } from './flowed.js';
import { MimeSplitter } from './mime-tree.js';
import { PartText, TextKeep } from './text-decode.js';

/**
 * The message body and its attachments in one mailsplit pass: what parseLevel needs, and nothing
 * it does not (no header objects, addresses, text-to-HTML or HTML-to-text). It replaced
 * mailparser's MailParser and follows its rules, so that the scanners see the same text:
 *
 * - a part is body text when its type is text/plain, text/html or message/delivery-status and it
 *   is inline (no Content-Disposition, or "inline"); any other disposition counts as "attachment";
 *   every other leaf is an attachment, in the order the parts come;
 * - on purpose unlike mailparser, a body text part that gives a file name (Content-Type name= or
 *   Content-Disposition filename=) is an attachment as well, as mail clients list it (see #onNode);
 * - the text is every body text part of type text/plain or message/delivery-status, joined with
 *   "\n"; the HTML is every text/html part, joined with "<br/>\n". A text part outside
 *   multipart/alternative adds an empty piece to the HTML when the message has HTML, and an HTML
 *   part outside it (or an HTML-only message) an empty piece to the text — mailparser's place
 *   holders for the conversions it was told to skip, kept so the joins come out the same;
 * - transfer decoding is mailsplit's (MimeNode.getDecoder), then format=flowed (delsp) for
 *   text/plain, then the charset through libmime (unknown and refused charsets, UTF-7 among them,
 *   read as UTF-8), line ends made "\n";
 * - the type of an attachment is its Content-Type as written (encoded words decoded), else
 *   mailsplit's default (from the file name's extension, "attachment" → application/octet-stream,
 *   else text/plain); application/octet-stream with a file name takes the name's type.
 *
 * Bytes reach mailsplit in the same slices as mailparser gave it (CHUNK), so the split is the same.
 *
 * Where it parts from mailparser on purpose: memory. mailparser kept every body text part whole
 * before decoding it (a 30 MB text part raised the peak RSS by ~90 MB: chunks, their concatenation,
 * the string and its line-end copy; scripts/pathological-measure.ts), and parseLevel then kept only limits.maxTextBytes of it. Here each kind of body
 * text (plain, HTML) keeps at most TEXT_KEEP_FACTOR × maxTextBytes transfer-decoded bytes across its
 * parts; the rest is read and dropped, and BodyText.cut says so (parseLevel reports 'text-too-long').
 * Below that size nothing changes; above it the text can differ from mailparser's in its tail, which
 * parseLevel cuts anyway (src/parse/pathological.test.ts, bodies.test.ts). The charset decoding
 * streams as well (text-decode.ts): no part is held whole before it, and once the decoded text of a
 * kind is past maxTextBytes the rest is dropped (8 MB of UTF-16 or ISO-2022-JP junk raised the heap
 * by ~55 / ~125 MB when the whole part went to the decoder; text-decode.test.ts).
 */

/** What the parser hands parseLevel for each attachment; `content` is its decoded bytes. */
export interface PartStream {
  type: 'attachment';
  content: Readable;
  /** The part's Content-Type value as written, encoded words decoded; '' when it has none. */
  declaredType: string;
  /** mailsplit's type for the part (its default when Content-Type is missing); '' when unreadable. */
  contentType: string;
  /** Content-Type charset parameter, when given. */
  charset?: string;
  /** Content-Disposition value as mailsplit reads it ('' when none). */
  disposition: string;
  filename: string;
  /** mailsplit's part number (see attachments.ts PendingAttachment), '' for the root. */
  partPath: string;
  /** Called once the content was read (kept for parsers that wait for it). */
  release?: (() => void) | null;
}

/** The body text, sent last. */
export interface BodyText {
  type: 'text';
  text?: string;
  html?: string;
  /** Body text beyond the kept bytes (TEXT_KEEP_FACTOR × maxTextBytes per kind) was dropped unread. */
  cut?: boolean;
}

export type ParserOutput = PartStream | BodyText;

/** A parser for parseLevel: bytes in, PartStream objects and then one BodyText out. */
export type BodyParserFactory = () => Transform;

/** Bytes gathered before mailsplit gets them (mailparser's ChunkedPassthrough did the same). */
const CHUNK = 64 * 1024;
const TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);
/**
 * Transfer-decoded bytes of body text kept per kind, as a multiple of maxTextBytes: decoding can
 * shrink text (UTF-16 halves ASCII, flowed quote markers and CRs go), so some room is left for
 * the maxTextBytes that parseLevel keeps of the decoded text.
 */
export const TEXT_KEEP_FACTOR = 2;

/** What is left of the bytes one kind of body text may keep (BodyExtractor). */
interface TextBudget {
  left: number;
  cut: boolean;
  /** The decoded text of this kind, counted against maxTextBytes (text-decode.ts). */
  text: TextKeep;
}

interface TextPart {
  type: string;
  /** Inside a multipart/alternative. */
  alternative: boolean;
  root: boolean;
  text: string;
}

interface Decoding {
  stream: Transform;
  ended: boolean;
}

export class BodyExtractor extends Transform {
  readonly #splitter = new MimeSplitter();
  #held: Buffer[] = [];
  #heldBytes = 0;
  #current: Decoding | undefined;
  #texts: Array<Promise<TextPart>> = [];
  #hasText = false;
  #hasHtml = false;
  #splitEnded: Promise<void>;
  #failed = false;
  readonly #budgets: { text: TextBudget; html: TextBudget };

  constructor(opts: { maxTextBytes?: number } = {}) {
    super({ readableObjectMode: true, writableObjectMode: false });
    const max = opts.maxTextBytes ?? DEFAULT_LIMITS.maxTextBytes;
    const keep = TEXT_KEEP_FACTOR * max;
    this.#budgets = { text: { left: keep, cut: false, text: new TextKeep(max) }, html: { left: keep, cut: false, text: new TextKeep(max) } };
    const splitter = this.#splitter as unknown as Transform;
    this.#splitEnded = new Promise((resolve) => splitter.once('end', () => resolve()));
    splitter.on('data', (data: SplitChunk) => {
      if (this.#failed) return;
      try {
        this.#onChunk(data);
      } catch (err) {
        this.#fail(err as Error);
      }
    });
    splitter.on('error', (err: Error) => this.#fail(err));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.length === 0) return callback();
    this.#held.push(chunk);
    this.#heldBytes += chunk.length;
    if (this.#heldBytes < CHUNK) return callback();
    this.#toSplitter(callback);
  }

  override _flush(callback: TransformCallback): void {
    const finish = () => {
      this.#splitter.end();
      void this.#finish().then(
        (body) => {
          if (this.#failed) return;
          this.push(body);
          callback();
        },
        (err: Error) => this.#fail(err),
      );
    };
    if (this.#heldBytes > 0) this.#toSplitter(finish);
    else finish();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#failed = true;
    (this.#splitter as unknown as Transform).destroy();
    callback(err);
  }

  #toSplitter(callback: () => void): void {
    const bytes = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held, this.#heldBytes);
    this.#held = [];
    this.#heldBytes = 0;
    if (this.#splitter.write(bytes)) callback();
    else (this.#splitter as unknown as Transform).once('drain', () => callback());
  }

  #fail(err: Error): void {
    if (!this.#failed) this.destroy(err);
  }

  #onChunk(data: SplitChunk): void {
    if (data.type === 'node') return this.#onNode(data);
    const current = this.#current;
    if (!current || current.ended) return;
    if (data.type === 'data') {
      // a delimiter (or multipart content) ends the leaf before it
      current.ended = true;
      current.stream.end();
      return;
    }
    if (!current.stream.write(data.value)) {
      const splitter = this.#splitter as unknown as Transform;
      splitter.pause();
      current.stream.once('drain', () => splitter.resume());
    }
  }

  #onNode(node: MimeNode): void {
    let type = node.contentType || '';
    if (!type && node.root) type = 'text/plain';
    if (/^multipart\//i.test(type)) {
      this.#current = undefined;
      return;
    }
    let disposition = node.disposition || '';
    if (disposition && disposition !== 'attachment' && disposition !== 'inline') disposition = 'attachment';
    const textType = TEXT_TYPES.has(type);
    const inline = textType && (disposition || 'inline') === 'inline';
    const stream = node.getDecoder();
    this.#current = { stream, ended: false };
    if (!inline) {
      this.push(attachmentOf(node, type, stream));
      return;
    }
    if (type === 'text/html') this.#hasHtml = true;
    else this.#hasText = true;
    let source: Transform = stream;
    if (node.filename) {
      // an inline text part with a file name: Outlook lists it as an attachment, Thunderbird shows it
      // and lists it; saved, it is whatever its name says (a .exe sent as text/plain). It is read as
      // body text, as mailparser reads it, and handed on as an attachment as well.
      const asFile = new PassThrough();
      source = new PassThrough();
      stream.pipe(asFile);
      stream.pipe(source);
      this.push(attachmentOf(node, type, asFile));
    }
    const text = readText(node, type, source, type === 'text/html' ? this.#budgets.html : this.#budgets.text);
    // a failure is reported once, by #finish; until then the rejection is not unhandled
    text.catch(() => undefined);
    this.#texts.push(text);
  }

  async #finish(): Promise<BodyText> {
    await this.#splitEnded;
    const current = this.#current;
    if (current && !current.ended) {
      current.ended = true;
      current.stream.end();
    }
    const parts = await Promise.all(this.#texts);
    const text: string[] = [];
    const html: string[] = [];
    for (const part of parts) {
      if (!part.text) continue;
      if (part.type === 'text/html') {
        if ((!part.alternative && this.#hasText) || (part.root && !this.#hasText)) text.push('');
        html.push(part.text);
      } else {
        text.push(part.text);
        if (!part.alternative && this.#hasHtml) html.push('');
      }
    }
    const body: BodyText = { type: 'text' };
    if (html.length > 0) body.html = html.join('<br/>\n');
    if (text.length > 0) body.text = text.join('\n');
    if (this.#budgets.text.cut || this.#budgets.html.cut) body.cut = true;
    return body;
  }
}

type SplitChunk = MimeNode | { type: 'body' | 'data'; node: MimeNode; value: Buffer };

function attachmentOf(node: MimeNode, type: string, content: Transform): PartStream {
  let contentType = type;
  if (contentType === 'application/octet-stream' && node.filename) {
    contentType = libmime.detectMimeType(node.filename) || 'application/octet-stream';
  }
  const declared = declaredContentType(node);
  return {
    type: 'attachment',
    content,
    declaredType: declared?.value ?? '',
    contentType,
    ...(declared?.charset ? { charset: declared.charset } : {}),
    disposition: node.disposition || '',
    filename: node.filename || '',
    partPath: node._parentBoundary && node.partNr ? node.partNr.filter((nr) => typeof nr === 'number').join('.') : '',
  };
}

/** The first Content-Type field read as a whole value: unfolded, UTF-8, comments dropped, encoded words decoded. */
function declaredContentType(node: MimeNode): { value: string; charset?: string } | undefined {
  const line = node.headers ? node.headers.getList().find((l) => l.key === 'content-type') : undefined;
  if (!line) return undefined;
  const raw = String(libmime.decodeHeader(line.line)?.value ?? '').trim();
  const parsed = libmime.parseHeaderValue(Buffer.from(raw, 'latin1').toString(), { stripComments: true });
  let value = parsed.value || '';
  if (value) value = decodeWords(value);
  let charset = parsed.params.charset;
  // a parameter in RFC 2231 form is decoded already (decodedParams), once is enough
  if (typeof charset === 'string' && !(parsed.decodedParams ?? []).includes('charset')) charset = decodeWords(charset);
  return { value, ...(typeof charset === 'string' ? { charset } : {}) };
}

function decodeWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/**
 * Collects a body text part as it decodes, as far as the budgets of its kind go (the rest is read
 * and dropped, so the split goes on); resolves once the part ended. The charset decoding streams
 * too (text-decode.ts), after format=flowed is unfolded as it comes (flowed.ts: the same text as
 * libmime.decodeFlowed on the whole part, which held up to TEXT_KEEP_FACTOR × maxTextBytes).
 */
async function readText(node: MimeNode, type: string, stream: Transform, budget: TextBudget): Promise<TextPart> {
  let alternative = false;
  for (let up = node.parentNode; up && !alternative; up = up.parentNode) alternative = up.contentType === 'multipart/alternative';
  const text = new PartText(node.charset || 'utf-8', budget.text);
  const flowed = node.flowed ? new FlowedDecoder(node.delSp) : undefined;
  for await (const data of stream) {
    let chunk = data as Buffer;
    if (text.full) {
      // the text of this kind is past what parseLevel keeps: nothing more of it is needed
      budget.cut = true;
      budget.left = 0;
      continue;
    }
    if (chunk.length > budget.left) {
      budget.cut = true;
      if (budget.left <= 0) continue;
      // a copy: the slice alone would keep the whole chunk alive
      chunk = Buffer.from(chunk.subarray(0, budget.left));
    }
    budget.left -= chunk.length;
    if (!flowed) await text.write(chunk);
    else for (const unfolded of flowed.write(chunk)) await text.write(unfolded);
  }
  if (flowed) for (const unfolded of flowed.end()) await text.write(unfolded);
  return { type, alternative, root: node.root, text: await text.end() };
}
