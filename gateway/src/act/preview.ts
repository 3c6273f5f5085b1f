import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MimeSplitter } from '../parse/mime-tree.js';
import { ActTransform, actError } from './act-stream.js';
import { splitFidelity } from './split-fidelity.js';
import type { ActPlan } from './types.js';

/** What act/ will do to a message, learnt before the real rewrite. */
export interface ActPreview {
  /** Body parts that will carry the warning banner (counting stops at 1 with `untilBanner`). */
  bannered: number;
  /**
   * Whether the MIME split gives the message back byte for byte (split-fidelity.ts); undefined when
   * the preview stopped early (`untilBanner`). A message it does not is not rewritten: a warned one
   * gets its warning in the subject only (ActPlan.headersOnly), one with a part to strip is held.
   */
  faithful?: boolean;
}

/**
 * Runs the act stage over the message ahead of the real rewrite, keeping none of its output: the
 * same splitter and the same ActTransform over the same bytes, so what it finds is what the real
 * run will do. The subject header is written before any body part, so whether the subject needs
 * the warning tag (a warned message whose banner no body part can carry: no text body, a part over
 * MAX_BANNER_PART_BYTES, a charset that cannot be read) has to be known before the real run
 * starts; this is how. It also finds the messages that cannot be rewritten (a part to strip not
 * found, MIME limits) before anything is held or relayed: it rejects with the LachanError
 * (LC_SCAN_FAILED) the real run would fail with.
 *
 * `untilBanner`: stop reading at the first part that carries the banner (enough for the subject
 * tag; a later failure then only shows in the real run).
 */
export async function previewActions(raw: Readable, plan: ActPlan, opts: { untilBanner?: boolean } = {}): Promise<ActPreview> {
  const preview: ActPreview = { bannered: 0 };
  let faithful = true;
  const fidelity = splitFidelity(() => {
    faithful = false;
  });
  const stop = new AbortController();
  const act = new ActTransform({
    ...plan,
    subjectTag: undefined,
    onBanner: () => {
      preview.bannered += 1;
      if (opts.untilBanner) stop.abort();
    },
  });
  const discard = new Writable({
    objectMode: true,
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
  try {
    await pipeline(raw, fidelity.input, new MimeSplitter(), fidelity.output, act, discard, { signal: stop.signal });
  } catch (err) {
    if (stop.signal.aborted) return preview;
    raw.destroy();
    // a part to strip not found in a split that lost bytes: the split is the cause
    if (!faithful) return { ...preview, faithful };
    throw actError(err);
  }
  return { ...preview, faithful };
}

/** Whether at least one body part of the message will carry the warning banner (see previewActions). */
export async function bannerWillShow(raw: Readable, plan: ActPlan): Promise<boolean> {
  return (await previewActions(raw, plan, { untilBanner: true })).bannered > 0;
}
