import type { ScanLimits } from './types.js';

export const DEFAULT_LIMITS: Readonly<ScanLimits> = Object.freeze({
  maxHeaderCount: 1000,
  maxHeaderLineLength: 64 * 1024,
  maxMimeDepth: 20,
  maxParts: 500,
  maxUrls: 2000,
  maxTextBytes: 4 * 1024 * 1024,
  archiveMaxDepth: 4,
  archiveMaxEntries: 1000,
  archiveMaxRatio: 100,
  archiveMaxTotalBytes: 200 * 1024 * 1024,
  clamdTimeoutMs: 30_000,
});
