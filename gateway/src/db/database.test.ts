import net from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LachanError } from '../errors.js';
import { openDatabase, type Database } from './index.js';
import { MIGRATIONS } from './migrations/index.js';
import {
  BACKENDS,
  createTestBackend,
  createTestPostgresDatabase,
  sampleMessage,
  useTestBackend,
  withAdmin,
  type TestBackend,
} from './testing.js';

async function expectDbUnavailable(promise: Promise<unknown>): Promise<LachanError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LachanError);
  expect((err as LachanError).code).toBe('LC_DB_UNAVAILABLE');
  return err as LachanError;
}

describe.each(BACKENDS)('%s: opening the database', (kind) => {
  let backend: TestBackend;
  useTestBackend(kind, (b) => {
    backend = b;
  });

  it('runs the migrations once: opening the same data again keeps the data and adds no migration', async () => {
    const first = await backend.open();
    expect(await first.messages.record(sampleMessage({ ref: '01JOPENAGAIN0000000000000A' }))).toBe(true);
    await first.close();

    const second = await backend.open();
    const third = await backend.open();
    expect((await second.messages.get('01JOPENAGAIN0000000000000A'))?.subject).toBe('Công văn số 12/UBND');
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.kysely);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
    await third.ping();
  });

  it('lets two gateways open fresh data at the same moment: the migrations run exactly once', async () => {
    const fresh = await createTestBackend(kind);
    try {
      const [a, b] = await Promise.all([fresh.open(), fresh.open()]);
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(a.kysely);
      expect(applied.rows).toHaveLength(Object.keys(MIGRATIONS).length);
      await a.messages.record(sampleMessage({ ref: '01JTWOGATEWAYS000000000000' }));
      expect((await b.messages.get('01JTWOGATEWAYS000000000000'))?.ref).toBe('01JTWOGATEWAYS000000000000');
    } finally {
      await fresh.cleanup();
    }
  });

  it('says where the data is, without a password', async () => {
    const db = await backend.open();
    expect(db.kind).toBe(kind);
    if (kind === 'sqlite') {
      expect(db.describe).toBe(`SQLite ${path.join(backend.dataDir, 'lachan.sqlite')}`);
    } else {
      const url = new URL(backend.databaseUrl ?? '');
      expect(db.describe).toBe(`PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`);
      expect(db.describe).not.toContain('postgres@');
    }
  });

  it('answers ping while open and fails with LC_DB_UNAVAILABLE once closed', async () => {
    const db = await backend.open();
    await db.ping();
    await db.close();
    await db.close(); // closing twice is harmless
    await expectDbUnavailable(db.ping());
    await expectDbUnavailable(db.messages.get('01JCLOSED00000000000000000'));
  });
});

describe('sqlite: the file', () => {
  let backend: TestBackend;
  useTestBackend('sqlite', (b) => {
    backend = b;
  });

  it('lives in the data directory in WAL mode with a busy timeout, so two processes can share it', async () => {
    const db = await backend.open();
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db.kysely);
    expect(busy.rows[0]?.timeout).toBeGreaterThanOrEqual(1000);
  });

  it('syncs to disk only for writes that must survive a power cut, and returns to the fast mode after', async () => {
    const db = await backend.open();
    const synchronous = async () => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely)).rows[0]?.synchronous;
    expect(await synchronous()).toBe(1); // NORMAL
    await db.audit.append({ actor: 'test', action: 'test.durable', target: 'x' });
    expect(await synchronous()).toBe(1);
  });

  it('fails with LC_DB_UNAVAILABLE when the data directory cannot hold it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lachan-db-bad-'));
    try {
      await writeFile(path.join(dir, 'not-a-dir'), 'x');
      await expectDbUnavailable(openDatabase({ dataDir: path.join(dir, 'not-a-dir') }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('postgres: unavailable and back', () => {
  it('refuses a database URL that is not postgres:// with LC_CONFIG_INVALID', async () => {
    const err = await openDatabase({ dataDir: os.tmpdir(), databaseUrl: 'mysql://root@127.0.0.1/x' }).catch((e: unknown) => e);
    expect((err as LachanError).code).toBe('LC_CONFIG_INVALID');
  });

  it('fails with LC_DB_UNAVAILABLE when nothing listens at the URL, naming the cause but not the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const err = await expectDbUnavailable(
      openDatabase({ dataDir: os.tmpdir(), databaseUrl: `postgres://postgres:s3cret@127.0.0.1:${port}/test` }),
    );
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.message).not.toMatch(/s3cret/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  describe('through a proxy that goes away and comes back', () => {
    let pgDb: Awaited<ReturnType<typeof createTestPostgresDatabase>>;
    let proxy: TcpProxy;
    let db: Database;
    beforeAll(async () => {
      pgDb = await createTestPostgresDatabase();
      proxy = await startProxy(5432);
      const url = new URL(pgDb.url);
      url.port = String(proxy.port);
      db = await openDatabase({ dataDir: os.tmpdir(), databaseUrl: url.toString() });
    });
    afterAll(async () => {
      await db?.close();
      await proxy?.stop();
      await pgDb?.drop();
    });

    it('answers 451-style errors while PostgreSQL is gone and recovers by itself when it is back', async () => {
      await db.messages.record(sampleMessage({ ref: '01JBEFOREOUTAGE00000000000' }));

      await proxy.stop();
      await expectDbUnavailable(db.ping());
      await expectDbUnavailable(db.messages.record(sampleMessage({ ref: '01JDURINGOUTAGE00000000000' })));
      await expectDbUnavailable(db.audit.append({ actor: 't', action: 'test.outage', target: 'x' }));

      await proxy.start();
      await eventually(() => db.ping());
      expect(await db.messages.record(sampleMessage({ ref: '01JAFTEROUTAGE000000000000' }))).toBe(true);
      expect((await db.messages.get('01JBEFOREOUTAGE00000000000'))?.ref).toBe('01JBEFOREOUTAGE00000000000');
      expect(await db.messages.get('01JDURINGOUTAGE00000000000')).toBeUndefined();
      expect((await db.audit.verify()).ok).toBe(true);
    });

    it('recovers when the server ends its sessions (restart, admin kill) without crashing the process', async () => {
      await db.ping();
      await withAdmin((client) =>
        client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
          pgDb.name,
        ]),
      );
      // The first query may meet a connection that has just been killed: that one fails as
      // LC_DB_UNAVAILABLE (never another error); the pool drops it and the next one works.
      await eventually(() => db.ping());
      expect(await db.messages.record(sampleMessage({ ref: '01JAFTERTERMINATE000000000' }))).toBe(true);
    });
  });
});

/** Retries fn until it resolves (5 s at most); every failure on the way must be LC_DB_UNAVAILABLE. */
async function eventually(fn: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      expect((err as LachanError).code).toBe('LC_DB_UNAVAILABLE');
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface TcpProxy {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP proxy to 127.0.0.1:targetPort that can be switched off (connections cut, port closed) and on. */
async function startProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    const s = net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as net.AddressInfo).port;
    server = s;
  };
  await start();
  return {
    get port() {
      return port;
    },
    start,
    async stop() {
      const s = server;
      server = undefined;
      for (const sock of sockets) sock.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
