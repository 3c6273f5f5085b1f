import type { LachanError } from '../errors.js';
import type { Logger } from '../log.js';

/** Retention's first run after start, then its period. */
export const RETENTION_FIRST_MS = 60_000;
export const RETENTION_EVERY_MS = 60 * 60_000;

/**
 * Runs quarantine retention (purgeExpired) a minute after start and then hourly, never two runs at
 * once; a failure (database down) is logged and the next run tries again. Timers are unref'd.
 */
export function startRetention(enabled: boolean, run: () => Promise<unknown>, log: Logger, firstMs = RETENTION_FIRST_MS, everyMs = RETENTION_EVERY_MS): { stop(): void } {
  if (!enabled) return { stop: () => undefined };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    run().then(
      () => undefined,
      (err: unknown) => log.warn({ evt: 'quarantine.retention_failed', code: (err as LachanError).code, err: (err as Error).message }, 'quarantine retention failed; tried again later'),
    ).finally(() => {
      if (!stopped) timer = setTimeout(tick, everyMs).unref();
    });
  };
  timer = setTimeout(tick, firstMs).unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
