import net from 'node:net';

/**
 * A plain SMTP conversation over a socket, for tests that check exact replies (RCPT refusals,
 * early talkers, limits). `expect()` reads one whole reply (multi-line replies joined).
 */
export class Dialog {
  private buffer = '';
  private waiting: Array<() => void> = [];
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.waiting.splice(0).forEach((w) => w());
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting.splice(0).forEach((w) => w());
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number, firstBytes?: string): Promise<Dialog> {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    if (firstBytes) socket.write(firstBytes);
    return new Dialog(socket);
  }

  /** Next complete reply: lines up to the one with a space after the code. */
  async reply(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^(?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n/.exec(this.buffer);
      if (m) {
        this.buffer = this.buffer.slice(m[0].length);
        return m[0].trimEnd();
      }
      if (this.closed) return this.buffer ? this.buffer.trimEnd() : '(closed)';
      if (Date.now() > deadline) throw new Error(`no SMTP reply; buffer: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        setTimeout(resolve, 100).unref();
      });
    }
  }

  async command(line: string): Promise<string> {
    this.socket.write(line + '\r\n');
    return this.reply();
  }

  /** Sends DATA, the message (dot-stuffed) and the final dot; returns the final reply. */
  async data(raw: string | Buffer): Promise<string> {
    const go = await this.command('DATA');
    if (!go.startsWith('354')) return go;
    const text = (Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8')).toString('latin1');
    const body = text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.socket.write(Buffer.from(body + (body.endsWith('\r\n') ? '' : '\r\n') + '.\r\n', 'latin1'));
    return this.reply(120_000);
  }

  /**
   * Sends DATA and then `wire` exactly as given — no line-end repair, no dot-stuffing, and no final
   * dot: the caller writes every byte, the end of data included (SMTP smuggling tests).
   */
  async dataRaw(wire: Buffer): Promise<string> {
    const go = await this.command('DATA');
    if (!go.startsWith('354')) return go;
    this.socket.write(wire);
    return this.reply(120_000);
  }

  /** Replies received and not read yet (empty when the server said nothing more). */
  get unread(): string {
    return this.buffer;
  }

  close(): void {
    this.socket.end();
  }
}
