import { collectGarbage } from './gc.js';

/**
 * Full garbage collections while large messages are being scanned, when buffers outside V8's heap
 * pile up.
 *
 * A large message is read several times in 64 KiB buffers (the spool by the parser and by the relay,
 * the decoded attachment into its temporary file and back out to clamd). Buffers that are still in
 * flight at two young-generation collections (waiting on clamd, on the disk, on the downstream server)
 * move to the old generation, and V8 frees those only at a full collection, which it starts by itself
 * only when buffers outside its heap have grown by 64 MiB since the last one. Through the 20 × 25 MB
 * memory test no full collection ran for the last ~17 s: the floor of `arrayBuffers` rose from ~10 to
 * ~37 MiB, peaks at 60–75 MiB, and glibc keeps what those buffers used. Young-generation collections
 * do not free them (tried in an earlier session, no gain).
 *
 * So while at least one large message is in flight, every `everyMs` the collector looks at
 * `process.memoryUsage().arrayBuffers` and runs a full collection when it is above `limitBytes` and
 * has grown by `growthBytes` since the last collection left it (buffers still in use, e.g. while
 * clamd is slow, are not collected again and again). With no large message in flight there is no
 * timer at all, so the small-message path costs nothing.
 */
export interface LargeGcOptions {
  limitBytes: number;
  /** ... and at least this much above what the last collection left (live buffers are not garbage). */
  growthBytes: number;
  everyMs: number;
  /** Injected by tests; default `process.memoryUsage().arrayBuffers`. */
  arrayBuffers?: () => number;
  /** Injected by tests; default V8's full collection (gc.ts). */
  collect?: () => void;
}

export type LargeGc = <T>(work: () => Promise<T>) => Promise<T>;

export const LARGE_GC_LIMIT_BYTES = 24 * 1024 * 1024;
export const LARGE_GC_GROWTH_BYTES = 16 * 1024 * 1024;
export const LARGE_GC_EVERY_MS = 250;

export function createLargeGc(opts: LargeGcOptions): LargeGc {
  const arrayBuffers = opts.arrayBuffers ?? (() => process.memoryUsage().arrayBuffers);
  const collect = opts.collect ?? collectGarbage;
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  /** What the last collection left; 0 before the first. */
  let left = 0;
  const check = () => {
    const now = arrayBuffers();
    if (now <= opts.limitBytes || now - left <= opts.growthBytes) return;
    collect();
    left = arrayBuffers();
  };
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (inFlight++ === 0) {
      timer = setInterval(check, opts.everyMs);
      timer.unref();
    }
    try {
      return await work();
    } finally {
      if (--inFlight === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    }
  };
}
