import type { Attachment, ParsedMessage } from '../../parse/types.js';
import { HTML_MAX_BYTES, inspectHtml, looksLikeHtml } from '../attachments/html.js';
import { guardedScanner } from '../guarded.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { sentFromKnownDomain } from '../urls/lists.js';
import { imageOnlyFinding } from './image-only.js';
import { pushedOutOfViewFinding } from './pushed-away.js';
import { startTags } from './tags.js';

/**
 * Web pages where mail should hold none:
 *  - content.credential-form: the message body itself holds a password field (a sign-in form
 *    inside the mail). At most one per message.
 *  - content.image-only: the body shows almost no words, only pictures (image spam, QR-code lures);
 *    see image-only.ts. At most one per message; not for mail from known domains (sentFromKnownDomain).
 *  - content.pushed-out-of-view: the body's CSS pushes part of it screens away from view (a copied
 *    newsletter shoved below a pasted lure); see pushed-away.ts. Not for mail from known domains.
 *  - attachment.html: an HTML or SVG attachment of any kind (a local page opens without any link
 *    to check), tagged 'html' or 'svg', 'disguised' when its name hides that it is a page
 *    (invoice.pdf that is HTML), and 'script' / 'form' / 'password' / 'meta-refresh' for what it holds.
 * Observes only; the policy decides. The attachments scanner's 'attachment.html-form' covers the
 * same files when they hold forms or scripts; this one also sees the plain ones.
 */

/** In the attributes of an <input> tag (startTags). */
const PASSWORD_TYPE = /\btype\s*=\s*["']?password\b/i;
const NESTED_DEPTH = 8;
/** Names that say "web page" (the rest of the list in attachments/html.ts also holds hta, mht). */
const PAGE_EXT = /\.(s?html?|xht(ml)?|svgz?|mht(ml)?)$/i;
const ATTACHMENTS_LOOKED_AT = 50;

/** A frame, embed or object whose data: address carries a page (attachments/html.ts dataPage reads it). */
const DATA_PAGE_FRAME = /<(?:i?frame|embed|object)\b[^<>]{0,200}?\b(?:src|data)\s{0,4}=\s{0,4}["']?data:\s{0,4}(?:text\/html|application\/xhtml\+xml|image\/svg\+xml)/i;

function hasPasswordInput(html: string): boolean {
  for (const attributes of startTags(html, 'input')) if (PASSWORD_TYPE.test(attributes)) return true;
  // a sign-in page inside a data: frame of the body, read as a page with the same form checks
  if (DATA_PAGE_FRAME.test(html)) {
    const traits = inspectHtml(Buffer.from(html, 'utf8'));
    return traits.dataFrameForm && traits.password;
  }
  return false;
}

function hasPasswordForm(message: ParsedMessage): boolean {
  const walk = (m: ParsedMessage, depth: number): boolean =>
    hasPasswordInput(m.html.slice(0, HTML_MAX_BYTES)) || (depth < NESTED_DEPTH && m.nested.some((n) => walk(n, depth + 1)));
  return walk(message, 0);
}

function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

async function htmlAttachment(a: Attachment): Promise<Finding | undefined> {
  const ext = extOf(a.filename);
  if (!looksLikeHtml(ext, a.contentType, a.content.head)) return undefined;
  const head = a.content.head.subarray(0, 1024).toString('latin1').toLowerCase();
  const svg = ext === 'svg' || ext === 'svgz' || a.contentType === 'image/svg+xml' || /<svg\b/.test(head);
  const tags = [svg ? 'svg' : 'html'];
  // A page under another name (scan.pdf, ATT0001 with no extension but HTML inside).
  if (!PAGE_EXT.test(a.filename)) tags.push('disguised');
  const bytes = await a.content.buffer();
  // the whole buffer (inspectHtml reads its first HTML_MAX_BYTES): the attachments scanner reads the same one
  const traits = inspectHtml(bytes);
  if (traits.script) tags.push('script');
  if (traits.form) tags.push('form');
  if (traits.password) tags.push('password');
  if (traits.metaRefresh) tags.push('meta-refresh');
  if (traits.eventHandler) tags.push('event-handler');
  return {
    scanner: 'attachments',
    kind: 'attachment.html',
    detail: `attachment ${a.filename || a.id} is ${svg ? 'an SVG image' : 'a web page'}${tags.includes('disguised') ? ' under another name' : ''}${tags.length > 1 ? ` (${tags.slice(1).join(', ')})` : ''}`,
    subject: a.filename || a.id,
    attachment: a.id,
    tags,
  };
}

export async function scanHtml(message: ParsedMessage, ctx: ScanContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (hasPasswordForm(message)) {
    findings.push({
      scanner: 'content',
      kind: 'content.credential-form',
      detail: 'the message body holds a form with a password field',
      subject: 'password',
      tags: ['password'],
    });
  }
  const known = sentFromKnownDomain(message, ctx.policy);
  const imageOnly = known ? undefined : imageOnlyFinding(message);
  if (imageOnly) findings.push(imageOnly);
  const pushed = known ? undefined : pushedOutOfViewFinding(message);
  if (pushed) findings.push(pushed);
  for (const a of message.attachments.slice(0, ATTACHMENTS_LOOKED_AT)) {
    if (ctx.signal?.aborted) break;
    const f = await htmlAttachment(a);
    if (f) findings.push(f);
  }
  return findings;
}

export const htmlScanner: Scanner = guardedScanner('content', 'html', scanHtml);
