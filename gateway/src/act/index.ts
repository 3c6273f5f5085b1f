import { pipeline, Readable, type Transform } from 'node:stream';
import mailsplit from '@zone-eu/mailsplit';
import { ActTransform, actError } from './act-stream.js';
import type { ActPlan } from './types.js';

export type { ActPlan, StripTarget } from './types.js';

const { Splitter, Joiner } = mailsplit;

/**
 * Rewrites a message for delivery as the verdict says: X-Lachan-* headers (always), subject tag,
 * warning banner in every text body part, dangerous attachments replaced by a notice. Stream in,
 * stream out; every byte not changed on purpose is passed on as it came.
 *
 * mailsplit is the same package (@zone-eu/mailsplit, same version) that mailparser builds the
 * parsed message with, so the MIME tree we edit is the one that was scanned, and part numbers
 * (Attachment.partPath) agree even for malformed structures.
 *
 * The returned stream fails with a LachanError (LC_SCAN_FAILED) when the message cannot be
 * rewritten (MIME limits, a part to strip not found): the caller must not deliver it then.
 */
export function applyActions(raw: Readable, plan: ActPlan): Readable {
  const splitter = new Splitter();
  const act = new ActTransform(plan);
  // mailsplit's typings narrow on() to 'data'; it is a plain Transform
  const joiner = new Joiner() as unknown as Transform;
  pipeline(raw, splitter, act, (err) => {
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
