import type { ResourceLimits } from 'node:worker_threads';
import { errorText } from '../../errors.js';
import { workerModuleUrl } from '../../worker-module.js';
import { WorkerQueue } from '../../worker-queue.js';
import type { ArchiveContents, ArchivePasswords, Decompressed, ListedEntry, ListingOk, NotInspected, PickFunction, PickLimits, SkipReason } from './archive-listing.js';

/**
 * The main thread's side of the 7-Zip worker (seven-zip-worker.ts). 7-Zip (WebAssembly) runs
 * synchronously: on the main thread a 20 MB 7z held the event loop for ~70–150 ms, and 24 wrong
 * password tries on a 7z for ~0.7–2 s, stalling every SMTP session of the process. So one worker
 * thread per process owns the 7z-wasm instances: started on the first archive, given one archive
 * at a time (the others wait their turn here, in order), and stopped after SEVENZIP_IDLE_MS without
 * one, so that an idle gateway holds no 7-Zip memory (~15 MB for the worker and the compiled module).
 *
 * The archive goes over as a copy (transferred, not copied again; the caller keeps its buffer); the
 * extracted files come back transferred. The pick goes as data (PickLimits, applied by pickEntries
 * in the worker); a pick function (tests) stays here, the worker asking for it with the listing.
 * Password candidates are asked for only when the listing shows encryption; the worker gets what is
 * left of the attachment's TryBudget and says what it spent, which is taken from it here.
 *
 * Fail closed: past SEVENZIP_TIMEOUT_MS, or when the worker dies (out of memory, a crash, an error),
 * the worker is terminated (a fresh one starts for the next archive) and the archive comes back not
 * inspected ('timeout', 'worker-failed': walk.ts makes it attachment.uninspectable with that tag),
 * with the attachment's password tries all spent. Nothing here throws. The queue and the worker's
 * life: worker-queue.ts (shared with the PDF text and QR readers).
 */

/**
 * Most wall-clock time for one archive in the worker, from the moment it is sent (its wait in the
 * queue not counted). The worst legitimate archive here: the attachment's 24 password tries (~2 s
 * with the cores busy), extracting EXTRACT_MAX_BYTES (~2.5 s busy) and listing 25 MB (~0.2 s); this
 * gives it four times that, for a heavily loaded machine. Past it 7-Zip is taken to hang.
 */
export const SEVENZIP_TIMEOUT_MS = 20_000;
/** The worker is stopped after this long without an archive (its timer never holds the process open). */
export const SEVENZIP_IDLE_MS = 30_000;
/**
 * The worker's JavaScript heap: 7-Zip's own heap is WebAssembly memory (LIST_MAX_HEAP, outside
 * this), extracted files are Buffers (outside too); what is left is 7z-wasm's glue and the listing.
 */
export const SEVENZIP_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 };

/** Main thread → worker. */
export type ToWorker =
  | { op: 'extract'; id: number; bytes: Uint8Array; maxEntries: number; pick: PickLimits | 'ask'; passwords?: { left: number } }
  | { op: 'decompress'; id: number; bytes: Uint8Array; type: string; cap: number }
  /** An answer to the worker's question: the picked entries (an index in the listing, or an entry of the pick's own), or the candidates. */
  | { op: 'answer'; id: number; picked?: (number | ListedEntry)[]; candidates?: readonly string[]; error?: string };

/** What crosses back for an archive: ArchiveContents with its buffers as Uint8Arrays (a Buffer arrives as one). */
export interface WireContents extends Omit<ArchiveContents, 'extraction'> {
  extraction?: Omit<NonNullable<ArchiveContents['extraction']>, 'files' | 'others'> & {
    files: Map<ListedEntry, Uint8Array>;
    others: { name: string; data: Uint8Array }[];
  };
  skipped?: Map<ListedEntry, SkipReason>;
}

/** Worker → main thread. */
export type FromWorker =
  | { type: 'pick'; id: number; listing: ListingOk; encrypted: boolean }
  | { type: 'candidates'; id: number }
  | { type: 'done'; id: number; contents?: WireContents; decompressed?: Omit<Decompressed, 'data'> & { data?: Uint8Array }; spent: number }
  | { type: 'failed'; id: number; error: string; spent: number };

export interface SevenZipThreadOptions {
  timeoutMs?: number;
  idleMs?: number;
  resourceLimits?: ResourceLimits;
  /** The worker's module (tests); default: seven-zip-worker.js beside this file, or its .ts bundled (worker-module.ts). */
  workerUrl?: () => Promise<URL | undefined>;
}

type Outcome = { reply: Extract<FromWorker, { type: 'done' }> } | { notInspected: NotInspected; detail: string };

/**
 * Shared by the archives of one message: once one hangs 7-Zip or kills its thread, `failed` says
 * so, and the message's archives still queued are answered at once, not inspected, the same way:
 * each would otherwise hold the one 7-Zip thread, which every message's archives queue for, up to
 * the timeout again.
 */
/** The detail of an archive not sent because an earlier one of its message stopped 7-Zip. */
export const AFTER_FAILURE = 'an earlier archive of this message stopped 7-Zip';

export interface SevenZipGate {
  failed?: NotInspected;
}

/** One archive (or stream) waiting for, or in, the worker. */
interface SevenZipJob {
  request: Extract<ToWorker, { op: 'extract' | 'decompress' }>;
  timeoutMs: number;
  pick?: PickFunction;
  passwords?: ArchivePasswords;
  gate?: SevenZipGate;
}

export class SevenZipThread {
  private readonly queue: WorkerQueue<SevenZipJob, FromWorker, Outcome>;
  /** The per-archive limit (SEVENZIP_TIMEOUT_MS; tests lower it for one archive). */
  timeoutMs: number;

  constructor(options: SevenZipThreadOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? SEVENZIP_TIMEOUT_MS;
    this.queue = new WorkerQueue<SevenZipJob, FromWorker, Outcome>({
      label: 'the 7-Zip worker',
      workerUrl: options.workerUrl ?? defaultWorkerUrl,
      resourceLimits: options.resourceLimits ?? SEVENZIP_WORKER_LIMITS,
      idleMs: options.idleMs ?? SEVENZIP_IDLE_MS,
      skip: (job) => (job.gate?.failed ? notInspected(job, job.gate.failed, AFTER_FAILURE) : undefined),
      message: (id, { request, passwords }) => {
        request.id = id;
        // the tries left now: the archives of one attachment come one after another, so none spends meanwhile
        if (passwords && request.op === 'extract') request.passwords = { left: passwords.budget.remaining };
        return { message: request, transfer: [request.bytes.buffer as ArrayBuffer] };
      },
      reply: (job, reply) => {
        if (reply.type === 'pick') return { answer: answer(reply.id, () => ({ picked: pickHere(job.pick, reply.listing, reply.encrypted) })) };
        if (reply.type === 'candidates') return { answer: answer(reply.id, () => ({ candidates: job.passwords?.candidates() ?? [] })) };
        job.passwords?.budget.spend(reply.spent);
        if (reply.type === 'failed') return { failure: new Error(`7-Zip failed: ${reply.error}`) };
        return { result: { reply } };
      },
      timedOut: (job) => notInspected(job, 'timeout', `7-Zip did not finish within ${job.timeoutMs / 1000} s`),
      failed: (job, err) => notInspected(job, 'worker-failed', err.message),
      unavailable: (job, err) => notInspected(job, 'worker-failed', `the 7-Zip worker cannot start: ${err.message}`),
    });
  }

  /** archive-listing.ts extractArchive, in the worker. */
  async extract(bytes: Buffer, maxEntries: number, pick: PickLimits | PickFunction, passwords?: ArchivePasswords, gate?: SevenZipGate): Promise<ArchiveContents> {
    const request: ToWorker = { op: 'extract', id: 0, bytes: copyOf(bytes), maxEntries, pick: typeof pick === 'function' ? 'ask' : pick };
    const outcome = await this.run({ request, timeoutMs: this.timeoutMs, pick: typeof pick === 'function' ? pick : undefined, passwords, gate });
    if ('notInspected' in outcome) return { listing: { ok: false, reason: outcome.notInspected, detail: outcome.detail } };
    const contents = outcome.reply.contents;
    if (!contents) return { listing: { ok: false, reason: 'worker-failed', detail: 'the 7-Zip worker gave no listing' } };
    const { extraction, ...rest } = contents;
    if (!extraction) return rest;
    const files = new Map([...extraction.files].map(([entry, data]) => [entry, asBuffer(data)] as const));
    return { ...rest, extraction: { ...extraction, files, others: extraction.others.map((o) => ({ name: o.name, data: asBuffer(o.data) })) } };
  }

  /** archive-listing.ts decompressStream, in the worker. */
  async decompress(bytes: Buffer, type: string, cap: number, gate?: SevenZipGate): Promise<Decompressed> {
    const outcome = await this.run({ request: { op: 'decompress', id: 0, bytes: copyOf(bytes), type, cap }, timeoutMs: this.timeoutMs, gate });
    if ('notInspected' in outcome) return { overCap: false, failure: outcome.detail, notInspected: outcome.notInspected };
    const got = outcome.reply.decompressed;
    if (!got) return { overCap: false, failure: 'the 7-Zip worker gave no output', notInspected: 'worker-failed' };
    const { data, ...rest } = got;
    return data ? { ...rest, data: asBuffer(data) } : rest;
  }

  /** Whether a worker is running now (tests: stopped when idle). */
  get running(): boolean {
    return this.queue.running;
  }

  /** Terminates the worker as a crash would (tests): the archive in it comes back not inspected, the next gets a fresh worker. */
  killWorker(): void {
    this.queue.killWorker();
  }

  /** Stops the worker (tests, shutdown); an archive in it, or waiting for it, comes back not inspected. */
  close(): Promise<void> {
    return this.queue.close();
  }

  private async run(job: SevenZipJob): Promise<Outcome> {
    await this.queue.module(); // none: the job is answered as unavailable
    return this.queue.run(job, job.timeoutMs, () => notInspected(job, 'worker-failed', 'aborted'));
  }
}

/**
 * An archive not inspected: the attachment's other archives get no tries this one may have been
 * spending, and the message's archives no more 7-Zip (SevenZipGate).
 */
function notInspected(job: SevenZipJob, why: NotInspected, detail: string): Outcome {
  job.passwords?.budget.spend(job.passwords.budget.remaining);
  if (job.gate) job.gate.failed ??= why;
  return { notInspected: why, detail };
}

/** The answer to the worker's question (its work waits for it); a pick or candidates that throw fail the archive there. */
function answer(id: number, get: () => Omit<Extract<ToWorker, { op: 'answer' }>, 'op' | 'id'>): ToWorker {
  try {
    return { op: 'answer', id, ...get() };
  } catch (err) {
    return { op: 'answer', id, error: errorText(err) };
  }
}

/** The pick function run on this thread: each entry picked as its index in the listing, or itself when it is not one of them. */
function pickHere(pick: PickFunction | undefined, listing: ListingOk, encrypted: boolean): (number | ListedEntry)[] {
  if (!pick) throw new Error('no pick function');
  return pick(listing, { encrypted }).map((e) => {
    const i = listing.entries.indexOf(e);
    return i >= 0 ? i : e;
  });
}

/** A copy of the archive of its own, to transfer: the caller's buffer may be a slice of a larger one, and stays the caller's. */
function copyOf(bytes: Buffer): Uint8Array {
  // (not zero-filled first, nor from the pool: one pass over the bytes, into an ArrayBuffer of their own)
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

const asBuffer = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** seven-zip-worker.js beside this module (the built gateway), else its .ts bundled (worker-module.ts). */
export function defaultWorkerUrl(): Promise<URL | undefined> {
  return workerModuleUrl(new URL('./seven-zip-worker.js', import.meta.url));
}

let shared: SevenZipThread | undefined;

/** The process's 7-Zip worker, made on the first archive. */
export function sevenZipThread(): SevenZipThread {
  return (shared ??= new SevenZipThread());
}

/** Replaces the process's 7-Zip worker (tests: a short timeout); the one replaced is closed. */
export async function replaceSevenZipThread(thread: SevenZipThread | undefined): Promise<void> {
  const old = shared;
  shared = thread;
  if (old && old !== thread) await old.close();
}
