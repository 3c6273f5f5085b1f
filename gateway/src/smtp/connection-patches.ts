import { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

/**
 * Two small, tested overrides of smtp-server's connection class (installed once per process).
 *
 * 1. Greeting without the fixed pause. smtp-server 3.21 waits 100 ms before the 220 greeting to
 *    catch clients that talk first (`setTimeout(() => this.connectionReady(), 100)` in
 *    SMTPConnection.init). With one message per connection that caps throughput at
 *    concurrency / 0.1 s and adds 100 ms to every session. Our early-talker check does not sleep:
 *    the greeting goes out on the next turn of the event loop, and a command that arrived before it
 *    (sent in the same packet as the connection) is still answered "421 You talk too soon" by
 *    smtp-server, because the connection is not ready yet. A server asks for a pause with the
 *    `greetingDelayMs` option (LACHAN_EARLY_TALKER_DELAY_MS); servers without that option (the
 *    test sinks) keep the library's 100 ms.
 *
 * 2. Our own enhanced status codes. With ENHANCEDSTATUSCODES on, smtp-server prefixes every reply
 *    with a code from a generic table (550 → 5.1.1). Our replies already start with the precise code
 *    (550 5.7.1 for policy, 451 4.7.1 for a scanner that is down): for those, the library's prefix is
 *    left out. Its own replies (552 5.3.4 for SIZE=, 503 5.5.1, ...) keep theirs.
 */
type Conn = {
  _server: { options: { maxClients?: number; greetingDelayMs?: number }; connections: Set<unknown> };
  _setListeners(cb: () => void): void;
  send(code: number, data: unknown, ctx?: unknown): void;
  connectionReady(): void;
  name: string;
};

const OWN_ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;
let installed = false;

export function installConnectionPatches(): void {
  if (installed) return;
  installed = true;
  const proto = (SMTPConnection as unknown as { prototype: Conn & { init(): void } }).prototype;

  proto.init = function init(this: Conn) {
    this._setListeners(() => {
      const opts = this._server.options;
      if (opts.maxClients && this._server.connections.size > opts.maxClients) {
        return this.send(421, this.name + ' Too many connected clients, try again in a moment', false);
      }
      const delay = opts.greetingDelayMs ?? 100;
      if (delay > 0) setTimeout(() => this.connectionReady(), delay).unref();
      else setImmediate(() => this.connectionReady());
    });
  };

  const send = proto.send;
  proto.send = function patchedSend(this: Conn, code: number, data: unknown, ctx?: unknown) {
    if (typeof data === 'string' && OWN_ENHANCED.test(data)) return send.call(this, code, data, false);
    return send.call(this, code, data, ctx);
  };
}
