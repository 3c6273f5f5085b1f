import { fileTypeFromBuffer } from 'file-type';
import type { PartStream } from './bodies.js';
import { ContentCollector } from './content.js';
import type { Attachment, Content, TrueType } from './types.js';
import { plainZipHead } from './zip-head.js';

/**
 * An attachment as it streams out of the parser (bodies.ts), before it gets its id. Its bytes are collected
 * (and hashed) while the parser runs; release() is called as soon as the stream ends, or the
 * parser would stall waiting for it.
 *
 * partPath numbering (shared with act/, which finds the part again by walking the raw message
 * with mailsplit): it is mailsplit's `node.partNr` with the non-numeric entries dropped, joined
 * with '.' (bodies.ts; mailparser reported the same as `partId`). The root node is ['TEXT'], so a
 * message whose whole body is the attachment has partPath ''. Children of a multipart are
 * numbered 1, 2, ... under their parent's number, multiparts included:
 *   multipart/mixed             ''
 *     multipart/alternative     '1'
 *       text/plain              '1.1'
 *       text/html               '1.2'
 *     application/pdf           '2'
 * message/rfc822 parts are leaves (SPLIT_OPTIONS, the same in act/); attachments of a nested
 * message carry the partPath of the top-level rfc822 part that contains them, and in nestedPath
 * the numbers below it, one per message level, each in the numbering of that level's own message
 * (which is how act/ walks a forwarded message: a splitter of its own over the part's body).
 */
export interface PendingAttachment {
  filename: string;
  contentType: string;
  disposition: Attachment['disposition'];
  partPath: string;
  /** Content-Type charset parameter, when given (text parts read for links decode with it). */
  charset?: string;
  collector: ContentCollector;
}

export function pendingAttachment(data: PartStream): PendingAttachment {
  const disposition = data.disposition.toLowerCase();
  const collector = new ContentCollector(data.content);
  void collector.done.then(() => data.release?.());
  return {
    filename: data.filename,
    contentType: (data.declaredType || data.contentType || 'application/octet-stream').toLowerCase().trim(),
    disposition: disposition === 'inline' ? 'inline' : disposition ? 'attachment' : '',
    partPath: data.partPath,
    ...(data.charset ? { charset: data.charset } : {}),
    collector,
  };
}

/** Type from magic bytes; undefined when file-type does not recognise it (or fails). */
export async function sniffType(content: Content): Promise<TrueType | undefined> {
  // a zip head file-type's walk would call a plain zip or give up on: its answer without the walk,
  // which can cost a buffer of the size a damaged header declares (zip-head.ts)
  const plain = plainZipHead(content.head);
  if (plain) return plain === 'zip' ? { ext: 'zip', mime: 'application/zip' } : undefined;
  try {
    const found = await fileTypeFromBuffer(content.head);
    return found ? { ext: found.ext, mime: found.mime } : undefined;
  } catch {
    return undefined;
  }
}

export async function finishAttachment(
  pending: PendingAttachment,
  content: Content,
  id: string,
  depth: number,
  where: { partPath: string; nestedPath?: string[] },
): Promise<Attachment> {
  return {
    id,
    filename: pending.filename,
    contentType: pending.contentType,
    disposition: pending.disposition,
    trueType: await sniffType(content),
    size: content.size,
    sha256: content.sha256,
    content,
    depth,
    partPath: where.partPath,
    ...(where.nestedPath ? { nestedPath: where.nestedPath } : {}),
  };
}
