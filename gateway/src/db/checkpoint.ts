import type BetterSqlite3 from 'better-sqlite3';

/**
 * When SQLite copies the write-ahead log back into the database file (a checkpoint).
 *
 * With synchronous=NORMAL a commit costs no fsync, but a checkpoint fsyncs the WAL and the database
 * file, and better-sqlite3 runs it on the event loop inside whichever COMMIT crossed SQLite's
 * `wal_autocheckpoint` (1,000 pages by default). Measured here: copying a few hundred pages takes
 * 0.2 ms, the two fsyncs 3–17 ms; with the mail path's ~16 pages per message that was a stall in
 * one message of every ~60 — the message whose record happened to commit it waited for the disk,
 * and so did every session on the event loop (the p99 of the added latency).
 *
 * So the gateway checkpoints when it is idle instead: IDLE_CHECKPOINT_MS after the last commit,
 * a PASSIVE checkpoint (it never waits for, nor blocks, a reader or a writer). Office mail comes in
 * bursts, so nearly every checkpoint falls between messages. Under load without a pause, SQLite's
 * own autocheckpoint still bounds the log, at AUTOCHECKPOINT_PAGES (~40 MB): one stall every ~600
 * messages instead of every ~60, and ten times fewer fsyncs in all. Durability is unchanged: what
 * a commit guarantees depends on the synchronous setting, not on when the log is copied back.
 */
export const AUTOCHECKPOINT_PAGES = 10_000;
export const IDLE_CHECKPOINT_MS = 250;

export interface IdleCheckpointer {
  /** A commit happened: checkpoint once nothing has been committed for the idle time. */
  touch(): void;
  /** No more checkpoints (the handle is closing: SQLite checkpoints on close itself). */
  stop(): void;
}

/** Sets the autocheckpoint bound on `raw` and checkpoints it after every idle pause. */
export function idleCheckpointer(
  raw: Pick<BetterSqlite3.Database, 'pragma' | 'open'>,
  idleMs = IDLE_CHECKPOINT_MS,
  onError?: (err: unknown) => void,
): IdleCheckpointer {
  raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = (): void => {
    timer = undefined;
    if (stopped || !raw.open) return;
    try {
      raw.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      // another process holding the checkpoint lock is not an error (PASSIVE reports it as busy);
      // anything else is logged, and SQLite's autocheckpoint still bounds the log
      onError?.(err);
    }
  };
  return {
    touch() {
      if (stopped) return;
      if (timer) timer.refresh();
      else timer = setTimeout(run, idleMs).unref();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
