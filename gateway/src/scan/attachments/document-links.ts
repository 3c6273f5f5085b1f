import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import { emptyMessage } from '../../parse/index.js';
import { toUrlRef } from '../../parse/url-ref.js';
import type { Finding, ScanContext } from '../types.js';
import { scanLinks } from '../links/index.js';
import { scanUrls } from '../urls/index.js';

/**
 * The links of a document attachment (a PDF's /URI entries, an Office document's hyperlink
 * relationships) go through the same checks as the message's own links.
 *
 * Why here and not in ParsedMessage.urls: the parser does not open PDFs or Office documents, and the scanners run side by
 * side on a finished ParsedMessage, so a URL found by this scanner cannot reach the URL scanner.
 * Instead each document's links are put in a message of their own (with the real sender, which some
 * checks weigh) and given to the URL scanner's own functions: scanUrls (block lists, the
 * abused-hosting list as url.listed, IP hosts, shorteners, lookalikes of protected domains,
 * suspicious schemes, redirect parameters) and scanLinks (url.abused-hosting, url.abused-tld,
 * url.server-host; not url.hidden-destination, which is about every link of the whole message).
 * Each finding names the document (attachment id and path), so a strip rule would remove it.
 */

/** The links of one document met in the walk. */
export interface DocumentLinks {
  attachmentId: string;
  path: string[];
  uris: string[];
  /** What the file is, when not the kind the caller names ('shortcut': a link file, shortcuts.ts). */
  what?: string;
}

const DOCUMENT_LINK_KINDS: ReadonlySet<Finding['kind']> = new Set(['url.abused-hosting', 'url.abused-tld', 'url.server-host']);

/** The end of the detail of a URL finding about a link in a document: where the link stands (shortcuts.ts looks for it). */
export function linkPlace(what: string, path: string): string {
  return ` (link in ${what} ${path})`;
}

/** `what` names the kind of document in each finding's detail ('PDF', 'document'); each call has its own maxUrls budget. */
export function documentLinkFindings(message: ParsedMessage, ctx: ScanContext, docs: readonly DocumentLinks[], what: string): Finding[] {
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
    const where = linkPlace(doc.what ?? what, doc.path.join(' → '));
    const found = [...scanUrls(own, ctx), ...scanLinks(own, ctx).filter((f) => DOCUMENT_LINK_KINDS.has(f.kind))];
    for (const f of found) out.push({ ...f, detail: `${f.detail}${where}`, attachment: doc.attachmentId });
  }
  return out;
}
