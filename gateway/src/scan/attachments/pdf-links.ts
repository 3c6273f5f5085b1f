import type { ParsedMessage, UrlRef } from '../../parse/types.js';
import { emptyMessage } from '../../parse/index.js';
import { toUrlRef } from '../../parse/url-ref.js';
import type { Finding, ScanContext } from '../types.js';
import { scanLinks } from '../links/index.js';
import { scanUrls } from '../urls/index.js';
import type { PdfLinks } from './walk.js';

/**
 * The links of a PDF attachment go through the same checks as the message's own links.
 *
 * Why here and not in ParsedMessage.urls: the parser does not open PDFs, and the scanners run side by
 * side on a finished ParsedMessage, so a URL found by this scanner cannot reach the URL scanner.
 * Instead each PDF's links are put in a message of their own (with the real sender, which some
 * checks weigh) and given to the URL scanner's own functions: scanUrls (block lists, the
 * abused-hosting list as url.listed, IP hosts, shorteners, lookalikes of protected domains,
 * suspicious schemes, redirect parameters) and scanLinks (url.abused-hosting, url.abused-tld,
 * url.server-host; not url.hidden-destination, which is about every link of the whole message).
 * Each finding names the PDF (attachment id and path), so a strip rule would remove that PDF.
 */

const PDF_LINK_KINDS: ReadonlySet<Finding['kind']> = new Set(['url.abused-hosting', 'url.abused-tld', 'url.server-host']);

export function pdfLinkFindings(message: ParsedMessage, ctx: ScanContext, pdfs: readonly PdfLinks[]): Finding[] {
  const out: Finding[] = [];
  let budget = ctx.limits.maxUrls;
  for (const pdf of pdfs) {
    if (budget <= 0 || ctx.signal?.aborted) break;
    const urls: UrlRef[] = [];
    for (const uri of pdf.uris.slice(0, budget)) {
      const ref = toUrlRef(uri, 'attachment');
      if (ref) urls.push({ ...ref, partId: pdf.attachmentId });
    }
    budget -= urls.length;
    if (urls.length === 0) continue;
    const own: ParsedMessage = { ...emptyMessage(), from: message.from, urls };
    const where = ` (link in PDF ${pdf.path.join(' → ')})`;
    const found = [...scanUrls(own, ctx), ...scanLinks(own, ctx).filter((f) => PDF_LINK_KINDS.has(f.kind))];
    for (const f of found) out.push({ ...f, detail: `${f.detail}${where}`, attachment: pdf.attachmentId });
  }
  return out;
}
