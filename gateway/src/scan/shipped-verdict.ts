import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll } from 'vitest';
import { DEFAULT_LIMITS } from '../config/defaults.js';
import { silentLogger } from '../log.js';
import { parseMessage, releaseMessage } from '../parse/index.js';
import type { ParsedMessage } from '../parse/types.js';
import { decide } from '../policy/engine.js';
import { loadPolicy } from '../policy/loader.js';
import type { Policy } from '../policy/types.js';
import { authScanner } from './auth/index.js';
import { DEFAULT_SCANNERS, runScanners } from './index.js';
import { unusedClamd } from './test-helpers.js';

/** What a hand-written message gets under the shipped policy. */
export interface ShippedVerdict {
  action: string;
  warning: boolean;
  rules: string[];
  kinds: string[];
}

/**
 * For tests of whole messages: registers the hooks of a test file (the shipped policy loaded once,
 * parsed messages released after each test) and returns `verdict(raw)`, which runs a message
 * through the real parser, the scanners (not sender authentication: no DNS here) and the policy in
 * policies/.
 */
export function shippedPolicyVerdicts(): (raw: string) => Promise<ShippedVerdict> {
  const policyDir = fileURLToPath(new URL('../../../policies', import.meta.url));
  let policy: Policy;
  const parsed: ParsedMessage[] = [];
  beforeAll(async () => {
    policy = await loadPolicy(policyDir);
  });
  afterEach(async () => {
    for (const m of parsed.splice(0)) await releaseMessage(m);
  });
  return async (raw) => {
    const message = await parseMessage(Buffer.from(raw, 'utf8'), DEFAULT_LIMITS);
    parsed.push(message);
    const scanners = DEFAULT_SCANNERS.filter((s) => s !== authScanner);
    const findings = await runScanners(message, { policy, limits: DEFAULT_LIMITS, clamd: unusedClamd, log: silentLogger() }, scanners);
    const v = decide(findings, policy);
    return { action: v.action, warning: v.warning, rules: v.hits.map((h) => h.rule), kinds: findings.map((f) => f.kind) };
  };
}
