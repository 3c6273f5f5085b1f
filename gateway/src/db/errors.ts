import { LachanError } from '../errors.js';

/**
 * Any failure of a database operation becomes LachanError('LC_DB_UNAVAILABLE'): the record was not
 * written (or not read), so the SMTP layer answers 451 and the sender retries; nothing is acknowledged
 * that is not stored. The original error stays as `cause`, its code in the message for the logs.
 */
export function toDbError(err: unknown, operation: string): LachanError {
  if (err instanceof LachanError) return err;
  return new LachanError('LC_DB_UNAVAILABLE', `${operation}: ${describeCause(err)}`, { cause: err });
}

/** Runs a database operation, turning whatever it throws into LC_DB_UNAVAILABLE. */
export async function guarded<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toDbError(err, operation);
  }
}

function describeCause(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeCause(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' ? `${code} ${err.message}` : err.message;
  }
  return String(err);
}
