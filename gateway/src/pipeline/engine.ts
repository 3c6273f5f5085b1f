import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/types.js';
import { loadPolicy } from '../policy/loader.js';
import { createClamdClient } from '../scan/attachments/clamd-client.js';
import { createDnsResolver } from '../scan/auth/resolver.js';
import type { Engine } from './evaluate.js';

/**
 * What evaluate() needs, from the configuration: the policy (LC_POLICY_INVALID when it is not
 * valid), the clamd client and DNS for sender authentication. The gateway, `lachan scan` and the
 * eval script build it the same way; the caller closes engine.clamd.
 */
export async function createEngine(config: GatewayConfig, log: Logger, policyDir = config.policyDir): Promise<Engine> {
  const policy = await loadPolicy(policyDir, { extraLocalDomains: config.extraLocalDomains });
  return {
    policy,
    limits: config.limits,
    clamd: createClamdClient(config.clamd.url, { timeoutMs: config.limits.clamdTimeoutMs }),
    log,
    resolver: createDnsResolver({ servers: config.dnsServers }),
  };
}
