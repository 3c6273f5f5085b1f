import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config/index.js';
import type { SmtpConfig } from '../config/types.js';

/**
 * The container health check (Dockerfile HEALTHCHECK): `node gateway/dist/cli/healthcheck.js`
 * connects to the gateway's own SMTP port, waits for the greeting, says QUIT and exits 0 when the
 * greeting was `220`, 1 otherwise (refused, timed out, `421` at the connection limit, bad config).
 * It reads the same LACHAN_SMTP_HOST / LACHAN_SMTP_PORT as `lachan start`. One line on stdout.
 */

export interface GreetingResult {
  ok: boolean;
  /** The greeting's last line, or what went wrong. */
  reply: string;
}

/** Where to knock: a gateway listening on every address is reached on loopback. */
export function healthTarget(smtp: Pick<SmtpConfig, 'host' | 'port'>): { host: string; port: number } {
  const host = smtp.host === '0.0.0.0' || smtp.host === '' ? '127.0.0.1' : smtp.host === '::' ? '::1' : smtp.host;
  return { host, port: smtp.port };
}

const MAX_GREETING_BYTES = 4096;

/** Connects, reads the greeting up to its final line (`220-…` lines continue it), then QUITs. */
export function smtpGreeting(host: string, port: number, timeoutMs = 5000): Promise<GreetingResult> {
  return new Promise((resolve) => {
    let buffered = '';
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (result: GreetingResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket.writable) {
        socket.end('QUIT\r\n');
        setTimeout(() => socket.destroy(), 1000).unref();
      } else {
        socket.destroy();
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reply: `no greeting within ${timeoutMs} ms` }), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\r\n');
      const last = lines.slice(0, -1).find((l) => /^\d{3}(?: |$)/.test(l));
      if (last !== undefined) finish({ ok: last.startsWith('220'), reply: last });
      else if (buffered.length > MAX_GREETING_BYTES) finish({ ok: false, reply: 'greeting too long' });
    });
    socket.on('error', (err) => finish({ ok: false, reply: err.message }));
    socket.once('close', () => finish({ ok: false, reply: 'closed before the greeting' }));
  });
}

async function main(): Promise<number> {
  let target: { host: string; port: number };
  try {
    target = healthTarget(loadConfig().smtp);
  } catch (err) {
    process.stdout.write(`unhealthy: ${(err as Error).message}\n`);
    return 1;
  }
  const { ok, reply } = await smtpGreeting(target.host, target.port);
  process.stdout.write(`${ok ? 'healthy' : 'unhealthy'}: ${target.host}:${target.port}: ${reply}\n`);
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stdout.write(`unhealthy: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
