import type { Transform } from 'node:stream';
import type { SplitterChunk } from '@zone-eu/mailsplit';
import { MimeSplitter } from './mime-tree.js';

/**
 * For tests: writes `pieces` one by one into a splitter (by default the MimeSplitter every walk of
 * a message uses), hands each chunk to `onChunk`, and resolves when the splitter has ended.
 */
export async function runSplitter(
  pieces: readonly Buffer[],
  onChunk: (chunk: SplitterChunk) => void,
  splitter: Transform = new MimeSplitter() as unknown as Transform,
): Promise<void> {
  splitter.on('data', onChunk);
  const ended = new Promise<void>((resolve, reject) => {
    splitter.once('end', () => resolve());
    splitter.once('error', reject);
  });
  for (const piece of pieces) splitter.write(piece);
  splitter.end();
  await ended;
}
