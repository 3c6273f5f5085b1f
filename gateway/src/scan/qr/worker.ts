import { parentPort } from 'node:worker_threads';
import { collectGarbage } from '../../gc.js';
import { loadDecoders } from './images.js';
import { readQrLinks, type QrLink, type QrSource } from './read.js';
import type { WorkerReply, WorkerRequest } from './off-thread.js';

/**
 * The QR worker thread (started by off-thread.ts): for each request, the pictures of one message
 * (their bytes transferred, not copied), read with the same readQrLinks and budgets as on the main
 * thread; a 'picture' reply after each decoded picture (so that what was found survives if the
 * main thread stops this worker at its deadline), then 'done'. Requests come one at a time.
 */

/**
 * A full collection after each message with COLLECT_AFTER_BYTES of pictures or more (src/gc.ts):
 * decoded pictures (up to 18 MB of RGBA each) would otherwise pile up in this thread on top of the
 * main thread's own; collecting this small heap costs a few milliseconds, against tens for decoding.
 */

const port = parentPort;
if (port) {
  loadDecoders();
  port.on('message', (req: WorkerRequest) => {
    const bytes = req.sources.reduce((n, s) => n + s.bytes.byteLength, 0);
    void handle(req)
      .catch((err: unknown) => {
        // readQrLinks does not throw for bad pictures: anything here is a bug, reported as a failure
        port.postMessage({ id: req.id, type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
      })
      // once the request's pictures are unreachable (not inside handle, whose frame still holds them)
      .finally(() => {
        if (bytes >= COLLECT_AFTER_BYTES) setImmediate(collectGarbage);
      });
  });
}

async function handle(req: WorkerRequest): Promise<void> {
  const sources: QrSource[] = req.sources.map((s) => {
    const bytes = Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
    const source: QrSource = { where: s.where, path: s.path };
    if (s.attachmentId !== undefined) source.attachmentId = s.attachmentId;
    if (s.pdf) source.pdf = bytes;
    else source.image = async () => bytes;
    return source;
  });
  const onPicture = (decoded: number, link: QrLink | undefined, candidates: number) => {
    const reply: WorkerReply = link ? { id: req.id, type: 'picture', decoded, candidates, link } : { id: req.id, type: 'picture', decoded, candidates };
    port!.postMessage(reply);
  };
  const reading = await readQrLinks(sources, undefined, req.timeBudgetMs === undefined ? { onPicture } : { onPicture, timeBudgetMs: req.timeBudgetMs });
  const done: Extract<WorkerReply, { type: 'done' }> = { id: req.id, type: 'done', decoded: reading.decoded, unread: reading.unread };
  if (reading.late) done.late = reading.late;
  port!.postMessage(done);
}

/** Source bytes of a request from which a collection follows it (smaller ones leave little behind). */
const COLLECT_AFTER_BYTES = 256 * 1024;
