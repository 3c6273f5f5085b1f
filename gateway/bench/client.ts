import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * The bench's own SMTP client, for what smtp-source cannot tell: the time of each message.
 * One message per connection, no pipelining, TCP_NODELAY, the whole DATA payload in one write.
 * Timed from connect() to the reply after the final "." — what a sending MTA waits for.
 */

export interface SmtpReply {
  code: number;
  /** Text lines without the "250-" / "250 " prefix. */
  lines: string[];
}

/**
 * Splits received text into complete replies. A reply is one or more lines "ddd-text" ending
 * with "ddd text" (or just "ddd"). Returns the complete replies and the unconsumed rest.
 * A line that is not a reply line at all becomes code 0 (the caller treats it as a failure).
 */
export function parseReplies(buffer: string): { replies: SmtpReply[]; rest: string } {
  const replies: SmtpReply[] = [];
  let lines: string[] = [];
  let replyStart = 0;
  let pos = 0;
  for (;;) {
    const nl = buffer.indexOf('\n', pos);
    if (nl < 0) break;
    const line = buffer.slice(pos, nl).replace(/\r$/, '');
    pos = nl + 1;
    const m = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (!m) {
      replies.push({ code: 0, lines: [...lines, line] });
    } else {
      lines.push(m[3]!);
      if (m[2] === '-') continue;
      replies.push({ code: Number(m[1]), lines });
    }
    lines = [];
    replyStart = pos;
  }
  // An unfinished multi-line reply stays in the rest, to be parsed again with what follows.
  return { replies, rest: buffer.slice(replyStart) };
}

/**
 * A message as DATA sends it: CRLF line ends, a '.' doubled at the start of a line, and the
 * terminating "\r\n.\r\n". Bare LF and CRLF in the input are both accepted.
 */
export function toSmtpData(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  let stuffed = text.replace(/(^|\r\n)\./g, '$1..');
  if (!stuffed.endsWith('\r\n')) stuffed += '\r\n';
  return Buffer.from(stuffed + '.\r\n', 'latin1');
}

class ReplyReader {
  private buffer = '';
  private queue: SmtpReply[] = [];
  private waiting: Array<{ resolve(r: SmtpReply): void; reject(e: Error): void }> = [];
  private failure: Error | undefined;

  constructor(socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      const { replies, rest } = parseReplies(this.buffer + d.toString('latin1'));
      this.buffer = rest;
      for (const r of replies) {
        const w = this.waiting.shift();
        if (w) w.resolve(r);
        else this.queue.push(r);
      }
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by server')));
  }

  next(): Promise<SmtpReply> {
    const r = this.queue.shift();
    if (r) return Promise.resolve(r);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}

export interface SendOptions {
  port: number;
  host?: string;
  from: string;
  to: string;
  /** Prepared with toSmtpData. */
  data: Buffer;
  timeoutMs: number;
}

export interface SendResult {
  ok: boolean;
  /** connect() → reply to the final "."; in milliseconds. */
  ms: number;
  /** The last reply, or the error. */
  detail: string;
}

/** Sends one message on a new connection and times it. Never throws: failures come back as ok: false. */
export async function sendTimed(o: SendOptions): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const socket = net.connect({ host: o.host ?? '127.0.0.1', port: o.port, noDelay: true });
  socket.setNoDelay(true);
  const reader = new ReplyReader(socket);
  socket.on('error', () => undefined);
  const timer = setTimeout(() => socket.destroy(new Error(`timed out after ${o.timeoutMs} ms`)), o.timeoutMs);
  const expect = async (what: string, code: number) => {
    const r = await reader.next();
    if (r.code !== code) throw new Error(`${what}: ${r.code} ${r.lines.join(' / ')}`);
    return r;
  };
  try {
    await expect('greeting', 220);
    socket.write('EHLO bench.lachan.test\r\n');
    await expect('EHLO', 250);
    socket.write(`MAIL FROM:<${o.from}>\r\n`);
    await expect('MAIL', 250);
    socket.write(`RCPT TO:<${o.to}>\r\n`);
    await expect('RCPT', 250);
    socket.write('DATA\r\n');
    await expect('DATA', 354);
    socket.write(o.data);
    const done = await expect('end of data', 250);
    const ms = elapsed();
    socket.write('QUIT\r\n');
    await Promise.race([reader.next().catch(() => undefined), sleep(1000)]);
    return { ok: true, ms, detail: `250 ${done.lines.join(' / ')}` };
  } catch (e) {
    return { ok: false, ms: elapsed(), detail: (e as Error).message };
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

/**
 * Waits until something on 127.0.0.1:port answers 220, or throws with the process's stderr
 * when it exits first or the time is up.
 */
export async function waitForGreeting(port: number, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (code ${child.exitCode}, signal ${child.signalCode}) before answering on port ${port}:\n${stderr().trim()}`);
    }
    if (await greets(port)) return;
    if (Date.now() > deadline) throw new Error(`no 220 on port ${port} within ${timeoutMs} ms:\n${stderr().trim()}`);
    await sleep(100);
  }
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      const { replies } = parseReplies(text);
      if (replies.length) {
        if (replies[0]!.code === 220) socket.write('QUIT\r\n');
        done(replies[0]!.code === 220);
      }
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
