import { pipeline, Readable, type Transform } from 'node:stream';
import { splitFidelity } from './split-fidelity.js';
import mailsplit from '@zone-eu/mailsplit';
import { MimeSplitter } from '../parse/mime-tree.js';
import { ActTransform, actError } from './act-stream.js';
import { buildHeaderBlock, parseHeaderBlock } from './headers.js';
import type { ActPlan } from './types.js';
import { applyVerdictHeaders } from './verdict-headers.js';

export type { ActPlan, StripTarget } from './types.js';
export { stripTargets } from './strip.js';

const { Joiner } = mailsplit;

/**
 * Rewrites a message for delivery as the verdict says: X-Lachan-* headers (always), subject tag,
 * warning banner in every text body part, dangerous attachments replaced by a notice. Stream in,
 * stream out; every byte not changed on purpose is passed on as it came.
 *
 * mailsplit is the same package (@zone-eu/mailsplit, same version) that mailparser builds the
 * parsed message with, and it is given the same options (SPLIT_OPTIONS), so the MIME tree we edit
 * is the one that was scanned, and part numbers (Attachment.partPath) agree even for malformed
 * structures. A part to strip is also checked by its file name (StripTarget.partFilename).
 *
 * The returned stream fails with a LachanError (LC_SCAN_FAILED) when the message cannot be
 * rewritten (MIME limits, a part to strip not found): the caller must not deliver it then.
 */
export function applyActions(raw: Readable, plan: ActPlan): Readable {
  if (plan.headersOnly || (plan.strip.length === 0 && !plan.verdict.warning)) return headersOnly(raw, plan);
  return splitAndAct(raw, plan);
}

/**
 * mailsplit's limit on a header block (MAX_HEAD_SIZE): past it the split fails. The fast path below
 * gives such a message (and one that ends inside its headers) to the full path, so that both
 * paths answer the same for it.
 */
const MAX_FAST_HEAD_BYTES = 1024 * 1024;

/**
 * Where the top-level header block ends, as mailsplit ends it: after the first line that is empty
 * ("\n" or "\r\n"); -1 when it is not in `buf` yet. `from`: where to resume looking.
 */
export function headerBlockEnd(buf: Buffer, from = 0): number {
  let pos = from;
  for (;;) {
    if (pos === 0 || buf[pos - 1] === 0x0a) {
      if (buf[pos] === 0x0a) return pos + 1;
      if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) return pos + 2;
      if (pos >= buf.length - 1) return -1;
    }
    const lf = buf.indexOf(0x0a, pos);
    if (lf < 0) return -1;
    pos = lf + 1;
  }
}

/**
 * The common case: no banner and nothing to strip, so only the top-level header block changes
 * (X-Lachan-* headers, subject tag). That block is rewritten exactly as the full path rewrites it
 * and every byte after it is passed on without splitting the MIME tree — the full path passes
 * those bytes unchanged too, so the output is the same, at a fraction of the cost.
 */
function headersOnly(raw: Readable, plan: ActPlan): Readable {
  async function* run(): AsyncGenerator<Buffer> {
    const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let head: Buffer = Buffer.alloc(0);
    let end = -1;
    try {
      while (end < 0 && head.length <= MAX_FAST_HEAD_BYTES) {
        const next = await it.next();
        if (next.done) break;
        const from = Math.max(0, head.length - 1);
        head = head.length ? Buffer.concat([head, next.value]) : next.value;
        end = headerBlockEnd(head, from > 0 ? head.lastIndexOf(0x0a, from - 1) + 1 : 0);
      }
    } catch (err) {
      throw actError(err);
    }
    if (end < 0 || end > MAX_FAST_HEAD_BYTES) {
      // headers without an end, or beyond mailsplit's limit: the full path decides
      async function* rest(): AsyncGenerator<Buffer> {
        yield head;
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
      }
      yield* splitAndAct(Readable.from(rest()), plan);
      return;
    }
    const block = parseHeaderBlock(head.subarray(0, end));
    applyVerdictHeaders(block, plan);
    yield buildHeaderBlock(block);
    if (end < head.length) yield head.subarray(end);
    try {
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    } catch (err) {
      throw actError(err);
    }
  }
  return Readable.from(run(), { objectMode: false });
}

export function splitAndAct(raw: Readable, plan: ActPlan): Readable {
  const splitter = new MimeSplitter();
  const act = new ActTransform(plan);
  // mailsplit's typings narrow on() to 'data'; it is a plain Transform
  const joiner = new Joiner() as unknown as Transform;
  const fidelity = splitFidelity();
  pipeline(raw, fidelity.input, splitter, fidelity.output, act, (err) => {
    if (err && !joiner.destroyed) joiner.destroy(actError(err));
  });
  act.pipe(joiner);
  joiner.on('close', () => {
    // the reader gave up early: stop reading the input too
    if (!joiner.readableEnded && !act.destroyed) act.destroy();
  });
  return joiner;
}

/** applyActions for a message held in memory. */
export async function applyActionsToBuffer(raw: Buffer, plan: ActPlan): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of applyActions(Readable.from([raw]), plan)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
