import net from 'node:net';
import type { Readable } from 'node:stream';
import { LachanError } from '../../errors.js';
import type { ClamdClient, ClamdResult } from './clamd.js';

/*
 * Why our own INSTREAM client and not the `clamscan` npm package (evaluated, v2.4.0):
 * - its init() execs `clamdscan --version` (a local binary) even in socket/port mode;
 * - scanStream() resolves `{ isInfected: null }` for a reply it does not understand and for
 *   "COMMAND READ TIMED OUT", so a caller testing `isInfected` reads a failure as clean;
 * - after connecting, a socket timeout only half-closes the socket (end()), so a hung clamd can leave
 *   the scan pending; it writes every chunk without back-pressure and logs with console.error;
 * - an empty stream sends a zero chunk without the zINSTREAM command.
 * The protocol is small (clamd(8)): "zINSTREAM\0", chunks of <4-byte big-endian length><bytes>, a
 * zero-length chunk, then one reply "stream: OK" | "stream: <sig> FOUND" | "<message> ERROR", \0-terminated.
 * One short-lived connection per scan (cheap on localhost/unix sockets; clamd scans them in parallel).
 */

export interface ClamdClientOptions {
  /** Whole-scan deadline (connect + send + clamd's verdict). */
  timeoutMs: number;
  /** Bytes per INSTREAM chunk; clamd accepts any size up to StreamMaxLength. */
  chunkBytes?: number;
}

type Endpoint = { host: string; port: number } | { path: string };

const DEFAULT_CHUNK = 256 * 1024;
const MAX_REPLY = 64 * 1024;

/** Parses `tcp://host:port`, `unix:/path` or an absolute socket path. */
export function parseClamdAddress(url: string): Endpoint {
  const s = url.trim();
  if (s.startsWith('/')) return { path: s };
  if (s.startsWith('unix:')) return { path: s.slice('unix:'.length).replace(/^\/\/(?=\/)/, '') };
  if (s.startsWith('tcp://')) {
    const u = new URL(s);
    const port = Number(u.port || 3310);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new LachanError('LC_CONFIG_INVALID', `clamd address ${url}: expected tcp://host:port or a socket path`);
    }
    return { host, port };
  }
  throw new LachanError('LC_CONFIG_INVALID', `clamd address ${url}: expected tcp://host:port or a socket path`);
}

/** Parses one clamd reply line (without the terminating NUL). Throws on ERROR or anything unknown. */
export function parseScanReply(reply: string, address: string): ClamdResult {
  const line = reply.replace(/\0+$/, '').trim();
  if (/^(?:stream|\S+): OK$/.test(line) || line === 'stream: OK') return { infected: false };
  const found = /^[^:]*: (.+) FOUND$/.exec(line);
  if (found?.[1]) return { infected: true, signature: found[1] };
  if (line.endsWith('ERROR')) throw new LachanError('LC_CLAMD_UNAVAILABLE', `${address} answered: ${line}`);
  throw new LachanError('LC_CLAMD_UNAVAILABLE', `${address} answered something unexpected: ${JSON.stringify(line.slice(0, 200))}`);
}

export function createClamdClient(url: string, opts: ClamdClientOptions): ClamdClient {
  const endpoint = parseClamdAddress(url);
  const address = 'path' in endpoint ? endpoint.path : `tcp://${endpoint.host}:${endpoint.port}`;
  const chunkBytes = Math.max(1024, opts.chunkBytes ?? DEFAULT_CHUNK);
  const live = new Set<net.Socket>();
  let closed = false;

  /**
   * One command on a fresh connection. `send` writes the request; the reply is everything clamd
   * sends up to its NUL (or the end of the connection).
   */
  function command(send: (sock: net.Socket, failed: () => boolean) => Promise<void>): Promise<string> {
    if (closed) return Promise.reject(new LachanError('LC_CLAMD_UNAVAILABLE', `${address}: client closed`));
    return new Promise<string>((resolve, reject) => {
      const sock = 'path' in endpoint ? net.connect({ path: endpoint.path }) : net.connect(endpoint);
      live.add(sock);
      sock.setNoDelay(true);
      let reply = '';
      let settled = false;
      const finish = (err: Error | undefined, value?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        live.delete(sock);
        sock.destroy();
        if (err) reject(err);
        else resolve(value ?? '');
      };
      const timer = setTimeout(() => {
        finish(new LachanError('LC_CLAMD_TIMEOUT', `${address}: no answer within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      sock.on('data', (d: Buffer) => {
        reply += d.toString('utf8');
        const nul = reply.indexOf('\0');
        if (nul >= 0) finish(undefined, reply.slice(0, nul));
        else if (reply.length > MAX_REPLY) finish(new LachanError('LC_CLAMD_UNAVAILABLE', `${address}: reply too long`));
      });
      sock.on('end', () => {
        if (reply) finish(undefined, reply);
        else finish(new LachanError('LC_CLAMD_UNAVAILABLE', `${address} closed the connection without answering`));
      });
      sock.on('error', (err: NodeJS.ErrnoException) => {
        // clamd may answer (e.g. "INSTREAM size limit exceeded. ERROR") and close while we still
        // write: EPIPE/ECONNRESET then; its answer, if any, is what counts.
        if (reply) finish(undefined, reply);
        else finish(new LachanError('LC_CLAMD_UNAVAILABLE', `${address}: ${err.code ?? err.message}`, { cause: err }));
      });
      sock.once('close', () => {
        if (reply) finish(undefined, reply);
        else finish(new LachanError('LC_CLAMD_UNAVAILABLE', `${address}: connection closed without an answer`));
      });
      sock.once('connect', () => {
        send(sock, () => settled).catch((err: unknown) => {
          if (settled) return;
          if (err instanceof LachanError) return finish(err);
          // A failing input stream is not clamd's fault, but the scan still did not happen.
          finish(new LachanError('LC_CLAMD_UNAVAILABLE', `${address}: could not send data: ${String(err)}`, { cause: err }));
        });
      });
    });
  }

  function write(sock: net.Socket, data: Buffer, failed: () => boolean): Promise<void> {
    if (failed() || sock.destroyed) return Promise.resolve();
    if (sock.write(data)) return Promise.resolve();
    return drained(sock);
  }

  /** Resolves when the socket drained (or closed). */
  function drained(sock: net.Socket): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        sock.off('drain', done);
        sock.off('close', done);
        resolve();
      };
      sock.on('drain', done);
      sock.on('close', done);
    });
  }

  async function sendChunk(sock: net.Socket, chunk: Buffer, failed: () => boolean): Promise<void> {
    for (let off = 0; off < chunk.length && !failed(); off += chunkBytes) {
      const part = chunk.subarray(off, Math.min(chunk.length, off + chunkBytes));
      const len = Buffer.allocUnsafe(4);
      len.writeUInt32BE(part.length, 0);
      // length and data in one segment (cork) without copying the data into a new buffer: a big
      // attachment streamed to clamd would otherwise leave as many megabytes again of garbage
      if (failed() || sock.destroyed) return;
      sock.cork();
      sock.write(len);
      const ok = sock.write(part);
      sock.uncork();
      if (!ok) await drained(sock);
    }
  }

  return {
    address,
    async scan(data: Buffer | Readable): Promise<ClamdResult> {
      const reply = await command(async (sock, failed) => {
        await write(sock, Buffer.from('zINSTREAM\0'), failed);
        try {
          if (Buffer.isBuffer(data)) {
            await sendChunk(sock, data, failed);
          } else {
            for await (const chunk of data) {
              if (failed()) break;
              await sendChunk(sock, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string), failed);
            }
          }
        } finally {
          if (!Buffer.isBuffer(data) && failed()) data.destroy();
        }
        await write(sock, Buffer.alloc(4), failed);
      }).catch((err: unknown) => {
        if (!Buffer.isBuffer(data)) data.destroy();
        throw err;
      });
      return parseScanReply(reply, address);
    },
    async ping(): Promise<void> {
      const reply = await command((sock, failed) => write(sock, Buffer.from('zPING\0'), failed));
      if (reply.trim() !== 'PONG') {
        throw new LachanError('LC_CLAMD_UNAVAILABLE', `${address} answered PING with ${JSON.stringify(reply.slice(0, 100))}`);
      }
    },
    async close(): Promise<void> {
      closed = true;
      for (const s of live) s.destroy();
      live.clear();
    },
  };
}
