import type { GatewayConfig } from '../config/types.js';
import { createLogger } from '../log.js';
import { startGateway } from '../app.js';

/**
 * `lachan start`: the gateway in the foreground. Prints where it listens and what it uses, one line
 * each, and names any dependency that is down with how to start it. Logs (pino JSON) go to stderr.
 */
export async function runStart(config: GatewayConfig): Promise<number> {
  const log = createLogger(config.logLevel);
  const gw = await startGateway(config, log);
  const out = (s: string) => process.stdout.write(s + '\n');
  out(`Lá Chắn: SMTP listening on ${gw.smtpHost}:${gw.smtpPort}`);
  out(`  local domains: ${gw.policy().localDomains.join(', ') || '(none: every recipient is refused — set local_domains or LACHAN_LOCAL_DOMAINS)'}`);
  out(`  policy: ${config.policyDir}`);
  for (const dep of gw.dependencies) {
    out(dep.ok ? `  ${dep.name}: ${dep.address} (ok)` : `  ${dep.name}: ${dep.address} UNAVAILABLE: ${dep.hint}`);
  }
  const stop = (signal: string) => {
    log.info({ evt: 'gateway.stopping', signal }, 'stopping');
    gw.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return -1;
}
