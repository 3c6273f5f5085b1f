import type { ResourceLimits } from 'node:worker_threads';
import { workerModuleUrl } from '../../worker-module.js';
import { WorkerQueue } from '../../worker-queue.js';
import { imageInfo, sizeAllowed, QR_MAX_FILE_BYTES } from './images.js';
import { readQrLinks, QR_MAX_SOURCES, QR_TIME_BUDGET_MS, type QrLink, type QrReading, type QrSource, type QrWhere } from './read.js';

/**
 * QR reading off the main thread. Decoding a photo-sized JPEG and running jsQR on it is one
 * synchronous stretch of up to ~1 s on a hostile picture; on the main thread that stalls every SMTP
 * session of the process. So the pictures of a message go to one worker thread per process
 * (worker.ts), started the first time a message has pictures and kept (unref'd: it never holds the
 * process open), with a capped heap (QR_WORKER_LIMITS). Requests go one at a time, the pictures'
 * bytes transferred, not copied twice; the worker applies the same per-message budgets as
 * readQrLinks (pictures, pixels, QR_TIME_BUDGET_MS) and reports after each picture.
 *
 * On top, a hard deadline per message (QR_WORKER_DEADLINE_MS from the moment the request is sent):
 * past it the worker is terminated (a new one starts for the next message) and the message gets
 * what was found so far, with the pictures not read counted in `unread`, as when the time budget
 * runs out. When the worker cannot start, fails or dies, that message is read on the main thread
 * (readQrLinks) instead: the verdict is never lost, and nothing here throws (the queue and the
 * worker's life: worker-queue.ts, shared with the PDF text reader). When the worker fails
 * MAX_START_FAILURES times in a row before it ever answered (it cannot start here), the process
 * stops trying and reads on the main thread.
 *
 * The worker's module: worker.js beside this file (the built gateway, dist/); under vitest, where
 * this file is worker.ts's TypeScript sibling and a plain Worker cannot load .ts, worker.ts is
 * bundled once with esbuild (the bundler vite ships) into node_modules/.cache/lachan/.
 */

/**
 * Hard wall-clock limit of one message's QR reading in the worker: the soft budget plus one
 * hostile picture (~1 s on an idle core), with room for a loaded machine.
 */
export const QR_WORKER_DEADLINE_MS = QR_TIME_BUDGET_MS + 1850;
/** The worker's heap: pictures are at most QR_MAX_PIXELS (≈ 18 MB of RGBA, outside the JS heap). */
export const QR_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 };
/** Failures in a row, before any answer, after which this process reads on the main thread only. */
const MAX_START_FAILURES = 3;
/** Sources whose header is looked at per message at most, to hand over QR_MAX_SOURCES within the size window. */
const QR_MAX_LOOKED_AT = 4 * QR_MAX_SOURCES;

/** One picture file or PDF sent to the worker. */
export interface WorkerSource {
  where: QrWhere;
  attachmentId?: string;
  path: string[];
  pdf: boolean;
  bytes: Uint8Array;
}
export interface WorkerRequest {
  id: number;
  sources: WorkerSource[];
  /** Replaces QR_TIME_BUDGET_MS (tests). */
  timeBudgetMs?: number;
}
export type WorkerReply =
  | { id: number; type: 'picture'; decoded: number; candidates: number; link?: QrLink }
  | { id: number; type: 'done'; decoded: number; unread: number; late?: { count: number; where: QrWhere[] } }
  | { id: number; type: 'failed'; error: string };

/** How the reading went: where it ran, and whether the worker was stopped at its deadline. */
export interface QrRun extends QrReading {
  via: 'worker' | 'main' | 'none';
  timedOut?: boolean;
  /** Why the main thread read the pictures (the worker's failure). */
  fallback?: string;
}

export interface QrReaderOptions {
  /** The worker's module; undefined: read on the main thread. Default: defaultWorkerUrl. */
  workerUrl?: () => Promise<URL | undefined>;
  deadlineMs?: number;
  /** Replaces QR_TIME_BUDGET_MS (tests on a loaded machine, where "which pictures are read" must not depend on its speed). */
  timeBudgetMs?: number;
  resourceLimits?: ResourceLimits;
  /** Read on the main thread by choice (config qrThread off): no worker, and no fallback reported. */
  mainThread?: boolean;
}

/** One message's pictures waiting for, or in, the worker, and what the worker reported so far. */
interface QrJob {
  request: WorkerRequest;
  transfer: ArrayBuffer[];
  decoded: number;
  candidates: number;
  links: QrLink[];
}

export class QrReader {
  private readonly queue: WorkerQueue<QrJob, WorkerReply, QrRun | Error>;
  private failures = 0;
  /** A request was answered once: from then on a failure (a hostile picture) never disables the worker. */
  private worked = false;
  private readonly deadlineMs: number;

  constructor(private readonly options: QrReaderOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? QR_WORKER_DEADLINE_MS;
    this.queue = new WorkerQueue<QrJob, WorkerReply, QrRun | Error>({
      label: 'QR worker',
      workerUrl: options.workerUrl ?? defaultWorkerUrl,
      resourceLimits: options.resourceLimits ?? QR_WORKER_LIMITS,
      message: (id, job) => {
        job.request.id = id;
        return { message: job.request, transfer: job.transfer };
      },
      reply: (job, reply) => {
        if (reply.type === 'picture') {
          job.decoded = reply.decoded;
          job.candidates = reply.candidates;
          if (reply.link) job.links.push(reply.link);
          return undefined;
        }
        if (reply.type === 'failed') return { failure: new Error(`QR worker failed: ${reply.error}`) };
        this.failures = 0;
        this.worked = true;
        const result: QrRun = { links: job.links, decoded: reply.decoded, unread: reply.unread, ms: 0, via: 'worker' };
        if (reply.late) result.late = reply.late;
        return { result };
      },
      // past the deadline the message keeps what was found
      timedOut: (job) => partial(job, true),
      // the worker failed (start, crash, out of memory): the message is read on the main thread
      failed: (_, err) => err,
      unavailable: (_, err) => err,
      onFailure: () => {
        this.failures++;
      },
    });
  }

  /** Reads the QR codes of the sources: in the worker when it can, else on this thread. Never throws. */
  async read(sources: readonly QrSource[], signal?: AbortSignal, opts: { deadlineMs?: number; timeBudgetMs?: number } = {}): Promise<QrRun> {
    const started = performance.now();
    const { request, transfer } = await this.payload(sources);
    const timeBudgetMs = opts.timeBudgetMs ?? this.options.timeBudgetMs;
    if (timeBudgetMs !== undefined) request.timeBudgetMs = timeBudgetMs;
    if (request.sources.length === 0) return { links: [], decoded: 0, unread: 0, ms: performance.now() - started, via: 'none' };
    let reason: string;
    if (!this.worked && this.failures >= MAX_START_FAILURES) reason = 'worker disabled after repeated failures';
    else if (!(await this.queue.module())) reason = 'no worker module';
    else {
      const job: QrJob = { request, transfer, decoded: 0, candidates: request.sources.length, links: [] };
      const got = await this.queue.run(job, opts.deadlineMs ?? this.deadlineMs, (j) => partial(j, false), signal);
      if (!(got instanceof Error)) return { ...got, ms: performance.now() - started };
      reason = got.message;
    }
    const here = await readQrLinks(sources, signal, timeBudgetMs === undefined ? {} : { timeBudgetMs });
    const run: QrRun = { ...here, ms: performance.now() - started, via: 'main' };
    if (!this.options.mainThread) run.fallback = reason;
    return run;
  }

  /** Stops the worker (tests, shutdown). */
  close(): Promise<void> {
    return this.queue.close();
  }

  /** The sources as the worker gets them: each picture's bytes once (header checked here, cheaply), each PDF's. */
  private async payload(sources: readonly QrSource[]): Promise<{ request: WorkerRequest; transfer: ArrayBuffer[] }> {
    const out: WorkerSource[] = [];
    const transfer: ArrayBuffer[] = [];
    // QR_MAX_SOURCES handed over at most, counting only pictures within the size window (as
    // readQrLinks): icons and spacers before a QR picture do not push it out
    for (const s of sources.slice(0, QR_MAX_LOOKED_AT)) {
      if (out.length >= QR_MAX_SOURCES) break;
      let bytes: Buffer | undefined = s.pdf;
      if (!bytes && s.image) {
        try {
          bytes = await s.image();
        } catch {
          continue;
        }
        const info = imageInfo(bytes);
        if (!info || !sizeAllowed(info) || bytes.length > QR_MAX_FILE_BYTES) continue;
      }
      if (!bytes) continue;
      // a copy of its own: the caller's buffer may be a slice of a larger one, and stays usable for the fallback
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      transfer.push(copy.buffer);
      const w: WorkerSource = { where: s.where, path: s.path, pdf: s.pdf !== undefined, bytes: copy };
      if (s.attachmentId !== undefined) w.attachmentId = s.attachmentId;
      out.push(w);
    }
    return { request: { id: 0, sources: out }, transfer };
  }
}

/** What the worker found before the message was stopped (deadline) or given up (aborted). */
function partial(job: QrJob, timedOut: boolean): QrRun {
  const run: QrRun = { links: job.links, decoded: job.decoded, unread: Math.max(1, job.candidates - job.decoded), ms: 0, via: 'worker' };
  if (timedOut) {
    run.timedOut = true;
    // stopped at the deadline: what was not read was left for want of time
    run.late = { count: run.unread, where: [...new Set(job.request.sources.map((s) => s.where))] };
  }
  return run;
}

let shared: QrReader | undefined;
/** Whether the process's reader uses a worker thread (config qrThread, set at start by useQrThread). */
let threaded = true;

/**
 * Chooses where the process's QR codes are decoded from now on: a worker thread, or the main thread
 * (config LACHAN_QR_THREAD; the gateway's default is the main thread, as it needs ~35 MB less memory).
 */
export function useQrThread(on: boolean): void {
  if (on === threaded) return;
  threaded = on;
  void replaceQrReader(undefined);
}
/** The process's reader (one worker per process), made the first time a message has pictures. */
export function qrReader(): QrReader {
  return (shared ??= new QrReader(threaded ? {} : { workerUrl: async () => undefined, mainThread: true }));
}

/** Replaces the process's reader (tests); the one replaced is closed. */
export async function replaceQrReader(reader: QrReader | undefined): Promise<void> {
  const old = shared;
  shared = reader;
  if (old && old !== reader) await old.close();
}

/** worker.js beside this module, or worker.ts bundled when the sources run (worker-module.ts). */
export function defaultWorkerUrl(): Promise<URL | undefined> {
  return workerModuleUrl(new URL('./worker.js', import.meta.url));
}
