import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, GENESIS_HASH, verifyAuditChain } from './audit.js';
import type { Database } from './index.js';
import { BACKENDS, useTestBackend, type TestBackend } from './testing.js';

describe('canonical JSON', () => {
  it('serialises equal values the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('turns undefined into null and drops undefined fields', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

/** A forged row as an attacker with SQL access would write it: with a hash that matches its content. */
function asRow(row: Parameters<typeof auditHash>[0]) {
  const { prevHash, ...rest } = row;
  return { ...rest, prev_hash: prevHash, hash: auditHash(row) };
}

describe.each(BACKENDS)('%s: audit log', (kind) => {
  let backend: TestBackend;
  let db: Database;
  useTestBackend(kind, async (b) => {
    backend = b;
    db = await b.open();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom('audit_log').execute(); // each test starts a new chain
  });

  async function appendThree(): Promise<void> {
    await db.audit.append({ actor: 'gateway', action: 'quarantine.hold', target: '01JA', detail: { rules: ['r1'], size: 10 } });
    await db.audit.append({ actor: 'admin', action: 'quarantine.release', target: '01JA', detail: { reason: 'nhầm lẫn' } });
    await db.audit.append({ actor: 'admin', action: 'policy.reload', target: 'v7' });
  }

  it('verifies an empty log', async () => {
    expect(await db.audit.verify()).toEqual({ ok: true, count: 0, head: '' });
  });

  it('chains each row to the one before and verifies the chain', async () => {
    const first = await db.audit.append({ actor: 'gateway', action: 'quarantine.hold', target: '01JA', detail: { b: 2, a: 1 } });
    const second = await db.audit.append({ actor: 'admin', action: 'quarantine.release', target: '01JA' });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toBe(
      auditHash({ seq: 1, at: first.at, actor: 'gateway', action: 'quarantine.hold', target: '01JA', detail: '{"a":1,"b":2}', prevHash: GENESIS_HASH }),
    );
    expect(await db.audit.verify()).toEqual({ ok: true, count: 2, head: second.hash });
  });

  it('lists entries newest first, by target', async () => {
    await appendThree();
    const forMessage = await db.audit.list({ limit: 10, target: '01JA' });
    expect(forMessage.map((e) => [e.seq, e.action])).toEqual([
      [2, 'quarantine.release'],
      [1, 'quarantine.hold'],
    ]);
    expect(forMessage[1]?.detail).toEqual({ rules: ['r1'], size: 10 });
    expect((await db.audit.list({ limit: 1 })).map((e) => e.seq)).toEqual([3]);
  });

  it('detects a row whose detail was edited with SQL', async () => {
    await appendThree();
    await db.kysely.updateTable('audit_log').set({ detail: '{"reason":"đã duyệt"}' }).where('seq', '=', 2).execute();
    expect(await db.audit.verify()).toEqual({ ok: false, seq: 2, reason: 'edited' });
  });

  it('detects an edited row even when its own hash was recomputed', async () => {
    await appendThree();
    const row = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    const actor = 'someone-else';
    const hash = auditHash({ ...row, seq: 2, actor, prevHash: row.prev_hash });
    await db.kysely.updateTable('audit_log').set({ actor, hash }).where('seq', '=', 2).execute();
    expect(await db.audit.verify()).toEqual({ ok: false, seq: 3, reason: 'broken-link' });
  });

  it('detects a deleted row', async () => {
    await appendThree();
    await db.kysely.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await db.audit.verify()).toEqual({ ok: false, seq: 2, reason: 'missing' });
  });

  it('detects rows swapped into another order', async () => {
    await appendThree();
    const rows = await db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const [one, two] = [rows[0]!, rows[1]!];
    const contentOf = (r: typeof one) => ({ at: r.at, actor: r.actor, action: r.action, target: r.target, detail: r.detail, prev_hash: r.prev_hash, hash: r.hash });
    await db.kysely.updateTable('audit_log').set(contentOf(two)).where('seq', '=', 1).execute();
    await db.kysely.updateTable('audit_log').set(contentOf(one)).where('seq', '=', 2).execute();
    expect(await db.audit.verify()).toEqual({ ok: false, seq: 1, reason: 'edited' });
  });

  it('detects a row inserted at the end with a forged link', async () => {
    await appendThree();
    const first = await db.kysely.selectFrom('audit_log').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow();
    const forged = { seq: 4, at: new Date().toISOString(), actor: 'admin', action: 'quarantine.delete', target: '01JB', detail: '{}', prevHash: first.hash };
    await db.kysely.insertInto('audit_log').values(asRow(forged)).execute();
    expect(await db.audit.verify()).toEqual({ ok: false, seq: 4, reason: 'broken-link' });
  });

  it('detects a row inserted before the first one', async () => {
    await appendThree();
    const early = { seq: 0, at: '2020-01-01T00:00:00.000Z', actor: 'admin', action: 'x', target: 'y', detail: 'null', prevHash: GENESIS_HASH };
    await db.kysely.insertInto('audit_log').values(asRow(early)).execute();
    expect(await db.audit.verify()).toEqual({ ok: false, seq: 0, reason: 'out-of-sequence' });
  });

  it('verifies page by page: a gap across a page boundary is found', async () => {
    for (let i = 0; i < 7; i++) await db.audit.append({ actor: 'gateway', action: 'test.page', target: String(i) });
    expect(await verifyAuditChain(db.kysely, 3)).toMatchObject({ ok: true, count: 7 });
    await db.kysely.deleteFrom('audit_log').where('seq', '=', 4).execute();
    expect(await verifyAuditChain(db.kysely, 3)).toEqual({ ok: false, seq: 4, reason: 'missing' });
  });

  it('keeps one unbroken chain when two gateways append 50 rows at once', async () => {
    const other = await backend.open();
    const appends = Array.from({ length: 50 }, (_, i) =>
      (i % 2 === 0 ? db : other).audit.append({ actor: `gw${i % 2}`, action: 'test.concurrent', target: String(i), detail: { i } }),
    );
    const entries = await Promise.all(appends);
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await db.audit.verify()).toMatchObject({ ok: true, count: 50 });
    expect(new Set((await db.audit.list({ limit: 100 })).map((e) => e.target)).size).toBe(50);
  });
});

describe('sqlite: audit log shared by two processes', () => {
  let backend: TestBackend;
  useTestBackend('sqlite', (b) => {
    backend = b;
  });

  it('keeps one unbroken chain when two processes open a fresh file and append 50 rows each at once', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const viteNode = path.resolve(here, '../../../node_modules/.bin/vite-node');
    const worker = path.join(here, 'testing-worker.ts');
    const workers = ['p1', 'p2'].map((name) =>
      spawn(process.execPath, [viteNode, worker, backend.dataDir, '50', name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    const exited = workers.map((w) => once(w, 'exit') as Promise<[number | null]>);
    // Both open the fresh file (racing on the migrations), then start appending on one signal.
    await Promise.all(workers.map((w) => once(w, 'message')));
    for (const w of workers) w.send('go');
    expect((await Promise.all(exited)).map(([code]) => code)).toEqual([0, 0]);

    const db = await backend.open();
    expect(await db.audit.verify()).toMatchObject({ ok: true, count: 100 });
    const actors = (await db.audit.list({ limit: 100 })).map((e) => e.actor);
    expect(actors.filter((a) => a === 'p1')).toHaveLength(50);
    expect(actors.filter((a) => a === 'p2')).toHaveLength(50);
    // They really ran at the same time: the chain alternates between them somewhere in the middle.
    const switches = actors.slice(1).filter((a, i) => a !== actors[i]).length;
    expect(switches).toBeGreaterThan(1);
  });
});
