import { once } from 'node:events';
import { PassThrough, pipeline, Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { SplitterChunk } from '@zone-eu/mailsplit';
import { LachanError } from '../errors.js';
import { delimiterKind, MimeSplitter } from '../parse/mime-tree.js';
import { bannerContent, type BannerContent } from './banner.js';
import { forwardEncoding, MAX_ENCODED_FORWARD_BYTES, oneLevelDown, rewriteForward, type ForwardEncoding } from './encoded-forward.js';
import { hasOurBanner } from './banner-present.js';
import { buildHeaderBlock, parseHeaderBlock, setCharsetParam, setField, type HeaderBlock } from './headers.js';
import { bannerHtmlPart } from './html-part.js';
import { replaceHeaders, replacementBody } from './strip.js';
import { bannerTextPart, type PartEdit } from './text-part.js';
import type { ActPlan, StripTarget } from './types.js';
import { applyVerdictHeaders } from './verdict-headers.js';

type MimeNode = Extract<SplitterChunk, { type: 'node' }>;

/**
 * A body part bigger than this (raw bytes) is passed through without a banner rather than held in
 * memory; the X-Lachan-Verdict header still says warning=yes (and when no other part shows the
 * banner, the subject gets the warning tag: see previewActions in preview.ts).
 */
export const MAX_BANNER_PART_BYTES = 8 * 1024 * 1024;

/**
 * The part number of a node, as mailsplit (and mailparser's `partId`, and IMAP) number parts:
 * the top-level message is '' (mailsplit: ['TEXT']); the children of a multipart are numbered from
 * 1 below their parent ('1', '2', '2.1', '2.2'). A message/rfc822 part is a leaf (SPLIT_OPTIONS:
 * ignoreEmbedded, as in parse/); the 'TEXT' entries mailsplit still gives the children of one that
 * declares a boundary are dropped here, as mailparser drops them.
 */
export function partPath(node: MimeNode): string {
  return (node.partNr || []).filter((n) => typeof n === 'number').join('.');
}

function isWithin(node: MimeNode, ancestor: MimeNode): boolean {
  for (let n: MimeNode | false = node; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

function insideEmbeddedMessage(node: MimeNode): boolean {
  for (let n = node.parentNode; n; n = n.parentNode) if (n.contentType === 'message/rfc822') return true;
  return false;
}

/**
 * A multipart/digest member without Content-Type: message/rfc822 (RFC 2046 5.1.5), which mailsplit
 * reads as text/plain. parse/ reads it as a forwarded message (the prescan labels it for the
 * parser), and so does act/: it gets no banner (that would land in the member's header) and a part
 * to strip inside it is found by opening it.
 */
function isDigestMember(node: MimeNode): boolean {
  const parent = node.parentNode;
  if (!parent || parent.contentType !== 'multipart/digest' || !node.headers) return false;
  return node.headers.get('Content-Type').length === 0;
}

/** The type of a part as parse/ reads it: the one a digest member stands for, message/global as message/rfc822. */
function messageType(node: MimeNode): string | false {
  if (node.contentType === 'message/global' || isDigestMember(node)) return 'message/rfc822';
  return node.contentType;
}

/** A text body part as mailparser sees it: text/plain or text/html, not an attachment, not in a nested message. */
function bodyTextKind(node: MimeNode): 'plain' | 'html' | undefined {
  if (insideEmbeddedMessage(node) || isDigestMember(node)) return undefined;
  if (node.disposition && node.disposition !== 'inline') return undefined;
  const type = node.contentType || 'text/plain';
  if (type === 'text/plain') return 'plain';
  if (type === 'text/html') return 'html';
  return undefined;
}

/**
 * Whether the node's header block ends in the empty line that starts a body. A part whose block
 * runs into a delimiter line (parse/mime-tree.ts MimeSplitter) or into the end of the input has no
 * body: a banner written after it would be read as more header lines, so such a part gets none
 * (onNode asks this of MIME parts only: the top-level block is act/'s own to write).
 */
function hasBody(node: MimeNode): boolean {
  const head = node.getHeaders();
  const n = head.length;
  if (n === 0 || head[n - 1] !== 0x0a) return false;
  if (n === 1 || head[n - 2] === 0x0a) return true;
  return head[n - 2] === 0x0d && (n === 2 || head[n - 3] === 0x0a);
}

/** Whether a line is a delimiter of `boundary`, by the splitter's own rule (delimiterKind). */
function isDelimiter(line: Buffer, boundary: Buffer | false): boolean {
  return !!boundary && delimiterKind(line, boundary) !== 0;
}

/**
 * mailsplit joins consecutive multipart lines into one 'data' chunk and files it under the node
 * that was current at its first line, so a chunk belonging to a removed subtree can also hold the
 * closing delimiter of a multipart outside it ("--inner--\r\n--outer--\r\n"). This follows the
 * delimiters through the chunk the way the splitter does and returns where the bytes outside the
 * subtree begin (at the line ending before that delimiter), or undefined when none are.
 */
export function exitOffset(value: Buffer, start: MimeNode, subtree: MimeNode): number | undefined {
  let current = start;
  let pos = 0;
  while (pos < value.length) {
    const lf = value.indexOf(0x0a, pos);
    const end = lf < 0 ? value.length : lf + 1;
    const line = value.subarray(pos, end);
    if (!isDelimiter(line, current._boundary)) {
      for (let owner = current._parentBoundaryOwner; owner; owner = owner._parentBoundaryOwner) {
        if (isDelimiter(line, owner._boundary)) {
          current = owner;
          break;
        }
      }
      if (!isWithin(current, subtree)) {
        if (pos >= 2 && value[pos - 2] === 0x0d && value[pos - 1] === 0x0a) return pos - 2;
        return pos >= 1 && value[pos - 1] === 0x0a ? pos - 1 : pos;
      }
    }
    pos = end;
  }
  return undefined;
}

interface PendingPart {
  node: MimeNode;
  block: HeaderBlock;
  kind: 'plain' | 'html';
  chunks: Buffer[];
  size: number;
  /** too big to hold: passing through unchanged */
  passthrough: boolean;
}

/**
 * The part found at a strip target's number must be the attachment the scanner judged: the file
 * name it declares (mailsplit's reading, the one mailparser reported) is checked where the target
 * gives it. A mismatch means the two walks numbered the parts differently: the rewrite fails and
 * the message is held, rather than another part removed and the judged one delivered.
 */
function checkPartFilename(node: MimeNode, path: string, targets: readonly StripTarget[]): void {
  const declared = node.filename || '';
  for (const target of targets) {
    if (target.partFilename === undefined || target.partFilename === declared) continue;
    throw new LachanError(
      'LC_SCAN_FAILED',
      `MIME part ${path || '(whole message)'} is not the attachment to strip: it names ${JSON.stringify(declared.slice(0, 80))}, not ${JSON.stringify(target.partFilename.slice(0, 80))}`,
    );
  }
}

/**
 * Whether act/ can open a forwarded message part and edit inside it as it streams: a message/rfc822
 * part whose body is the message as it stands (7bit, 8bit, binary, or an encoding mailsplit does
 * not decode, which mailparser then read raw too). A base64 or quoted-printable one was decoded
 * before parse/ read it; its part numbers hold for the decoded bytes: it is held, decoded and
 * encoded again instead (HeldForward, encoded-forward.ts).
 */
function canOpen(node: MimeNode): boolean {
  return messageType(node) === 'message/rfc822' && node.encoding !== 'base64' && node.encoding !== 'quoted-printable';
}

/**
 * A base64 or quoted-printable forwarded message with parts to strip inside it: its body is held
 * (up to MAX_ENCODED_FORWARD_BYTES), then decoded, rewritten by an ActTransform of its own and
 * encoded again. Nothing of it is written before that is done, so whenever it cannot be (too big,
 * an encoding decoders could read differently, not the bytes that were scanned, a part not found
 * inside) the part is replaced whole by the notice, as before: the dangerous part is gone either way.
 */
interface HeldForward {
  node: MimeNode;
  path: string;
  encoding: ForwardEncoding;
  /** the header block to write when the rewrite inside succeeds (the original bytes, or ours at the top) */
  head: Buffer;
  /** the same block parsed, for the notice that replaces the part otherwise */
  block: HeaderBlock;
  /** the targets inside it, as given (nestedPath not yet taken down) */
  targets: StripTarget[];
  chunks: Buffer[];
  size: number;
}

/** A forwarded message being rewritten inside the message: its body goes through an ActTransform of its own. */
interface NestedRewrite {
  node: MimeNode;
  input: PassThrough;
  /** Settles when the nested rewrite has pushed all its output (rejects with its failure). */
  done: Promise<void>;
}

export function actError(err: unknown): LachanError {
  if (err instanceof LachanError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LachanError('LC_SCAN_FAILED', `could not rewrite the message for delivery: ${message}`, { cause: err });
}

/**
 * Object-mode transform between mailsplit's Splitter and Joiner. It edits the top-level headers,
 * holds each text body part to put the banner in it, replaces the parts to strip (and everything
 * inside them) with a notice, and passes every other byte on as it came.
 * If a part to strip is not found, the stream fails: a message is never delivered with an
 * attachment that should have been removed.
 */
export class ActTransform extends Transform {
  private readonly banner: BannerContent | undefined;
  private readonly targets: Map<string, StripTarget[]>;
  private readonly found = new Set<string>();
  private pending: PendingPart | undefined;
  private suppress: MimeNode | undefined;
  private nested: NestedRewrite | undefined;
  private held: HeldForward | undefined;

  /**
   * `inner`: this transform rewrites a forwarded message inside the message (strip only): its
   * header block keeps its bytes, and its text parts get no banner (the reader's message has it).
   */
  constructor(
    private readonly plan: ActPlan,
    private readonly inner = false,
  ) {
    super({ readableObjectMode: true, writableObjectMode: true });
    this.banner = plan.verdict.warning && !inner ? bannerContent(plan.verdict, plan.ref, plan.gatewayName, plan.bannerKey) : undefined;
    this.targets = new Map();
    for (const target of plan.strip) {
      const list = this.targets.get(target.partPath) ?? [];
      list.push(target);
      this.targets.set(target.partPath, list);
    }
  }

  override _transform(chunk: SplitterChunk, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.nested) {
      this.onNestedChunk(this.nested, chunk).then(() => callback(), (err: unknown) => callback(actError(err)));
      return;
    }
    if (this.held) {
      this.onHeldChunk(this.held, chunk).then(() => callback(), (err: unknown) => callback(actError(err)));
      return;
    }
    try {
      this.onChunk(chunk);
      callback();
    } catch (err) {
      callback(actError(err));
    }
  }

  override _flush(callback: TransformCallback): void {
    const nested = this.nested;
    const held = this.held;
    this.nested = undefined;
    this.held = undefined;
    const finishing = async (): Promise<void> => {
      if (nested) await nested.done;
      if (held) await this.finishHeld(held);
    };
    finishing().then(() => this.flushNow(callback), (err: unknown) => callback(actError(err)));
  }

  /** While an encoded forwarded message is held: its body is collected, the next chunk waits for its rewrite. */
  private async onHeldChunk(held: HeldForward, chunk: SplitterChunk): Promise<void> {
    if (chunk.type === 'body' && chunk.node === held.node) {
      held.chunks.push(chunk.value);
      held.size += chunk.value.length;
      if (held.size > MAX_ENCODED_FORWARD_BYTES) {
        // too big to hold: replaced whole, the rest of its body is dropped as it comes
        this.held = undefined;
        held.chunks = [];
        this.replaceWhole(held.node, held.block, held.path);
        this.plan.onWholeForward?.(held.path, `an encoded forwarded message over ${MAX_ENCODED_FORWARD_BYTES} bytes is not held in memory`);
      }
      return;
    }
    this.held = undefined;
    await this.finishHeld(held);
    this.onChunk(chunk);
  }

  /** Writes the held forwarded message rewritten inside, or the notice in its place when it cannot be. */
  private async finishHeld(held: HeldForward): Promise<void> {
    const raw = Buffer.concat(held.chunks, held.size);
    held.chunks = [];
    const rewritten = await this.rewriteEncoded(held, raw);
    if ('body' in rewritten) {
      this.out(held.head);
      this.out(rewritten.body);
    } else {
      this.replaceWhole(held.node, held.block, held.path);
      this.plan.onWholeForward?.(held.path, rewritten.reason);
    }
  }

  /** The encoded body rewritten inside, or why it cannot be (see HeldForward); never throws. */
  private rewriteEncoded(held: HeldForward, raw: Buffer): Promise<{ body: Buffer } | { reason: string }> {
    return rewriteForward(raw, held.encoding, held.targets, held.block.eol, async (message, strip) => {
      const chunks: Buffer[] = [];
      const act = new ActTransform({ ...this.plan, strip, subjectTag: undefined, onBanner: undefined }, true);
      const collect = new Writable({
        objectMode: true,
        write(bytes: Buffer, _encoding, callback) {
          chunks.push(bytes);
          callback();
        },
      });
      await pipelineAsync(Readable.from([message]), new MimeSplitter(), act, collect);
      return Buffer.concat(chunks);
    });
  }

  /** While a forwarded message is rewritten: its body goes to its own rewrite, the next chunk waits for that rewrite's end. */
  private async onNestedChunk(nested: NestedRewrite, chunk: SplitterChunk): Promise<void> {
    if (chunk.type === 'body' && chunk.node === nested.node) {
      if (!nested.input.write(chunk.value)) await Promise.race([once(nested.input, 'drain'), nested.done]);
      return;
    }
    this.nested = undefined;
    nested.input.end();
    await nested.done;
    this.onChunk(chunk);
  }

  private flushNow(callback: TransformCallback): void {
    try {
      this.finishPending();
      const missing = [...this.targets.keys()].filter((path) => !this.found.has(path));
      if (missing.length > 0) {
        callback(new LachanError('LC_SCAN_FAILED', `attachment to strip not found at MIME part ${missing.join(', ')}`));
        return;
      }
      callback();
    } catch (err) {
      callback(actError(err));
    }
  }

  private out(bytes: Buffer | undefined): void {
    if (bytes && bytes.length > 0) this.push(bytes);
  }

  private onChunk(chunk: SplitterChunk): void {
    const pending = this.pending;
    if (pending && chunk.type === 'body' && chunk.node === pending.node) {
      this.holdBody(pending, chunk.value);
      return;
    }
    this.finishPending();
    const node = chunk.type === 'node' ? chunk : chunk.node;
    if (this.suppress) {
      if (isWithin(node, this.suppress)) {
        // a data chunk of the removed subtree may run on past its end (see exitOffset)
        if (chunk.type !== 'data') return;
        const at = exitOffset(chunk.value, chunk.node, this.suppress);
        if (at === undefined) return;
        this.suppress = undefined;
        this.out(chunk.value.subarray(at));
        return;
      }
      this.suppress = undefined;
    }
    if (chunk.type === 'node') {
      this.onNode(chunk);
    } else {
      this.out(chunk.value);
    }
  }

  private onNode(node: MimeNode): void {
    const path = partPath(node);
    const listed = this.found.has(path) ? undefined : this.targets.get(path);
    // targets that are this part, and targets inside the forwarded message that this part is
    const whole = listed?.filter((t) => !t.nestedPath?.length) ?? [];
    const within = listed?.filter((t) => t.nestedPath?.length) ?? [];
    if (whole.length) checkPartFilename(node, path, whole);
    else if (within.length && messageType(node) !== 'message/rfc822') {
      throw new LachanError('LC_SCAN_FAILED', `MIME part ${path || '(whole message)'} is not the forwarded message that holds the attachment to strip`);
    }
    const open = whole.length === 0 && within.length > 0 && canOpen(node);
    // a base64 or quoted-printable forwarded message is held and rewritten whole (HeldForward)
    const encoding = whole.length === 0 && within.length > 0 ? forwardEncoding(messageType(node), node.encoding) : undefined;
    const strip = whole.length > 0 || (within.length > 0 && !open && !encoding);
    const kind = this.banner && (node.root || hasBody(node)) ? bodyTextKind(node) : undefined;
    const ownHeaders = node.root && !this.inner;
    if (!ownHeaders && !strip && !kind && !encoding) {
      this.out(node.getHeaders()); // untouched: the original bytes
      if (open) this.openNested(node, path, within);
      return;
    }
    const block = parseHeaderBlock(node.getHeaders());
    if (ownHeaders) applyVerdictHeaders(block, this.plan);
    if (encoding) {
      this.found.add(path);
      const head = ownHeaders ? buildHeaderBlock(block) : node.getHeaders();
      this.held = { node, path, encoding, head, block, targets: within, chunks: [], size: 0 };
      return;
    }
    if (open) {
      this.out(buildHeaderBlock(block));
      this.openNested(node, path, within);
      return;
    }
    if (strip) {
      this.replaceWhole(node, block, path);
      if (whole.length === 0) this.plan.onWholeForward?.(path, `a forwarded message with ${node.encoding || '7bit'} encoding cannot be opened`);
      return;
    }
    if (kind) {
      this.pending = { node, block, kind, chunks: [], size: 0, passthrough: false };
      return;
    }
    this.out(buildHeaderBlock(block));
  }

  /**
   * Starts rewriting the forwarded message that `node` is: its body (the message's bytes as they
   * stand, canOpen) goes through a splitter and an ActTransform of its own, with the targets one
   * level down, and what comes out takes the body's place. The parser read the forwarded message
   * the same way (parseLevel over the part's content, with the same SPLIT_OPTIONS), so the part
   * numbers in nestedPath are this splitter's.
   */
  private openNested(node: MimeNode, path: string, targets: readonly StripTarget[]): void {
    this.found.add(path);
    const strip = oneLevelDown(targets);
    const input = new PassThrough();
    const act = new ActTransform({ ...this.plan, strip, subjectTag: undefined, onBanner: undefined }, true);
    act.on('data', (bytes: Buffer) => this.out(bytes));
    const done = new Promise<void>((resolve, reject) => {
      pipeline(input, new MimeSplitter(), act, (err) => (err ? reject(actError(err)) : resolve()));
    });
    // a failure before the body ends is seen at the next chunk or at the flush, not as an unhandled rejection
    done.catch(() => undefined);
    this.nested = { node, input, done };
  }

  /** Replaces this part and any listed part inside it by one notice; the rest of the part is dropped as it comes. */
  private replaceWhole(node: MimeNode, block: HeaderBlock, path: string): void {
    const targets = [...this.targets.entries()]
      .filter(([p]) => p === path || p.startsWith(`${path}.`) || path === '')
      .flatMap(([p, list]) => {
        this.found.add(p);
        return list;
      });
    replaceHeaders(block, targets, node.root);
    this.out(buildHeaderBlock(block));
    this.out(replacementBody(targets, this.plan.verdict, this.plan.ref, block.eol));
    this.suppress = node;
  }

  private holdBody(pending: PendingPart, value: Buffer): void {
    if (pending.passthrough) {
      this.out(value);
      return;
    }
    pending.chunks.push(value);
    pending.size += value.length;
    if (pending.size > MAX_BANNER_PART_BYTES) {
      pending.passthrough = true;
      this.out(buildHeaderBlock(pending.block));
      for (const c of pending.chunks) this.out(c);
      pending.chunks = [];
    }
  }

  private finishPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    if (pending.passthrough) return;
    const body = Buffer.concat(pending.chunks, pending.size);
    const info = { cte: pending.node.encoding || '', charset: pending.node.charset || '' };
    const banner = this.banner as BannerContent;
    const edit: PartEdit | undefined =
      pending.kind === 'plain'
        ? bannerTextPart(body, info, banner, pending.block.eol)
        : bannerHtmlPart(body, info, banner, pending.block.eol);
    if (edit || hasOurBanner(pending.kind, body, info, banner.key)) this.plan.onBanner?.(partPath(pending.node));
    if (edit?.charset) setCharsetParam(pending.block, edit.charset, pending.kind === 'html' ? 'text/html' : 'text/plain');
    if (edit?.cte) setField(pending.block, 'Content-Transfer-Encoding', edit.cte);
    this.out(buildHeaderBlock(pending.block));
    this.out(edit ? edit.body : body);
  }
}
