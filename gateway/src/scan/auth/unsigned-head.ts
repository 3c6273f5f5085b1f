import type { Readable } from 'node:stream';

/**
 * mailauth reads the whole message for DKIM, but the body matters only to a signature's body hash.
 * A message whose header block carries no DKIM or ARC signature gets the same SPF, DKIM ("none"),
 * ARC and DMARC results from its header block alone, and most mail here is unsigned: a 25 MB
 * message would otherwise go through mailauth's line parser once more, all of it, for nothing.
 */

/** Header fields whose verification needs the body (DKIM-Signature's bh=, ARC-Message-Signature's bh=, the rest of an ARC set with them). */
const SIGNATURE_FIELD = /(?:^|\n)(?:dkim-signature|arc-seal|arc-message-signature|arc-authentication-results)[ \t]*:/i;

/** A header block longer than this is read whole by mailauth as before (real ones are a few KB). */
export const MAX_HEAD_BYTES = 1 << 20;

/**
 * Where the header block ends in `buf` (just after its empty line: LF LF or LF CR LF), looking from
 * `from`; -1 when not in these bytes.
 */
export function headEnd(buf: Buffer, from = 0): number {
  for (let i = buf.indexOf(10, from); i >= 0 && i + 1 < buf.length; i = buf.indexOf(10, i + 1)) {
    if (buf[i + 1] === 10) return i + 2;
    if (buf[i + 1] === 13) {
      if (i + 2 >= buf.length) return -1;
      if (buf[i + 2] === 10) return i + 3;
    }
  }
  return -1;
}

/** The header block with its empty line when it holds no signature field; undefined otherwise. */
function unsignedBlock(head: Buffer): Buffer | undefined {
  return SIGNATURE_FIELD.test(head.toString('latin1')) ? undefined : head;
}

/**
 * The message's header block (through its empty line, no body) when it carries no DKIM or ARC
 * signature, for mailauth; undefined when the whole message must be read (a signature, no empty
 * line, a header block over MAX_HEAD_BYTES, a read error). A stream is read only as far as the
 * header block and then destroyed.
 */
export async function unsignedHead(source: Readable | Buffer, maxBytes = MAX_HEAD_BYTES): Promise<Buffer | undefined> {
  if (Buffer.isBuffer(source)) {
    const end = headEnd(source.length > maxBytes ? source.subarray(0, maxBytes) : source);
    return end < 0 ? undefined : unsignedBlock(source.subarray(0, end));
  }
  let got: Buffer = Buffer.alloc(0);
  try {
    // read with read() rather than `for await`: leaving a for-await loop early destroys the stream
    // with an AbortError whose stack trace is built and thrown away, for every message
    for (;;) {
      const chunk = await nextChunk(source);
      if (chunk === null) return undefined;
      const from = Math.max(0, got.length - 2);
      got = got.length === 0 ? chunk : Buffer.concat([got, chunk]);
      const end = headEnd(got, from);
      if (end >= 0) return end > maxBytes ? undefined : unsignedBlock(got.subarray(0, end));
      if (got.length > maxBytes) return undefined;
    }
  } catch {
    return undefined;
  } finally {
    source.destroy();
  }
}

/** The stream's next chunk (as bytes), null at its end; rejects with its error. */
function nextChunk(source: Readable): Promise<Buffer | null> {
  const take = (): Buffer | null | undefined => {
    const c = source.read() as Buffer | string | null;
    if (c !== null) return typeof c === 'string' ? Buffer.from(c, 'latin1') : c;
    return source.readableEnded ? null : undefined;
  };
  const now = take();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const done = (): void => {
      source.off('readable', onReadable);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('close', onClose);
    };
    const onReadable = (): void => {
      const c = take();
      if (c === undefined) return;
      done();
      resolve(c);
    };
    const onEnd = (): void => {
      done();
      resolve(null);
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    // destroyed without 'end' or 'error': nothing more will come
    const onClose = (): void => {
      done();
      resolve(null);
    };
    source.on('readable', onReadable);
    source.once('end', onEnd);
    source.once('error', onError);
    source.once('close', onClose);
  });
}
