import { Worker, type ResourceLimits } from 'node:worker_threads';
import { workerModuleUrl } from '../../worker-module.js';
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
 * an extra, never a verdict of its own, and nothing here throws.
 */

/** Wall-clock limit of one PDF in the worker (pdf.js reads an invoice's first pages in 50–300 ms). */
export const PDF_TEXT_DEADLINE_MS = 4000;
/** The worker's soft budget: no page is started past it. */
export const PDF_TEXT_BUDGET_MS = 2500;
/** The worker is stopped after this long without a PDF. */
export const PDF_TEXT_IDLE_MS = 30_000;
/** After a PDF, a worker whose JavaScript heap holds more than this is replaced. */
export const PDF_TEXT_RESTART_HEAP_BYTES = 96 * 1024 * 1024;
/** The worker's heap (pdf.js on a PDF of at most PDF_TEXT_MAX_BYTES, its fonts and page contents). */
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

interface Job {
  id: number;
  bytes: Uint8Array;
  passwords: readonly string[];
  started: number;
  settled: boolean;
  resolve(run: PdfTextRun): void;
}

export class PdfTextReader {
  private worker: Worker | undefined;
  private workerModule: Promise<URL | undefined> | undefined;
  private moduleUrl: URL | undefined;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private timer: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  /** Workers started (tests and logs: a restart shows as a new one). */
  started = 0;

  constructor(private readonly options: PdfTextReaderOptions = {}) {}

  /** The text of the PDF `bytes` (copied: the caller keeps its buffer); `passwords` for one that needs one. Never throws. */
  async read(bytes: Uint8Array, signal?: AbortSignal, passwords: readonly string[] = []): Promise<PdfTextRun> {
    const t0 = performance.now();
    const url = await this.module();
    if (!url) return { outcome: 'unavailable', ms: performance.now() - t0, reason: 'no worker module' };
    this.moduleUrl = url;
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    const run = await new Promise<PdfTextRun>((resolve) => {
      const job: Job = { id: this.nextId++, bytes: copy, passwords, started: 0, settled: false, resolve: () => undefined };
      const onAbort = () => this.settle(job, { outcome: 'aborted', ms: 0, reason: 'message aborted' });
      job.resolve = (r) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
    return { ...run, ms: performance.now() - t0 };
  }

  /** Stops the worker (tests, shutdown). */
  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private module(): Promise<URL | undefined> {
    return (this.workerModule ??= (this.options.workerUrl ?? defaultPdfTextWorkerUrl)().catch(() => undefined));
  }

  private settle(job: Job, run: PdfTextRun): void {
    if (job.settled) return;
    job.settled = true;
    job.resolve(run);
  }

  /** Sends the next PDF when the worker is free. */
  private pump(): void {
    if (this.current) return;
    let job = this.queue.shift();
    while (job?.settled) job = this.queue.shift(); // aborted while waiting
    if (!job) return this.idleLater();
    if (this.idle) clearTimeout(this.idle);
    const worker = this.ensureWorker();
    if (worker instanceof Error) {
      this.settle(job, { outcome: 'unavailable', ms: 0, reason: worker.message });
      return this.pump();
    }
    this.current = job;
    job.started = performance.now();
    // not unref'd: a PDF being read keeps the process up until its answer or its deadline
    this.timer = setTimeout(() => this.stopCurrent(job, 'timeout', 'past the deadline: worker stopped'), this.options.deadlineMs ?? PDF_TEXT_DEADLINE_MS);
    const limits: PdfTextLimits = {
      maxPages: this.options.maxPages ?? PDF_TEXT_MAX_PAGES,
      maxChars: this.options.maxChars ?? PDF_TEXT_MAX_CHARS,
      budgetMs: this.options.budgetMs ?? PDF_TEXT_BUDGET_MS,
      passwords: [...job.passwords],
    };
    try {
      worker.postMessage({ id: job.id, bytes: job.bytes, limits } satisfies PdfTextRequest, [job.bytes.buffer as ArrayBuffer]);
    } catch (err) {
      this.stopCurrent(job, 'failed', err instanceof Error ? err.message : String(err));
    }
  }

  private ensureWorker(): Worker | Error {
    if (this.worker) return this.worker;
    if (!this.moduleUrl) return new Error('no worker module');
    let worker: Worker;
    try {
      worker = new Worker(this.moduleUrl, { resourceLimits: this.options.resourceLimits ?? PDF_TEXT_WORKER_LIMITS, stdout: false, stderr: false });
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
    this.started++;
    worker.on('message', (reply: PdfTextReply) => this.onReply(worker, reply));
    worker.on('error', (err) => {
      if (this.worker === worker && this.current) this.stopCurrent(this.current, 'failed', `worker failed: ${err.message}`);
      else if (this.worker === worker) this.worker = undefined;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker && this.current) this.stopCurrent(this.current, 'failed', `worker exited (code ${code})`);
      else if (this.worker === worker) this.worker = undefined;
    });
    // after the listeners: adding a 'message' listener refs the worker's port again
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onReply(worker: Worker, reply: PdfTextReply): void {
    const job = this.current;
    if (worker !== this.worker || !job || reply.id !== job.id) return;
    this.finish();
    if (reply.heapUsed > (this.options.restartHeapBytes ?? PDF_TEXT_RESTART_HEAP_BYTES)) this.drop();
    if (reply.type === 'done') this.settle(job, { outcome: 'read', ms: 0, text: reply.text, pages: reply.pages, numPages: reply.numPages, truncated: reply.truncated, heapUsed: reply.heapUsed });
    else this.settle(job, { outcome: 'failed', ms: 0, reason: reply.error });
    this.pump();
  }

  /** The current PDF ends without text: the worker is stopped (a fresh one for the next PDF). */
  private stopCurrent(job: Job, outcome: 'timeout' | 'failed', reason: string): void {
    if (this.current !== job) return;
    this.finish();
    this.drop();
    this.settle(job, { outcome, ms: 0, reason });
    this.pump();
  }

  private drop(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.current = undefined;
  }

  private idleLater(): void {
    if (!this.worker) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (!this.current && this.queue.length === 0) this.drop();
    }, this.options.idleMs ?? PDF_TEXT_IDLE_MS);
    this.idle.unref();
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
