import net from 'node:net';
import type { Logger } from 'pino';
import { setBounded } from '../bounded.js';

/** What the downstream said about one recipient. */
export type RecipientCheck =
  | { status: 'ok' }
  /** The downstream refuses it permanently: refuse it at RCPT with the downstream's own reply. */
  | { status: 'refused'; code: number; text: string }
  /** Could not tell (downstream down, 4xx, timeout): accept; delivery decides later. */
  | { status: 'unknown'; reason: string };

export interface RecipientVerifier {
  check(address: string): Promise<RecipientCheck>;
}

interface Cached {
  result: RecipientCheck;
  expires: number;
}

/**
 * Recipient verification ("call-ahead"), as Postfix's reject_unverified_recipient and Proxmox's
 * receiver verification do it: before accepting RCPT TO, ask the downstream whether it would take
 * that recipient (MAIL FROM:<>, RCPT TO, QUIT on a short connection), and cache the answer. A
 * recipient the downstream refuses is refused to the sender at once with the downstream's reply,
 * so a message is never accepted for an address that does not exist — it could not be bounced
 * later without sending mail of our own, and it would be lost.
 */
export function createRecipientVerifier(
  url: string,
  opts: { name: string; timeoutMs?: number; okTtlMs?: number; refusedTtlMs?: number; maxEntries?: number; log?: Logger },
): RecipientVerifier {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 25);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const okTtl = opts.okTtlMs ?? 60 * 60_000;
  const refusedTtl = opts.refusedTtlMs ?? 5 * 60_000;
  const max = opts.maxEntries ?? 20_000;
  const cache = new Map<string, Cached>();
  const pending = new Map<string, Promise<RecipientCheck>>();

  const remember = (key: string, result: RecipientCheck) => {
    if (result.status === 'unknown') return;
    setBounded(cache, key, { result, expires: Date.now() + (result.status === 'ok' ? okTtl : refusedTtl) }, max);
  };

  return {
    async check(address) {
      const key = address.toLowerCase();
      const hit = cache.get(key);
      if (hit && hit.expires > Date.now()) return hit.result;
      const running = pending.get(key);
      if (running) return running;
      const probe = ask(host, port, opts.name, address, timeoutMs)
        .then((result) => {
          remember(key, result);
          if (result.status === 'unknown') opts.log?.warn({ evt: 'verify.unknown', rcpt: address, reason: result.reason }, 'recipient not verified');
          return result;
        })
        .finally(() => pending.delete(key));
      pending.set(key, probe);
      return probe;
    },
  };
}

/** One short SMTP conversation: greeting, EHLO, MAIL FROM:<>, RCPT TO, QUIT. */
function ask(host: string, port: number, name: string, rcpt: string, timeoutMs: number): Promise<RecipientCheck> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, noDelay: true });
    let buffer = '';
    let step = 0;
    let done = false;
    const finish = (result: RecipientCheck) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // A polite end: QUIT, then close; a reset would make the downstream log an error each time.
      if (!socket.destroyed) {
        if (step > 0) socket.end('QUIT\r\n');
        else socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ status: 'unknown', reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    timer.unref();
    const commands = [`EHLO ${name}`, 'MAIL FROM:<>', `RCPT TO:<${rcpt}>`];
    socket.setEncoding('latin1');
    socket.on('error', (err) => finish({ status: 'unknown', reason: err.message }));
    socket.on('close', () => finish({ status: 'unknown', reason: 'connection closed' }));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const m = /^(?:\d{3}-[^\n]*\n)*(\d{3})(?: ([^\n]*))?\n/.exec(buffer);
        if (!m) return;
        buffer = buffer.slice(m[0].length);
        const code = Number(m[1]);
        const text = (m[2] ?? '').replace(/\r$/, '');
        if (step === commands.length) {
          // the answer to RCPT TO
          if (code >= 200 && code < 300) return finish({ status: 'ok' });
          if (code >= 500) return finish({ status: 'refused', code, text });
          return finish({ status: 'unknown', reason: `${code} ${text}` });
        }
        if (code >= 400) return finish({ status: 'unknown', reason: `${code} ${text} (before RCPT)` });
        socket.write(commands[step++] + '\r\n');
      }
    });
  });
}
