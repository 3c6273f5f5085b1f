import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { scanOne, type ScanLine } from '../cli/scan.js';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import type { Engine } from '../pipeline/evaluate.js';
import { loadPolicy } from '../policy/loader.js';
import { createClamdClient } from './attachments/clamd-client.js';
import { fakeClamd } from './attachments/test-helpers.js';

/**
 * For the message tests (phish-vi, vi-spam, vi-official): the shipped policy with lachan.test as
 * a local domain, and the suite's clamd, or without it (LACHAN_TEST_SKIP_CLAMD=1) a fake one
 * that answers clean (no message there carries a signature). `close` ends the clamd client.
 */
export async function shippedPolicyEngine(policyDir: string, clamdUrl: string | undefined): Promise<{ engine: Engine; close: () => Promise<void> }> {
  const policy = await loadPolicy(policyDir, { extraLocalDomains: ['lachan.test', '*.lachan.test'] });
  const clamd = clamdUrl ? createClamdClient(clamdUrl, { timeoutMs: 10_000 }) : fakeClamd();
  return { engine: { policy, limits: DEFAULT_LIMITS, clamd, log: silentLogger() }, close: async () => clamd.close() };
}

/**
 * For the tests of a fixture folder (test-fixtures/<folder>: vi-official, negated-notices, callback):
 * registers the file's hooks, which scan every .eml of the folder once under the shipped policy with
 * the suite's clamd (`clamdUrl`: the test file's `() => inject('clamdUrl')`; undefined: the fake
 * one), and returns the folder, its file names and, once beforeAll ran, each file's `lachan scan`
 * line by name (without .eml).
 */
export function shippedFolderScans(folder: string, clamdUrl: () => string | undefined): { dir: string; files: string[]; lines: Map<string, ScanLine> } {
  const dir = fileURLToPath(new URL(`../../../test-fixtures/${folder}`, import.meta.url));
  const policyDir = fileURLToPath(new URL('../../../policies', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const lines = new Map<string, ScanLine>();
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const shipped = await shippedPolicyEngine(policyDir, clamdUrl());
    close = shipped.close;
    for (const f of files) lines.set(f.replace(/\.eml$/, ''), await scanOne(path.join(dir, f), shipped.engine));
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });
  return { dir, files, lines };
}
