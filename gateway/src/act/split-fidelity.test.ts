import { pipeline } from 'node:stream/promises';
import { Readable, Transform, Writable } from 'node:stream';
import type { SplitterChunk } from '@zone-eu/mailsplit';
import { describe, expect, it } from 'vitest';
import { MimeSplitter } from '../parse/mime-tree.js';
import { splitFidelity } from './split-fidelity.js';

/**
 * The safety net behind every rewrite: a split that does not hand on each byte once fails the
 * rewrite (or is told, for the preview). MimeSplitter gives no known message for which it does
 * (a header block running into a delimiter was one: parse/mime-tree.ts), so a splitter that drops
 * the bytes of one chunk stands in for the next such case.
 */
const RAW = Buffer.from('Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1--\r\n');

/** Drops the body chunks (the bytes "hi") of what MimeSplitter gives. */
function losing(): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: SplitterChunk, _encoding, callback) {
      callback(null, chunk.type === 'body' ? undefined : chunk);
    },
  });
}

async function run(dropBodies: boolean, onMismatch?: (bytesIn: number, bytesOut: number) => void): Promise<void> {
  const fidelity = splitFidelity(onMismatch);
  const sink = new Writable({ objectMode: true, write: (_c, _e, cb) => cb() });
  const stages: NodeJS.ReadWriteStream[] = [fidelity.input, new MimeSplitter() as unknown as Transform];
  if (dropBodies) stages.push(losing());
  await pipeline(Readable.from([RAW]), ...(stages as [Transform, Transform]), fidelity.output, sink);
}

describe('splitFidelity', () => {
  it('lets a split through that hands on every byte once', async () => {
    await expect(run(false)).resolves.toBeUndefined();
  });

  it('fails a split that loses bytes with LC_SCAN_FAILED, or tells onMismatch instead', async () => {
    await expect(run(true)).rejects.toMatchObject({ code: 'LC_SCAN_FAILED', message: expect.stringMatching(/gives \d+ bytes for \d+/) });
    const told: number[][] = [];
    await run(true, (bytesIn, bytesOut) => told.push([bytesIn, bytesOut]));
    expect(told).toEqual([[RAW.length, RAW.length - 'hi'.length]]);
  });
});
