import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface SunkMessage {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export type SinkMode = 'accept' | 'tempfail' | 'reject';

export interface Sink {
  port: number;
  url: string;
  messages: SunkMessage[];
  mode: SinkMode;
  /** Recipients this sink refuses at RCPT with 550 5.1.1 (lower case). */
  refuse: Set<string>;
  /** Resolves when at least n messages have arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<SunkMessage[]>;
  stop(): Promise<void>;
}

/** A downstream MTA for tests: a real smtp-server on 127.0.0.1 that keeps what it receives. */
export async function startSink(port = 0): Promise<Sink> {
  const messages: SunkMessage[] = [];
  const waiters: Array<() => void> = [];
  const sink: Partial<Sink> & { mode: SinkMode; refuse: Set<string> } = { mode: 'accept', messages, refuse: new Set() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 100 * 1024 * 1024,
    closeTimeout: 200,
    ...({ greetingDelayMs: 0 } as object),
    onRcptTo(address, _session, callback) {
      if (sink.refuse.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (sink.mode === 'tempfail') return callback(Object.assign(new Error('4.3.0 sink says try later'), { responseCode: 451 }));
        if (sink.mode === 'reject') return callback(Object.assign(new Error('5.1.1 sink says no such user'), { responseCode: 550 }));
        messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        waiters.splice(0).forEach((w) => w());
        callback(null, `Ok: queued as sink-${messages.length}`);
      });
    },
  });
  // A client that resets its connection is no reason for the sink to fail the test run.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.server.address() as AddressInfo).port;
  return Object.assign(sink, {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    async waitFor(n: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`sink: expected ${n} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as Sink;
}
