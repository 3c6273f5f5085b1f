import { parentPort, type MessagePort } from 'node:worker_threads';
import { collectGarbage } from '../../gc.js';
import { pickEntries, type ListedEntry, type ListingOk, type SkipReason } from './archive-listing.js';
import { errorText } from '../../errors.js';
import { TryBudget } from './archive-passwords.js';
import { decompress, openArchive, type EnginePick } from './seven-zip.js';
import type { FromWorker, ToWorker, WireContents } from './seven-zip-thread.js';

/**
 * The 7-Zip worker thread (started by seven-zip-thread.ts): for each request, one archive (its bytes
 * transferred) listed, picked, unlocked and extracted (seven-zip.ts openArchive), or one stream
 * decompressed; the files come back transferred. Requests come one at a time; while one runs, the
 * worker may ask the main thread for the pick (a pick function) or the password candidates, and
 * waits for the answer.
 */

/**
 * Archives (or their output) at least this big are followed by a full garbage collection (src/gc.ts):
 * a spent instance's memory (the archive's copy and 7-Zip's heap, tens of MB) is freed only when V8
 * collects it, and 30 listings of a 20 MB 7z in a row took RSS from 110 to 233 MB without it.
 */
const COLLECT_AFTER_BYTES = 4 * 1024 * 1024;

type Answer = Extract<ToWorker, { op: 'answer' }>;

const port = parentPort;
if (port) {
  let waiting: { id: number; resolve(answer: Answer): void } | undefined;
  const ask = (question: FromWorker): Promise<Answer> =>
    new Promise((resolve) => {
      waiting = { id: question.id, resolve };
      port.postMessage(question);
    });
  port.on('message', (msg: ToWorker) => {
    if (msg.op === 'answer') {
      const w = waiting;
      if (w?.id !== msg.id) return;
      waiting = undefined;
      return w.resolve(msg);
    }
    void handle(port, msg, ask);
  });
}

async function handle(port: MessagePort, req: Exclude<ToWorker, { op: 'answer' }>, ask: (q: FromWorker) => Promise<Answer>): Promise<void> {
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  const given = req.op === 'extract' ? req.passwords?.left : undefined;
  const budget = given === undefined ? undefined : new TryBudget(given);
  // what the archive spent of the tries it was given: taken from the attachment's TryBudget on the main thread
  const spent = () => (budget ? given! - budget.remaining : 0);
  let written = 0;
  try {
    const transfer = new Set<ArrayBuffer>();
    if (req.op === 'decompress') {
      const { written: out, data, ...rest } = await decompress(bytes, req.type, req.cap);
      written = out;
      const decompressed = data ? { ...rest, data: owned(data, transfer) } : rest;
      port.postMessage({ type: 'done', id: req.id, decompressed, spent: 0 } satisfies FromWorker, [...transfer]);
      return;
    }
    const skipped = new Map<ListedEntry, SkipReason>();
    const limits = req.pick === 'ask' ? undefined : req.pick;
    const pick: EnginePick = async (listing, opts) => {
      if (limits) {
        skipped.clear();
        return pickEntries(listing.entries.slice(0, limits.first), limits, skipped, opts);
      }
      return picked(listing, await ask({ type: 'pick', id: req.id, listing, encrypted: opts.encrypted }));
    };
    const candidates = async () => {
      const answer = await ask({ type: 'candidates', id: req.id });
      if (answer.error !== undefined) throw new Error(answer.error);
      return answer.candidates ?? [];
    };
    const { written: out, extraction, ...rest } = await openArchive(bytes, req.maxEntries, pick, budget ? { candidates, budget } : undefined);
    written = out;
    const contents: WireContents = { ...rest, ...(limits ? { skipped } : {}) };
    if (extraction) {
      contents.extraction = {
        ...extraction,
        files: new Map([...extraction.files].map(([entry, data]) => [entry, owned(data, transfer)] as const)),
        others: extraction.others.map((o) => ({ name: o.name, data: owned(o.data, transfer) })),
      };
    }
    port.postMessage({ type: 'done', id: req.id, contents, spent: spent() } satisfies FromWorker, [...transfer]);
  } catch (err) {
    port.postMessage({ type: 'failed', id: req.id, error: errorText(err), spent: spent() } satisfies FromWorker);
  } finally {
    // once the request's buffers are unreachable (not inside this frame, which still holds them)
    if (bytes.length >= COLLECT_AFTER_BYTES || written >= COLLECT_AFTER_BYTES) setImmediate(collectGarbage);
  }
}

/** The entries the main thread's pick chose: by index in the listing, or as it gave them. */
function picked(listing: ListingOk, answer: Answer): ListedEntry[] {
  if (answer.error !== undefined) throw new Error(answer.error);
  return (answer.picked ?? []).flatMap((p) => (typeof p === 'number' ? (listing.entries[p] ? [listing.entries[p]] : []) : [p]));
}

/**
 * The bytes as a Uint8Array over an ArrayBuffer of their own, added to `transfer`: an extracted
 * file usually is one (collectFiles' chunk, or their join); a view of a larger or pooled buffer is
 * copied (transferring it would take the rest with it).
 */
function owned(data: Buffer, transfer: Set<ArrayBuffer>): Uint8Array {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !transfer.has(data.buffer as ArrayBuffer);
  const out = whole ? new Uint8Array(data.buffer, 0, data.byteLength) : new Uint8Array(data);
  transfer.add(out.buffer as ArrayBuffer);
  return out;
}
