import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import { emptyMessage } from '../../parse/index.js';
import { toUrlRef } from '../../parse/url-ref.js';
import type { Finding, ScanContext } from '../types.js';
import { scanLinks } from '../links/index.js';
import { scanUrls } from '../urls/index.js';

/**
 * The hyperlinks of an Office document (OOXML relationships of type hyperlink, ooxml.ts) go through
 * the same checks as the message's own links, the way a PDF's links do (pdf-links.ts, which says why
 * they are checked in a message of their own). Each finding names the document, so a strip rule
 * would remove it.
 */

/** Hyperlinks of one document met in the walk. */
export interface OfficeLinks {
  attachmentId: string;
  path: string[];
  uris: string[];
}

const OFFICE_LINK_KINDS: ReadonlySet<Finding['kind']> = new Set(['url.abused-hosting', 'url.abused-tld', 'url.server-host']);

export function officeLinkFindings(message: ParsedMessage, ctx: ScanContext, docs: readonly OfficeLinks[]): Finding[] {
  const out: Finding[] = [];
  let budget = ctx.limits.maxUrls;
  for (const doc of docs) {
    if (budget <= 0 || ctx.signal?.aborted) break;
    const urls: UrlRef[] = [];
    for (const uri of doc.uris.slice(0, budget)) {
      const ref = toUrlRef(uri, 'attachment');
      if (ref) urls.push({ ...ref, partId: doc.attachmentId });
    }
    budget -= urls.length;
    if (urls.length === 0) continue;
    const own: ParsedMessage = { ...emptyMessage(), from: message.from, urls };
    const where = ` (link in document ${doc.path.join(' → ')})`;
    const found = [...scanUrls(own, ctx), ...scanLinks(own, ctx).filter((f) => OFFICE_LINK_KINDS.has(f.kind))];
    for (const f of found) out.push({ ...f, detail: `${f.detail}${where}`, attachment: doc.attachmentId });
  }
  return out;
}
