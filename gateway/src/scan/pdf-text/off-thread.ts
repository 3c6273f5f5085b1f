import type { ResourceLimits } from 'node:worker_threads';
import { workerModuleUrl } from '../../worker-module.js';
import { WorkerQueue } from '../../worker-queue.js';
import { PDF_TEXT_MAX_CHARS, PDF_TEXT_MAX_PAGES, type PdfText, type PdfTextLimits } from './extract.js';

/**
 * PDF text reading off the main thread. pdf.js parses a PDF synchronously, and a hostile one can
 * keep it busy for seconds (or for ever); on the main thread that would stall every SMTP session of
 * the process. So one worker thread per process (worker.ts) reads the PDFs, one at a time (the
 * others wait their turn here, in order): started on the first PDF, kept for the next ones
 * (unref'd: it never holds the process open), stopped after PDF_TEXT_IDLE_MS without a PDF (an idle
 * gateway holds no pdf.js memory), with a capped heap (PDF_TEXT_WORKER_LIMITS).
 *
 * Each PDF has a hard deadline from the moment it is sent (PDF_TEXT_DEADLINE_MS): past it the
 * worker is terminated (a fresh one starts for the next PDF). A worker whose heap is past
 * PDF_TEXT_RESTART_HEAP_BYTES after a PDF is replaced too. A timeout, a PDF pdf.js cannot read, a
 * crash or a worker that cannot start all give "no text" (with the reason): reading a PDF's text is
 * an extra, never a verdict of its own, and nothing here throws. The queue and the worker's life:
 * worker-queue.ts (shared with the QR reader).
 */

/** Wall-clock limit of one PDF in the worker (pdf.js reads an invoice's first pages in 50–300 ms). */
export const PDF_TEXT_DEADLINE_MS = 4000;
/** The worker's soft budget: no page is started past it. */
export const PDF_TEXT_BUDGET_MS = 2500;
/** The worker is stopped after this long without a PDF. */
export const PDF_TEXT_IDLE_MS = 30_000;
/** After a PDF, a worker whose JavaScript heap holds more than this is replaced. */
export const PDF_TEXT_RESTART_HEAP_BYTES = 96 * 1024 * 1024;
/** The worker's heap (pdf.js on at most 5 MB of a PDF, big-pdf.ts, its fonts and page contents). */
export const PDF_TEXT_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 };

/** Main thread → worker. */
export interface PdfTextRequest {
  id: number;
  bytes: Uint8Array;
  limits: PdfTextLimits;
}
/** Worker → main thread. */
export type PdfTextReply = ({ id: number; type: 'done' } & PdfText & { heapUsed: number }) | { id: number; type: 'failed'; error: string; heapUsed: number };

/** What came of one PDF. */
export type PdfTextRun =
  | ({ outcome: 'read'; ms: number; /** The worker's JavaScript heap in use after it. */ heapUsed: number } & PdfText)
  | { outcome: 'timeout' | 'failed' | 'unavailable' | 'aborted'; ms: number; reason: string };

export interface PdfTextReaderOptions {
  /** The worker's module (tests); default: worker.js beside this file, or worker.ts bundled (worker-module.ts). */
  workerUrl?: () => Promise<URL | undefined>;
  deadlineMs?: number;
  budgetMs?: number;
  idleMs?: number;
  restartHeapBytes?: number;
  resourceLimits?: ResourceLimits;
  maxPages?: number;
  maxChars?: number;
}

/** One PDF waiting for, or in, the worker. */
interface PdfJob {
  bytes: Uint8Array;
  passwords: readonly string[];
}

export class PdfTextReader {
  private readonly queue: WorkerQueue<PdfJob, PdfTextReply, PdfTextRun>;

  constructor(private readonly options: PdfTextReaderOptions = {}) {
    const ended = (outcome: 'timeout' | 'failed' | 'unavailable' | 'aborted', reason: string): PdfTextRun => ({ outcome, ms: 0, reason });
    this.queue = new WorkerQueue<PdfJob, PdfTextReply, PdfTextRun>({
      label: 'worker',
      workerUrl: options.workerUrl ?? defaultPdfTextWorkerUrl,
      resourceLimits: options.resourceLimits ?? PDF_TEXT_WORKER_LIMITS,
      idleMs: options.idleMs ?? PDF_TEXT_IDLE_MS,
      message: (id, job) => {
        const limits: PdfTextLimits = {
          maxPages: options.maxPages ?? PDF_TEXT_MAX_PAGES,
          maxChars: options.maxChars ?? PDF_TEXT_MAX_CHARS,
          budgetMs: options.budgetMs ?? PDF_TEXT_BUDGET_MS,
          passwords: [...job.passwords],
        };
        return { message: { id, bytes: job.bytes, limits } satisfies PdfTextRequest, transfer: [job.bytes.buffer as ArrayBuffer] };
      },
      reply: (_, reply) => ({
        result: reply.type === 'done' ? { outcome: 'read', ms: 0, text: reply.text, pages: reply.pages, numPages: reply.numPages, truncated: reply.truncated, heapUsed: reply.heapUsed } : ended('failed', reply.error),
        // a worker whose heap grew past the limit is replaced after the PDF
        replaceWorker: reply.heapUsed > (options.restartHeapBytes ?? PDF_TEXT_RESTART_HEAP_BYTES),
      }),
      timedOut: () => ended('timeout', 'past the deadline: worker stopped'),
      failed: (_, err) => ended('failed', err.message),
      unavailable: (_, err) => ended('unavailable', err.message),
    });
  }

  /** Workers started (tests and logs: a restart shows as a new one). */
  get started(): number {
    return this.queue.started;
  }

  /** The text of the PDF `bytes` (copied: the caller keeps its buffer); `passwords` for one that needs one. Never throws. */
  async read(bytes: Uint8Array, signal?: AbortSignal, passwords: readonly string[] = []): Promise<PdfTextRun> {
    const t0 = performance.now();
    if (!(await this.queue.module())) return { outcome: 'unavailable', ms: performance.now() - t0, reason: 'no worker module' };
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    const run = await this.queue.run({ bytes: copy, passwords }, this.options.deadlineMs ?? PDF_TEXT_DEADLINE_MS, () => ({ outcome: 'aborted', ms: 0, reason: 'message aborted' }), signal);
    return { ...run, ms: performance.now() - t0 };
  }

  /** Stops the worker (tests, shutdown). */
  close(): Promise<void> {
    return this.queue.close();
  }
}

let shared: PdfTextReader | undefined;

/** The process's reader (one worker per process), made the first time a message has a PDF to read. */
export function pdfTextReader(): PdfTextReader {
  return (shared ??= new PdfTextReader());
}

/** Replaces the process's reader (tests); the one replaced is closed. */
export async function replacePdfTextReader(reader: PdfTextReader | undefined): Promise<void> {
  const old = shared;
  shared = reader;
  if (old && old !== reader) await old.close();
}

/** worker.js beside this module, or worker.ts bundled when the sources run (worker-module.ts). */
export function defaultPdfTextWorkerUrl(): Promise<URL | undefined> {
  return workerModuleUrl(new URL('./worker.js', import.meta.url));
}
