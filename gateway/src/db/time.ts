/** A point in time as callers give it: a Date or any string Date can parse. */
export type Time = Date | string;

/**
 * The one stored form of time: ISO-8601 UTC with milliseconds ('2025-03-01T08:15:00.000Z'). Fixed
 * width, so it sorts and compares as text on SQLite and PostgreSQL alike. Throws RangeError for an
 * invalid date: that is a programming error, never mail input.
 */
export function isoTime(time: Time): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  return date.toISOString();
}
