import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** One message as a lenient server saw it. */
export interface LenientMessage {
  mailFrom: string;
  rcptTo: string[];
  /** DATA as received up to the end sequence this server took, dots not unstuffed. */
  data: Buffer;
  /** The end-of-data sequence that ended it, e.g. '\r\n.\r\n' or '\n.\n'. */
  end: string;
}

export interface LenientSink {
  port: number;
  url: string;
  /** Every MAIL FROM this server accepted, in order: each is a transaction it began. */
  transactions: string[];
  messages: LenientMessage[];
  /** Resolves when at least n messages have arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<LenientMessage[]>;
  stop(): Promise<void>;
}

/**
 * Where a DATA payload ends for a server vulnerable to SMTP smuggling: a dot alone between any two
 * line ends — CRLF, bare LF or bare CR — or at the very start of DATA (CVE-2023-51764/51765/51766).
 */
const LOOSE_END = /(^|\r\n|\n|\r)\.(\r\n|\n|\r)/;
/** Lines end at CRLF, bare LF or bare CR alike. */
const LOOSE_LINE = /\r\n|\n|\r/;

/**
 * A deliberately LENIENT downstream for tests: a tiny SMTP server over TCP that ends DATA at any of
 * the loose end-of-data sequences and reads commands split at bare CR or LF, as the servers SMTP
 * smuggling exploits did. What follows a loose end inside DATA is read as commands, so a smuggled
 * `MAIL FROM` becomes a transaction of its own here, and a smuggled message a message of its own.
 */
export async function startLenientSink(): Promise<LenientSink> {
  const transactions: string[] = [];
  const messages: LenientMessage[] = [];
  const waiters: Array<() => void> = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    let buffer = '';
    let inData = false;
    let mailFrom: string | undefined;
    let rcptTo: string[] = [];
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };

    const command = (line: string) => {
      const verb = line.trim().toUpperCase();
      if (verb.startsWith('EHLO')) return reply('250-lenient.test\r\n250 8BITMIME');
      if (verb.startsWith('HELO')) return reply('250 lenient.test');
      if (/^MAIL\s+FROM\s*:/.test(verb)) {
        mailFrom = /<([^>]*)>/.exec(line)?.[1] ?? '';
        rcptTo = [];
        transactions.push(mailFrom);
        return reply('250 2.1.0 Ok');
      }
      if (/^RCPT\s+TO\s*:/.test(verb)) {
        if (mailFrom === undefined) return reply('503 5.5.1 need MAIL');
        rcptTo.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        return reply('250 2.1.5 Ok');
      }
      if (verb === 'DATA') {
        if (mailFrom === undefined || !rcptTo.length) return reply('503 5.5.1 need RCPT');
        inData = true;
        return reply('354 go ahead');
      }
      if (verb === 'RSET') {
        mailFrom = undefined;
        rcptTo = [];
        return reply('250 2.0.0 Ok');
      }
      if (verb === 'NOOP') return reply('250 2.0.0 Ok');
      if (verb === 'QUIT') {
        reply('221 2.0.0 Bye');
        return socket.end();
      }
      return reply('500 5.5.2 what?');
    };

    const pump = () => {
      for (;;) {
        if (inData) {
          const m = LOOSE_END.exec(buffer);
          // a CR ending the buffer may be the start of a CRLF still on its way
          if (!m || (m[2] === '\r' && m.index + m[0].length === buffer.length)) return;
          const data = buffer.slice(0, m.index + m[1]!.length);
          buffer = buffer.slice(m.index + m[0].length);
          inData = false;
          messages.push({ mailFrom: mailFrom ?? '', rcptTo, data: Buffer.from(data, 'latin1'), end: m[0] });
          mailFrom = undefined;
          rcptTo = [];
          waiters.splice(0).forEach((w) => w());
          reply(`250 2.0.0 Ok: queued as lenient-${messages.length}`);
          continue;
        }
        const m = LOOSE_LINE.exec(buffer);
        if (!m || (m[0] === '\r' && m.index + 1 === buffer.length)) return;
        const line = buffer.slice(0, m.index);
        buffer = buffer.slice(m.index + m[0].length);
        if (line.trim() !== '') command(line);
      }
    };

    socket.on('data', (d: Buffer) => {
      buffer += d.toString('latin1');
      pump();
    });
    reply('220 lenient.test ESMTP (ends DATA at any dot line)');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    transactions,
    messages,
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`lenient sink: expected ${n} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
      return messages;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
