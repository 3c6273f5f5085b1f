import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { HTML_MARKER_ATTR, TEXT_MARKER, TEXT_MARKER_ASCII } from '../../src/act/banner.js';

/** A delivered message as a mail client would show it. */
export interface DeliveredView {
  text: string;
  html: string;
  attachments: Array<{ filename: string; sha256: string; size: number }>;
  /** The attachments inside forwarded messages (message/rfc822 attachments, opened as a client opens them), at every depth. */
  forwarded: Array<{ filename: string; sha256: string; size: number }>;
  /** X-Lachan-Verdict as delivered ('' when missing) */
  verdictHeader: string;
  /** X-Lachan-Ref as delivered ('' when missing) */
  refHeader: string;
  /** The Subject as a client shows it ('' when missing). */
  subject: string;
}

/** Parses what the downstream got with mailparser (as a mail client would read it). */
export async function viewDelivered(raw: Buffer): Promise<DeliveredView> {
  const m = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  const header = (name: string) => {
    const v = m.headers.get(name);
    return typeof v === 'string' ? v : '';
  };
  return {
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : '',
    attachments: m.attachments.map((a) => ({
      filename: a.filename ?? '',
      sha256: createHash('sha256').update(a.content).digest('hex'),
      size: a.content.length,
    })),
    forwarded: await forwardedAttachments(m.attachments, 0),
    verdictHeader: header('x-lachan-verdict'),
    refHeader: header('x-lachan-ref'),
    subject: m.subject ?? '',
  };
}

/** Forwarded messages deeper than this are not opened (the fixtures nest at most a few). */
const MAX_FORWARD_DEPTH = 8;

async function forwardedAttachments(list: Array<{ contentType: string; content: Buffer }>, depth: number): Promise<DeliveredView['forwarded']> {
  const out: DeliveredView['forwarded'] = [];
  if (depth >= MAX_FORWARD_DEPTH) return out;
  for (const a of list) {
    if (a.contentType !== 'message/rfc822') continue;
    const inner = await simpleParser(a.content, { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    for (const x of inner.attachments) {
      out.push({ filename: x.filename ?? '', sha256: createHash('sha256').update(x.content).digest('hex'), size: x.content.length });
    }
    out.push(...(await forwardedAttachments(inner.attachments, depth + 1)));
  }
  return out;
}

/**
 * Whether the warning banner is there (see src/act/banner.ts): the text body starts with the
 * '[Lá Chắn]' marker ('[La Chan]' in a part whose charset cannot carry Vietnamese), or the HTML body
 * has the banner table's data attribute.
 */
export function hasBanner(v: DeliveredView): boolean {
  const text = v.text.trimStart();
  return text.startsWith(TEXT_MARKER) || text.startsWith(TEXT_MARKER_ASCII) || v.html.includes(HTML_MARKER_ATTR);
}

/** Whether a mail client shows any body text (a banner needs a text or HTML body part to go into). */
export function hasBodyText(v: DeliveredView): boolean {
  return v.text.trim() !== '' || v.html.trim() !== '';
}
