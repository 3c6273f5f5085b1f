import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';

/**
 * One worker thread given one job at a time, the others waiting their turn here, in order: the
 * mechanics the PDF text reader (scan/pdf-text/off-thread.ts), the QR reader
 * (scan/qr/off-thread.ts) and 7-Zip (scan/attachments/seven-zip-thread.ts) share. The worker is started for the first job and kept for the next
 * ones (unref'd: it never holds the process open), with a capped heap; with `idleMs`, it is stopped
 * after that long without a job.
 *
 * Each job has a hard deadline from the moment it is posted: past it the worker is terminated (a
 * fresh one starts for the next job). A worker that fails under a job (an 'error', an exit, a
 * message that cannot be posted, or a reply the reader calls a failure) is terminated too. A job
 * aborted by its signal is answered at once (while waiting, or while in the worker, whose answer is
 * then dropped). While a job is in it, the worker may ask questions, answered from the job (7-Zip
 * asks for a pick or password candidates). Closing the queue ends the job in the worker and the
 * waiting ones as failed. Every job gets exactly one result, made by the reader's hooks; nothing
 * here throws.
 */

export interface WorkerQueueSpec<Data, Reply extends { id: number }, Result> {
  /** Names the worker in failure reasons: `${label} exited (code 1)`, `${label} failed: …`. */
  label: string;
  /** The worker's module, asked for once (a rejection counts as none). */
  workerUrl: () => Promise<URL | undefined>;
  resourceLimits: ResourceLimits;
  /** The worker is stopped after this long without a job; undefined: it is kept. */
  idleMs?: number;
  /** A job's result without the worker, decided when its turn comes; undefined: it goes to the worker. */
  skip?(data: Data): Result | undefined;
  /** What is posted for a job when the worker is free (`id` to put in it), and the buffers transferred. */
  message(id: number, data: Data): { message: unknown; transfer: TransferListItem[] };
  /**
   * The worker's reply for the job in it: its result (and whether to replace the worker after it),
   * a failure (the worker is terminated, as when it dies), an answer posted back to the worker (it
   * asked a question; the job stays in it), or undefined for a progress report.
   */
  reply(data: Data, reply: Reply): { result: Result; replaceWorker?: boolean } | { failure: Error } | { answer: unknown } | undefined;
  /** The result of a job whose deadline passed (the worker was terminated). */
  timedOut(data: Data): Result;
  /** The result of a job whose worker failed under it (or that was in or waiting for it when the queue closed). */
  failed(data: Data, err: Error): Result;
  /** The result of a job for which no worker could be started. */
  unavailable(data: Data, err: Error): Result;
  /** Told of each worker that could not start or failed (with or without a job in it). */
  onFailure?(err: Error): void;
}

interface Job<Data, Result> {
  id: number;
  data: Data;
  deadlineMs: number;
  settled: boolean;
  resolve(result: Result): void;
}

export class WorkerQueue<Data, Reply extends { id: number }, Result> {
  private worker: Worker | undefined;
  private moduleUrl: Promise<URL | undefined> | undefined;
  private url: URL | undefined;
  private nextId = 1;
  private readonly queue: Job<Data, Result>[] = [];
  private current: Job<Data, Result> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  /** Workers started (tests and logs: a restart shows as a new one). */
  started = 0;

  constructor(private readonly spec: WorkerQueueSpec<Data, Reply, Result>) {}

  /** The worker's module (undefined: there is none, and run() must not be called). */
  async module(): Promise<URL | undefined> {
    const url = await (this.moduleUrl ??= this.spec.workerUrl().catch(() => undefined));
    this.url = url;
    return url;
  }

  /** Queues a job (after module() gave a URL); `aborted` is its result when `signal` aborts first. */
  run(data: Data, deadlineMs: number, aborted: (data: Data) => Result, signal?: AbortSignal): Promise<Result> {
    return new Promise((resolve) => {
      const job: Job<Data, Result> = { id: this.nextId++, data, deadlineMs, settled: false, resolve: () => undefined };
      const onAbort = () => this.settle(job, aborted(data));
      job.resolve = (result) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Whether a worker is running now (tests: stopped when idle). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Terminates the worker as a crash would (tests): the job in it fails, the next gets a fresh worker. */
  killWorker(): void {
    void this.worker?.terminate();
  }

  /** Stops the worker (tests, shutdown): the job in it and those waiting end as failed. */
  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const w = this.worker;
    this.worker = undefined;
    const jobs = [this.current, ...this.queue.splice(0)];
    this.finish();
    const stopped = new Error(`${this.spec.label} was stopped`);
    for (const job of jobs) if (job) this.settle(job, this.spec.failed(job.data, stopped));
    if (w) await w.terminate();
  }

  private settle(job: Job<Data, Result>, result: Result): void {
    if (job.settled) return;
    job.settled = true;
    job.resolve(result);
  }

  /** Posts the next job when the worker is free. */
  private pump(): void {
    if (this.current) return;
    let job = this.queue.shift();
    while (job?.settled) job = this.queue.shift(); // aborted while waiting
    if (!job) return this.idleLater();
    const early = this.spec.skip?.(job.data);
    if (early !== undefined) {
      this.settle(job, early);
      return this.pump();
    }
    if (this.idle) clearTimeout(this.idle);
    const worker = this.ensureWorker();
    if (worker instanceof Error) {
      this.settle(job, this.spec.unavailable(job.data, worker));
      return this.pump();
    }
    this.current = job;
    // not unref'd: a job in the worker keeps the process up until its answer or its deadline
    this.timer = setTimeout(() => this.overrun(job), job.deadlineMs);
    this.post(worker, () => this.spec.message(job.id, job.data));
  }

  /** Posts to the worker; a message that cannot be made or posted fails the worker. */
  private post(worker: Worker, make: () => { message: unknown; transfer?: TransferListItem[] }): void {
    try {
      const { message, transfer } = make();
      worker.postMessage(message, transfer);
    } catch (err) {
      this.lose(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private ensureWorker(): Worker | Error {
    if (this.worker) return this.worker;
    if (!this.url) return new Error('no worker module');
    let worker: Worker;
    try {
      worker = new Worker(this.url, { resourceLimits: this.spec.resourceLimits, stdout: false, stderr: false });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.spec.onFailure?.(error);
      return error;
    }
    this.started++;
    worker.on('message', (reply: Reply) => this.onReply(worker, reply));
    worker.on('error', (err) => {
      if (this.worker === worker) this.lose(new Error(`${this.spec.label} failed: ${err.message}`));
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.lose(new Error(`${this.spec.label} exited (code ${code})`));
    });
    // after the listeners: adding a 'message' listener refs the worker's port again
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onReply(worker: Worker, reply: Reply): void {
    const job = this.current;
    if (worker !== this.worker || !job || reply.id !== job.id) return;
    const got = this.spec.reply(job.data, reply);
    if (!got) return;
    if ('failure' in got) return this.lose(got.failure);
    if ('answer' in got) return this.post(worker, () => ({ message: got.answer }));
    this.finish();
    if (got.replaceWorker) this.drop();
    this.settle(job, got.result);
    this.pump();
  }

  /** Past the deadline: the worker is stopped, the job gets what the reader makes of it. */
  private overrun(job: Job<Data, Result>): void {
    if (this.current !== job) return;
    this.finish();
    this.drop();
    this.settle(job, this.spec.timedOut(job.data));
    this.pump();
  }

  /** The worker failed (a crash, out of memory, an exit, a failed post): the job in it ends with the failure. */
  private lose(err: Error): void {
    this.drop();
    this.spec.onFailure?.(err);
    const job = this.current;
    this.finish();
    if (job) this.settle(job, this.spec.failed(job.data, err));
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
    if (this.spec.idleMs === undefined || !this.worker) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (!this.current && this.queue.length === 0) this.drop();
    }, this.spec.idleMs);
    this.idle.unref();
  }
}
