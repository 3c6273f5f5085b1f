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
