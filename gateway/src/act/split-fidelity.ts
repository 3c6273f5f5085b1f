import { Transform } from 'node:stream';
import type { SplitterChunk } from '@zone-eu/mailsplit';
import { LachanError } from '../errors.js';

/**
 * Checks that the splitter hands on every byte of the message once: the bytes of its chunks (header
 * blocks, data, bodies) must add up to the bytes that went in. A message for which they do not is
 * not rewritten (LC_SCAN_FAILED: the caller holds it) rather than delivered with bytes lost or
 * added. mailsplit 5.4 alone did not for a part whose header block runs into the next delimiter with
 * no empty line (the lines were dropped, or given twice); MimeSplitter (parse/mime-tree.ts) ends
 * such a block at the delimiter, and this check stays as the safety net for any case still unknown.
 * `onMismatch`: told instead of failing (previewActions).
 */
export function splitFidelity(onMismatch?: (bytesIn: number, bytesOut: number) => void): { input: Transform; output: Transform } {
  let bytesIn = 0;
  let bytesOut = 0;
  const input = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytesIn += chunk.length;
      callback(null, chunk);
    },
  });
  const output = new Transform({
    objectMode: true,
    transform(chunk: SplitterChunk, _encoding, callback) {
      bytesOut += chunk.type === 'node' ? chunk.getHeaders().length : (chunk.value?.length ?? 0);
      callback(null, chunk);
    },
    flush(callback) {
      if (bytesOut === bytesIn) return callback();
      if (onMismatch) {
        onMismatch(bytesIn, bytesOut);
        return callback();
      }
      callback(
        new LachanError('LC_SCAN_FAILED', `could not rewrite the message for delivery: its MIME split gives ${bytesOut} bytes for ${bytesIn}`),
      );
    },
  });
  return { input, output };
}
