import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

/** What a blind set (blind-vi-2, blind-vi-3) says each message gets: scams held, warned, uncaught; look-alikes known to get the banner. */
export interface BlindOutcomes {
  held: Record<string, string>;
  warned: Record<string, string>;
  uncaught: Record<string, string>;
  knownWarned: Record<string, string>;
}

/**
 * The three tests of a blind set, on shippedFolderScans' result: at least `minScams` `gia-*` and
 * `minLookalikes` `that-*` files, each scam in exactly one list; each scam gets what its list says;
 * each look-alike is delivered, with the banner only when listed in knownWarned.
 */
export function blindSetOutcomeTests(scan: { files: string[]; lines: Map<string, ScanLine> }, o: BlindOutcomes, minScams: number, minLookalikes: number): void {
  const HOLD = new Set<ScanLine['action']>(['quarantine', 'reject']);
  const rules = (line: ScanLine): string => `${line.action}${line.warning ? '+warning' : ''} [${[...new Set(line.findings.map((f) => f.rule))].join(', ')}]`;
  const named = [...Object.keys(o.held), ...Object.keys(o.warned), ...Object.keys(o.uncaught)];
  it(`has at least ${minScams} scams and ${minLookalikes} look-alikes, each scam in one list, each listed message present`, () => {
    const scams = scan.files.filter((f) => f.startsWith('gia-')).map((f) => f.replace(/\.eml$/, ''));
    expect(scams.length).toBeGreaterThanOrEqual(minScams);
    expect(scan.files.filter((f) => f.startsWith('that-')).length).toBeGreaterThanOrEqual(minLookalikes);
    expect(new Set(named).size).toBe(named.length);
    expect([...scams].sort()).toEqual([...named].sort());
    for (const name of Object.keys(o.knownWarned)) expect(scan.files, name).toContain(`${name}.eml`);
  });

  it('holds the scams listed as held, warns about the warned ones and delivers the uncaught ones as they are today', () => {
    const wrong: string[] = [];
    const want = (n: string): 'held' | 'warned' | 'clean' => (n in o.held ? 'held' : n in o.warned ? 'warned' : 'clean');
    for (const name of named) {
      const line = scan.lines.get(name)!;
      expect(line.error, name).toBeUndefined();
      const w = want(name);
      const ok = w === 'held' ? HOLD.has(line.action) : line.action === 'deliver' && line.warning === (w === 'warned');
      if (!ok) wrong.push(`${name}: ${rules(line)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('delivers every look-alike without a banner, but the known warned ones, which are never held', () => {
    const wrong: string[] = [];
    for (const f of scan.files.filter((n) => n.startsWith('that-'))) {
      const name = f.replace(/\.eml$/, '');
      const line = scan.lines.get(name)!;
      expect(line.error, name).toBeUndefined();
      if (!(line.action === 'deliver' && line.warning === name in o.knownWarned)) wrong.push(`${name}: ${rules(line)}`);
    }
    expect(wrong).toEqual([]);
  });
}
