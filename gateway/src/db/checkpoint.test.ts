import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOCHECKPOINT_PAGES, idleCheckpointer } from './checkpoint.js';
import { connectSqlite, type Connection } from './connect.js';
import { CompiledQuery } from 'kysely';

/**
 * Rows in the database file itself, without its WAL: a copy of the main file alone is opened, so
 * only what a checkpoint has copied back is there.
 */
function rowsInMainFile(dir: string, file: string): number {
  const copy = path.join(dir, 'main-only.sqlite');
  rmSync(copy, { force: true });
  copyFileSync(file, copy);
  const db = new BetterSqlite3(copy, { readonly: true });
  try {
    const has = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'notes'").get() as { n: number };
    if (has.n === 0) return 0;
    return (db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SQLite checkpoints between messages', () => {
  let dir: string;
  let conn: Connection;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lachan-ckpt-'));
    file = path.join(dir, 'lachan.sqlite');
    conn = connectSqlite(dir);
    conn.raw!.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    conn.raw!.pragma('wal_checkpoint(TRUNCATE)');
  });

  afterEach(async () => {
    await conn.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (id: number) =>
    conn.tx(function* () {
      yield CompiledQuery.raw('INSERT INTO notes (id, body) VALUES (?, ?)', [id, 'x'.repeat(200)]);
    });

  it('leaves commits in the WAL while busy and copies them back once idle', async () => {
    expect(conn.raw!.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES);
    for (let i = 1; i <= 40; i++) await write(i);
    // well under the autocheckpoint bound: nothing has been copied back yet
    expect(rowsInMainFile(dir, file)).toBe(0);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    await sleep(600);
    expect(rowsInMainFile(dir, file)).toBe(40);
  });
});

describe('idleCheckpointer', () => {
  const fakeRaw = () => {
    const calls: string[] = [];
    return { calls, raw: { open: true, pragma: (s: string) => (calls.push(s), []) } };
  };

  it('checkpoints once per pause, never after stop', async () => {
    const { calls, raw } = fakeRaw();
    const c = idleCheckpointer(raw as never, 30);
    c.touch();
    c.touch();
    await sleep(80);
    expect(calls.filter((s) => s.startsWith('wal_checkpoint'))).toEqual(['wal_checkpoint(PASSIVE)']);
    c.touch();
    c.stop();
    await sleep(80);
    expect(calls.filter((s) => s.startsWith('wal_checkpoint'))).toHaveLength(1);
  });

  it('waits for a pause: every commit postpones the checkpoint', () => {
    vi.useFakeTimers();
    try {
      const { calls, raw } = fakeRaw();
      const c = idleCheckpointer(raw as never, 250);
      for (let i = 0; i < 30; i++) {
        c.touch();
        vi.advanceTimersByTime(100);
      }
      expect(calls.filter((s) => s.startsWith('wal_checkpoint'))).toHaveLength(0);
      vi.advanceTimersByTime(200);
      expect(calls.filter((s) => s.startsWith('wal_checkpoint'))).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failing checkpoint instead of throwing into the event loop', async () => {
    const errors: unknown[] = [];
    const raw = {
      open: true,
      pragma: (s: string) => {
        if (s.startsWith('wal_checkpoint')) throw new Error('disk I/O error');
        return [];
      },
    };
    const c = idleCheckpointer(raw as never, 10, (e) => errors.push(e));
    c.touch();
    await sleep(50);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('disk I/O error');
  });
});
