import { find } from 'linkifyjs';
import type { UrlRef } from './types.js';
import { toUrlRef } from './url-ref.js';

/** Longest whitespace-free run handed to linkify: longer runs are not links anyone clicks. */
const MAX_SEGMENT = 4096;

/**
 * URLs in plain text, found by linkifyjs (`find`), including scheme-less ones like
 * `dichvucong-gov.vn/login` (taken as http://, as mail clients linkify them). E-mail addresses
 * are not URLs here. Text is scanned line by line, overlong runs skipped, to bound the work.
 */
export function textUrls(text: string, partId?: string): UrlRef[] {
  const refs: UrlRef[] = [];
  for (const line of text.split('\n')) {
    if (!/[.:/]/.test(line)) continue;
    const scan = line.length > MAX_SEGMENT ? line.replace(/\S{4097,}/g, ' ') : line;
    let found: ReturnType<typeof find>;
    try {
      found = find(scan, 'url');
    } catch {
      continue;
    }
    for (const link of found) {
      const ref = toUrlRef(link.href, 'text');
      if (!ref) continue;
      ref.raw = link.value;
      if (partId) ref.partId = partId;
      refs.push(ref);
    }
  }
  return refs;
}
