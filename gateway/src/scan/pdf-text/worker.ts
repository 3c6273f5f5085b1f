import { parentPort } from 'node:worker_threads';
import { extractPdfText } from './extract.js';
import type { PdfTextReply, PdfTextRequest } from './off-thread.js';

/**
 * The PDF text worker thread (started by off-thread.ts): for each request, one PDF's bytes
 * (transferred), read with extractPdfText; the reply carries the text or the failure, and the
 * thread's heap in use afterwards (the main thread restarts a worker whose heap grew). Requests
 * come one at a time.
 */
const port = parentPort;
if (port) {
  port.on('message', (req: PdfTextRequest) => {
    void extractPdfText(req.bytes, req.limits).then(
      (got) => port.postMessage({ id: req.id, type: 'done', ...got, heapUsed: process.memoryUsage().heapUsed } satisfies PdfTextReply),
      (err: unknown) => port.postMessage({ id: req.id, type: 'failed', error: err instanceof Error ? err.message : String(err), heapUsed: process.memoryUsage().heapUsed } satisfies PdfTextReply),
    );
  });
}
