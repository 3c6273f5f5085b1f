/**
 * Column helpers shared by the repositories. PostgreSQL text cannot hold U+0000 (hostile mail can
 * put one in a subject), so free text is cleaned the same way on both databases; JSON documents
 * escape it themselves.
 */
export function cleanText(value: string | undefined | null): string {
  return (value ?? '').replace(/\u0000/g, '\uFFFD');
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Parses a JSON column; a value that is not JSON (edited by hand) reads as `fallback`, never a throw. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Lower-cased, trimmed, de-duplicated addresses in first-seen order. */
export function normaliseAddresses(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((a) => cleanText(a).trim().toLowerCase()).filter((a) => a !== ''))];
}

/** A page size from a caller (API query strings included): 1 … 10,000, default 100. */
export function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), 10_000) : 100;
}
