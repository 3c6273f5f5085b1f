import net from 'node:net';

/**
 * A tiny TCP proxy for "dependency down → recovers" tests: point the gateway at `url` instead of the
 * real service, then `pause()` (new connections are refused and open ones are cut, as if the service
 * were down), `hang()` (connections are accepted but nothing is forwarded: a timeout) and `resume()`.
 */
export interface TcpProxy {
  /** tcp://127.0.0.1:PORT — same scheme as the target. */
  url: string;
  host: string;
  port: number;
  /** Refuse new connections and destroy open ones. */
  pause(): Promise<void>;
  /** Accept connections but forward nothing and never answer. */
  hang(): Promise<void>;
  /** Forward again. */
  resume(): Promise<void>;
  /** Connections accepted so far (forwarded or not). */
  readonly connections: number;
  close(): Promise<void>;
}

type Mode = 'forward' | 'hang' | 'paused';

/** targetUrl: tcp://host:port (also smtp://, redis://… — only host and port are used). */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetHost = target.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const targetPort = Number(target.port);
  if (!targetPort) throw new Error(`startTcpProxy: no port in ${targetUrl}`);

  let mode: Mode = 'forward';
  let connections = 0;
  const open = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  const handle = (client: net.Socket) => {
    connections += 1;
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (mode === 'paused') {
      client.destroy();
      return;
    }
    if (mode === 'hang') {
      client.pause();
      return;
    }
    const upstream = net.connect({ host: targetHost, port: targetPort });
    open.add(upstream);
    upstream.once('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => upstream.destroy());
    client.once('close', () => upstream.destroy());
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const srv = net.createServer(handle);
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        if (typeof addr === 'object' && addr) port = addr.port;
        server = srv;
        resolve();
      });
    });

  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      const srv = server;
      server = undefined;
      for (const s of open) s.destroy();
      if (!srv) return resolve();
      srv.close(() => resolve());
    });

  await listen();

  return {
    get url() {
      return `${target.protocol}//127.0.0.1:${port}`;
    },
    host: '127.0.0.1',
    get port() {
      return port;
    },
    get connections() {
      return connections;
    },
    async pause() {
      mode = 'paused';
      // Close the listener too, so connecting gets ECONNREFUSED like a stopped service.
      await stopListening();
    },
    async hang() {
      mode = 'hang';
      for (const s of open) s.destroy();
      if (!server) await listen();
    },
    async resume() {
      mode = 'forward';
      if (!server) await listen();
    },
    async close() {
      mode = 'paused';
      await stopListening();
    },
  };
}
