import { createGunzip } from 'node:zlib';

/**
 * gzip (RFC 1952): the name its header carries, and a streaming gunzip that stops as soon as the
 * output passes a cap — a gzip bomb is cut off after `maxBytes`, never inflated to its end. Which
 * limit the cap stands for (ratio, total bytes) is decided by the caller (walk-streams.ts).
 */

const FEXTRA = 0x04;
const FNAME = 0x08;
/** A file name longer than this in the header is not a name we report (gzip itself keeps it short). */
const MAX_NAME_BYTES = 4096;

export interface GunzipResult {
  /** What was inflated: everything, or what came before the cap or the error. */
  data: Buffer;
  /** True when the output passed `maxBytes` and inflating stopped there. */
  overLimit: boolean;
  /** zlib's message when the data is corrupt or truncated. */
  error?: string;
  /** Compressed bytes zlib had consumed when it stopped (less than the input when cut off early). */
  bytesRead: number;
}

/** Inflates a gzip file (all its members) held in memory, keeping at most `maxBytes` of output. */
export function gunzipLimited(input: Buffer, maxBytes: number): Promise<GunzipResult> {
  return new Promise((resolve) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (r: Pick<GunzipResult, 'overLimit' | 'error'>) => {
      if (settled) return;
      settled = true;
      resolve({ data: Buffer.concat(chunks, total), bytesRead: gunzip.bytesWritten, ...r });
    };
    gunzip.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (total + chunk.length > maxBytes) {
        // destroy() closes the zlib handle: nothing more is inflated after this chunk.
        gunzip.destroy();
        return settle({ overLimit: true });
      }
      chunks.push(chunk);
      total += chunk.length;
    });
    gunzip.on('error', (err: Error) => settle({ overLimit: false, error: err.message || 'corrupt data' }));
    gunzip.on('end', () => settle({ overLimit: false }));
    gunzip.end(input);
  });
}

/** The original file name stored in the gzip header (FNAME), if any. */
export function gzipHeaderName(b: Buffer): string | undefined {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b) return undefined;
  const flags = b[3]!;
  if (!(flags & FNAME)) return undefined;
  let off = 10;
  if (flags & FEXTRA) {
    if (b.length < 12) return undefined;
    off = 12 + b.readUInt16LE(10);
  }
  const end = b.indexOf(0, off);
  if (end < 0 || end - off > MAX_NAME_BYTES) return undefined;
  const name = decodeName(b.subarray(off, end)).trim();
  return name || undefined;
}

/**
 * The name of what a gzip file holds: the header's FNAME, else the outer name without `.gz`
 * (`.tgz` → `.tar`), else the outer name without its last extension.
 */
export function gzipMemberName(b: Buffer, outerName: string): string {
  const stored = gzipHeaderName(b);
  if (stored) return stored;
  const base = outerName.split(/[\\/]/).pop()?.trim() ?? '';
  const tgz = /^(.+)\.(?:tgz|taz)$/i.exec(base);
  if (tgz) return `${tgz[1]}.tar`;
  const gz = /^(.+)\.(?:gz|gzip)$/i.exec(base);
  if (gz) return gz[1]!;
  const other = /^(.+)\.[^.]*$/.exec(base);
  return other?.[1] || base || 'gzip-content';
}

/** RFC 1952 says ISO 8859-1; gzip on today's systems stores the bytes of a UTF-8 name. */
function decodeName(raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}
