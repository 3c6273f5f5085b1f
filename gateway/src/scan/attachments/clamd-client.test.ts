import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createClamdClient, parseClamdAddress, parseScanReply } from './clamd-client.js';

/** A stand-in clamd speaking INSTREAM over TCP, for protocol-level unit tests. */
async function fakeServer(
  onRequest: (sock: net.Socket, command: string, payload: Buffer) => void,
  opts: { silent?: boolean; socketPath?: string } = {},
) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    if (opts.silent) return;
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const nul = buf.indexOf(0);
      if (nul < 0) return;
      const command = buf.subarray(0, nul).toString();
      if (command !== 'zINSTREAM') return onRequest(sock, command, Buffer.alloc(0));
      // Decode chunks up to the zero-length terminator.
      const parts: Buffer[] = [];
      let off = nul + 1;
      while (off + 4 <= buf.length) {
        const len = buf.readUInt32BE(off);
        if (len === 0) return onRequest(sock, command, Buffer.concat(parts));
        if (off + 4 + len > buf.length) return;
        parts.push(buf.subarray(off + 4, off + 4 + len));
        off += 4 + len;
      }
    });
  });
  if (opts.socketPath) await new Promise<void>((r) => server.listen(opts.socketPath, r));
  else await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = opts.socketPath ?? `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('clamd replies', () => {
  it('reads OK and FOUND replies', () => {
    expect(parseScanReply('stream: OK', 'x')).toEqual({ infected: false });
    expect(parseScanReply('stream: Lachan.Test.EICAR.UNOFFICIAL FOUND\0', 'x')).toEqual({
      infected: true,
      signature: 'Lachan.Test.EICAR.UNOFFICIAL',
    });
  });

  it('turns ERROR and anything unexpected into LC_CLAMD_UNAVAILABLE, never clean', () => {
    expect(() => parseScanReply('INSTREAM size limit exceeded. ERROR', 'x')).toThrow(expect.objectContaining({ code: 'LC_CLAMD_UNAVAILABLE' }));
    expect(() => parseScanReply('COMMAND READ TIMED OUT', 'x')).toThrow(expect.objectContaining({ code: 'LC_CLAMD_UNAVAILABLE' }));
    expect(() => parseScanReply('', 'x')).toThrow(expect.objectContaining({ code: 'LC_CLAMD_UNAVAILABLE' }));
  });

  it('accepts tcp:// URLs and unix socket paths', () => {
    expect(parseClamdAddress('tcp://127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(parseClamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(parseClamdAddress('unix:/run/clamd.sock')).toEqual({ path: '/run/clamd.sock' });
    expect(() => parseClamdAddress('http://x')).toThrow(expect.objectContaining({ code: 'LC_CONFIG_INVALID' }));
  });
});

describe('clamd client', () => {
  it('frames data as INSTREAM chunks that reassemble to the original bytes', async () => {
    const received: Buffer[] = [];
    const srv = await fakeServer((sock, _cmd, payload) => {
      received.push(payload);
      sock.end('stream: OK\0');
    });
    cleanups.push(srv.close);
    const client = createClamdClient(srv.url, { timeoutMs: 5000, chunkBytes: 1024 });
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    expect(await client.scan(data)).toEqual({ infected: false });
    expect(await client.scan(Readable.from([data.subarray(0, 10), data.subarray(10)]))).toEqual({ infected: false });
    expect(await client.scan(Buffer.alloc(0))).toEqual({ infected: false });
    expect(received.map((b) => b.length)).toEqual([5000, 5000, 0]);
    expect(received[0]!.equals(data) && received[1]!.equals(data)).toBe(true);
  });

  it('talks to clamd over a unix socket path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-clamd-sock-'));
    const srv = await fakeServer((sock, _cmd, payload) => sock.end(payload.includes('bad') ? 'stream: Test.Sig FOUND\0' : 'stream: OK\0'), {
      socketPath: path.join(dir, 'clamd.sock'),
    });
    cleanups.push(async () => {
      await srv.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const client = createClamdClient(srv.url, { timeoutMs: 2000 });
    expect(client.address).toBe(path.join(dir, 'clamd.sock'));
    expect(await client.scan(Buffer.from('a bad file'))).toEqual({ infected: true, signature: 'Test.Sig' });
    expect(await client.scan(Buffer.from('a good file'))).toEqual({ infected: false });
  });

  it('answers ping with PONG', async () => {
    const srv = await fakeServer((sock, cmd) => sock.end(cmd === 'zPING' ? 'PONG\0' : 'UNKNOWN COMMAND\0'));
    cleanups.push(srv.close);
    await expect(createClamdClient(srv.url, { timeoutMs: 2000 }).ping()).resolves.toBeUndefined();
  });

  it('throws LC_CLAMD_UNAVAILABLE when nothing listens', async () => {
    const srv = await fakeServer(() => undefined);
    const url = srv.url;
    await srv.close();
    const client = createClamdClient(url, { timeoutMs: 2000 });
    await expect(client.scan(Buffer.from('x'))).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
    await expect(client.ping()).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
  });

  it('throws LC_CLAMD_TIMEOUT when clamd accepts but never answers', async () => {
    const srv = await fakeServer(() => undefined, { silent: true });
    cleanups.push(srv.close);
    const client = createClamdClient(srv.url, { timeoutMs: 300 });
    const started = Date.now();
    await expect(client.scan(Buffer.from('x'))).rejects.toMatchObject({ code: 'LC_CLAMD_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('throws LC_CLAMD_UNAVAILABLE when clamd closes without an answer or answers ERROR', async () => {
    const closing = await fakeServer((sock) => sock.destroy());
    cleanups.push(closing.close);
    await expect(createClamdClient(closing.url, { timeoutMs: 2000 }).scan(Buffer.from('x'))).rejects.toMatchObject({
      code: 'LC_CLAMD_UNAVAILABLE',
    });
    const erroring = await fakeServer((sock) => sock.end('INSTREAM size limit exceeded. ERROR\0'));
    cleanups.push(erroring.close);
    await expect(createClamdClient(erroring.url, { timeoutMs: 2000 }).scan(Buffer.from('x'))).rejects.toMatchObject({
      code: 'LC_CLAMD_UNAVAILABLE',
    });
  });

  it('fails scans that are in flight when the client is closed', async () => {
    const srv = await fakeServer(() => undefined, { silent: true });
    cleanups.push(srv.close);
    const client = createClamdClient(srv.url, { timeoutMs: 10_000 });
    const pending = client.scan(Buffer.from('x'));
    await new Promise((r) => setTimeout(r, 50));
    await client.close();
    await expect(pending).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
    await expect(client.scan(Buffer.from('y'))).rejects.toMatchObject({ code: 'LC_CLAMD_UNAVAILABLE' });
  });
});
