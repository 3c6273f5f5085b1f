import { destination, pino, type Logger } from 'pino';

/**
 * One logger per process; stages take child loggers with `{ ref }` so every line names its message.
 * JSON lines go to stderr: stdout is for what `lachan` prints for people.
 */
export function createLogger(level = process.env.LACHAN_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { svc: 'lachan' } }, destination({ dest: 2, sync: true }));
}

/** A logger that writes nothing: for the CLI's scan command and unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export type { Logger };
