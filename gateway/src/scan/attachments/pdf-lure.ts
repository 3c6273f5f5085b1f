import type { ParsedMessage } from '../../parse/types.js';
import { toUrlRef } from '../../parse/url-ref.js';
import type { Finding, ScanContext } from '../types.js';
import { DomainFamilies } from '../links/families.js';
import { domainOfAddress } from '../urls/domains.js';
import { mayBeLure, type PdfLayout } from './pdf-layout.js';

/**
 * attachment.pdf-link-lure: a PDF whose only content is, in effect, one link — the credential-phish
 * carrier "you have a secure document, click to view", a page that is a picture of a document with
 * one big clickable area, or a short notice with one button:
 *  - one page (pdf-layout.ts counts /Page objects and /Pages /Count);
 *  - one to three link annotations opening web addresses, every web address of the PDF in one
 *    domain family (families.ts: the same registrable name, or one brand of the brands list);
 *  - that family is not the sender's (From), and the host is not a local or allowed domain: an
 *    invoice with a payment link on the shop's own site is the shop's business;
 *  - the link is what the page is about: it covers at least BIG_LINK of the page ('big-link'), or
 *    the page shows at most LITTLE_TEXT characters ('little-text'; 'no-text' when none) and the
 *    link is not in a header or footer strip (a letter with its web site in the footer is no lure).
 * Tags: what was seen ('one-page', 'big-link', 'little-text', 'no-text', 'encrypted' when the PDF
 * opened without a password) and the link's host. Multi-page documents, PDFs with links to
 * several sites, and big PDFs read in windows (their text is not counted) are not reported unless a
 * big link says enough. At most one finding per message (the first such PDF; the detail counts the others).
 */

/** Share of the page a link covers to be "the page is a button". */
export const BIG_LINK = 0.1;
/** Characters of text a lure page shows at most (a notice and a button; a letter page has 2,000–3,500). */
export const LITTLE_TEXT = 1000;
/** Header and footer strips (share of the page's height, from the top and from the bottom). */
const MARGIN = 0.1;

/** A PDF met in the attachment walk, with what its reader saw. */
export interface PdfLureCandidate {
  attachmentId: string;
  path: string[];
  layout: PdfLayout;
  uris: string[];
  encrypted: boolean;
}

/** The finding for the first lure among the message's PDFs (at most one per message: policies count distinct signs), or none. */
export function pdfLureFindings(message: ParsedMessage, ctx: ScanContext, docs: readonly PdfLureCandidate[]): Finding[] {
  let families: DomainFamilies | undefined;
  const found: Finding[] = [];
  for (const doc of docs) {
    if (!mayBeLure(doc.layout)) continue;
    families ??= new DomainFamilies(ctx.policy);
    const f = lureFinding(message, doc, families);
    if (f) found.push(f);
  }
  if (found.length > 1) found[0]!.detail += ` (and ${found.length - 1} more such PDF${found.length > 2 ? 's' : ''})`;
  return found.slice(0, 1);
}

function lureFinding(message: ParsedMessage, doc: PdfLureCandidate, families: DomainFamilies): Finding | undefined {
  const web = doc.uris.map((u) => toUrlRef(u, 'attachment')).filter((u) => u !== undefined && /^https?$/.test(u.scheme) && u.host !== '');
  if (web.length === 0) return undefined;
  const family = families.of(web[0]!.host);
  if (web.some((u) => families.of(u!.host) !== family)) return undefined;
  if (web.some((u) => families.trusted(u!.host))) return undefined;
  const sender = domainOfAddress(message.from[0]?.address);
  if (sender !== '' && families.of(sender) === family) return undefined;

  const boxes = doc.layout.links.filter((l) => l.web);
  const biggest = Math.max(...boxes.map((b) => b.area));
  const bigLink = biggest >= BIG_LINK;
  const chars = doc.layout.textChars;
  const littleText = chars !== undefined && chars <= LITTLE_TEXT && boxes.some((b) => b.y > MARGIN && b.y < 1 - MARGIN);
  if (!bigLink && !littleText) return undefined;

  const host = web[0]!.host;
  const tags = ['one-page'];
  if (bigLink) tags.push('big-link');
  if (littleText) tags.push(chars === 0 ? 'no-text' : 'little-text');
  if (doc.encrypted) tags.push('encrypted');
  tags.push(host);
  const text = chars === undefined ? 'text not counted' : `${chars} characters of text`;
  return {
    scanner: 'attachments',
    kind: 'attachment.pdf-link-lure',
    detail: `one-page PDF whose only link goes to ${host}, not the sender's domain (${boxes.length} link area${boxes.length > 1 ? 's' : ''}, the largest ${Math.round(biggest * 100)}% of the page; ${text}): ${short(web[0]!.url)}`,
    subject: doc.path.join(' → '),
    attachment: doc.attachmentId,
    tags,
  };
}

function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}
