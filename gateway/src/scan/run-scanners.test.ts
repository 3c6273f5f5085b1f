import { describe, expect, it } from 'vitest';
import { LachanError } from '../errors.js';
import { silentLogger } from '../log.js';
import type { ParsedMessage } from '../parse/types.js';
import { runScanners } from './index.js';
import type { Finding, ScanContext, Scanner, ScannerName } from './types.js';

/** runScanners with one deadline for the message: what a scanner that overruns, fails or finishes gives. */

const message = {} as ParsedMessage;
const ctx = { log: silentLogger() } as unknown as ScanContext;
const finding = (name: string): Finding => ({ scanner: name as ScannerName, kind: 'content.phrase', detail: name, subject: name });
const scanner = (name: string, scan: () => Promise<Finding[]>): Scanner => ({ name: name as ScannerName, scan });
const never = (): Promise<Finding[]> => new Promise(() => undefined);
const later = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('runScanners', () => {
  it('gives every finding in scanner order when all finish in time', async () => {
    const found = await runScanners(message, ctx, [scanner('content', () => later(5, [finding('a')])), scanner('urls', async () => [finding('b'), finding('c')])], 5_000);
    expect(found.map((f) => f.detail)).toEqual(['a', 'b', 'c']);
  });

  it('makes a scanner that overruns its time a scanner.error, keeping the others findings', async () => {
    const found = await runScanners(message, ctx, [scanner('content', async () => [finding('a')]), scanner('urls', never), scanner('html', () => later(1, [finding('c')]))], 50);
    expect(found).toEqual([
      finding('a'),
      { scanner: 'urls', kind: 'scanner.error', detail: 'urls: scanner urls did not finish within 50 ms', subject: 'urls' },
      finding('c'),
    ]);
  });

  it('names every scanner still running at the deadline, and ignores what they give later', async () => {
    const found = await runScanners(message, ctx, [scanner('content', never), scanner('urls', () => later(400, [finding('late')]))], 30);
    expect(found.map((f) => `${f.scanner} ${f.kind}`)).toEqual(['content scanner.error', 'urls scanner.error']);
  });

  it('makes a failure a scanner.error and re-throws a temporary one (a dependency down)', async () => {
    const failed = await runScanners(message, ctx, [scanner('content', async () => Promise.reject(new Error('boom')))], 5_000);
    expect(failed).toEqual([{ scanner: 'content', kind: 'scanner.error', detail: 'content: boom', subject: 'content' }]);
    const down = new LachanError('LC_CLAMD_UNAVAILABLE');
    await expect(runScanners(message, ctx, [scanner('content', async () => [finding('a')]), scanner('urls', async () => Promise.reject(down))], 5_000)).rejects.toBe(down);
  });

  it('answers at once with no scanners', async () => {
    expect(await runScanners(message, ctx, [], 5_000)).toEqual([]);
  });
});
