import { normaliseEntry, type EntryResult } from '../../policy/lists.js';

/** The phrase lists read by the harmful-language reader (harmful.ts) instead of the generic matchers. */
export const HARMFUL_LISTS: ReadonlySet<string> = new Set(['harmful_words', 'harmful_mild']);

/**
 * An entry of a harmful list: a phrase, where two letters are fine ("vl", "đm", "cc"): the reader
 * counts short abbreviations only as a word of their own in Vietnamese text, never inside links,
 * codes or before a colon, so the "very short phrase" warning of other lists does not apply. One
 * letter still warns.
 */
export function normaliseHarmfulEntry(entry: string): EntryResult {
  const result = normaliseEntry('phrase', entry);
  if ('value' in result && result.warning !== undefined && [...result.value].length === 2) return { value: result.value };
  return result;
}
