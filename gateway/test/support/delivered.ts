import { createHash } from 'node:crypto';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mailsplit, { type SplitterChunk } from '@zone-eu/mailsplit';
import { simpleParser } from 'mailparser';
import { HTML_MARKER_ATTR, TEXT_MARKER, TEXT_MARKER_ASCII } from '../../src/act/banner.js';

/** A delivered message as a mail client would show it. */
export interface DeliveredView {
  text: string;
  html: string;
  attachments: Array<{ filename: string; sha256: string; size: number }>;
  /** The attachments inside forwarded messages (message/rfc822 and message/global attachments, digest members, opened as a client opens them), at every depth. */
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
  const m = await simpleParser(await labelDigestMembers(raw), { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
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

/**
 * A multipart/digest member without Content-Type is a forwarded message to mail clients (RFC 2046
 * 5.1.5: message/rfc822), text to mailparser: such members are labelled message/rfc822 first, so
 * the view shows them as clients do (their text is not the message's own, their attachments are
 * forwarded ones).
 */
async function labelDigestMembers(raw: Buffer): Promise<Buffer> {
  if (!/multipart\/digest/i.test(raw.toString('latin1'))) return raw;
  const out: Buffer[] = [];
  const label = new Transform({
    objectMode: true,
    transform(chunk: SplitterChunk, _encoding, callback) {
      if (chunk.type === 'node' && chunk.parentNode && chunk.parentNode.contentType === 'multipart/digest' && chunk.headers && chunk.headers.get('Content-Type').length === 0) {
        chunk.setContentType('message/rfc822');
      }
      callback(null, chunk);
    },
  });
  const collect = new Writable({
    write(bytes: Buffer, _encoding, callback) {
      out.push(bytes);
      callback();
    },
  });
  await pipeline(Readable.from([raw]), new mailsplit.Splitter({ ignoreEmbedded: true }), label, new mailsplit.Joiner(), collect);
  return Buffer.concat(out);
}

/** Forwarded messages deeper than this are not opened (the fixtures nest at most a few). */
const MAX_FORWARD_DEPTH = 8;

async function forwardedAttachments(list: Array<{ contentType: string; content: Buffer }>, depth: number): Promise<DeliveredView['forwarded']> {
  const out: DeliveredView['forwarded'] = [];
  if (depth >= MAX_FORWARD_DEPTH) return out;
  for (const a of list) {
    if (a.contentType !== 'message/rfc822' && a.contentType !== 'message/global') continue;
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
