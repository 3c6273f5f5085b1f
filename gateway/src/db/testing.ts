import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { RuleHit } from '../policy/types.js';
import { openDatabase, type Database, type MessageRecord } from './index.js';

/**
 * Test support (used by *.test.ts here and by later suites that need a real database): the same
 * tests run on SQLite in a temp directory and on a fresh PostgreSQL database created for the test
 * file from a connection to the `test` database (PostgreSQL on 127.0.0.1:5432, user postgres, trust
 * auth; LACHAN_TEST_PG_URL overrides).
 */
export const TEST_PG_ADMIN_URL = process.env.LACHAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

export interface TestBackend {
  kind: Backend;
  /** a fresh temp directory (the SQLite file and the message store live here) */
  dataDir: string;
  /** PostgreSQL only: the fresh database's URL */
  databaseUrl?: string;
  /** opens another Database on the same data (every call: a new connection / pool) */
  open(): Promise<Database>;
  /** closes what open() returned, drops the PostgreSQL database and removes the temp directory */
  cleanup(): Promise<void>;
}

export async function createTestBackend(kind: Backend): Promise<TestBackend> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lachan-db-'));
  const pgDb = kind === 'postgres' ? await createTestPostgresDatabase() : undefined;
  const opened: Database[] = [];
  return {
    kind,
    dataDir,
    databaseUrl: pgDb?.url,
    async open() {
      const db = await openDatabase({ dataDir, databaseUrl: pgDb?.url });
      opened.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(opened.map((db) => db.close().catch(() => undefined)));
      await pgDb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a describe block's backend: beforeAll creates a fresh one of `kind` and hands it to
 * `ready` (which typically keeps it and opens a Database); afterAll cleans it up, and is skipped
 * when creating it failed, so the setup error is the one reported.
 */
export function useTestBackend(kind: Backend, ready: (backend: TestBackend) => void | Promise<void>): void {
  let backend: TestBackend | undefined;
  beforeAll(async () => {
    backend = await createTestBackend(kind);
    await ready(backend);
  });
  afterAll(() => backend?.cleanup());
}

/** Creates `lachan_t_<random>` and returns its URL; drop() removes it even with sessions still open. */
export async function createTestPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `lachan_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one statement batch as the admin connection (to `test`): create/drop databases, kill sessions. */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A delivered-with-warning message with every field filled; override what a test is about. */
export function sampleMessage(overrides: Partial<MessageRecord> = {}): MessageRecord {
  const hit: RuleHit = {
    rule: 'lookalike-domain',
    description: 'Liên kết giả mạo tên miền cơ quan',
    action: 'warn',
    category: 'phishing',
    mode: 'enforce',
    findings: [
      {
        scanner: 'urls',
        kind: 'url.lookalike',
        detail: 'host resembles a protected domain',
        subject: 'https://quangnam.gov.vn.example.com/dang-nhap',
        tags: ['quangnam.gov.vn'],
      },
    ],
  };
  return {
    ref: '01JSAMPLE00000000000000000',
    sessionRef: '01JSESSION0000000000000000',
    receivedAt: new Date('2025-03-14T02:03:04.005Z'),
    remoteAddress: '203.0.113.7',
    helo: 'mail.example.com',
    mailFrom: 'Sender@Example.com',
    rcptTo: ['Chanh.VP@quangnam.gov.vn', 'vanthu@quangnam.gov.vn'],
    headerFrom: '"Văn phòng" <sender@example.com>',
    subject: 'Công văn số 12/UBND',
    messageId: '<abc123@example.com>',
    size: 10_240,
    sha256: 'a'.repeat(64),
    action: 'deliver',
    warning: true,
    stripped: [],
    categories: ['phishing'],
    hits: [hit],
    monitored: [{ ...hit, rule: 'new-phrase-list', mode: 'monitor', action: 'quarantine', category: 'spam' }],
    urls: [{ url: 'https://quangnam.gov.vn.example.com/dang-nhap', host: 'quangnam.gov.vn.example.com', findings: ['url.lookalike'] }],
    attachments: [{ id: 'a1', filename: 'bao-cao.pdf', trueType: 'pdf', size: 2048, sha256: 'b'.repeat(64) }],
    downstreamReply: '250 2.0.0 Ok: queued as 4Xyz',
    processingMs: 12,
    ...overrides,
  };
}
