import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink, type Sink } from '../../test/support/sink.js';
import type { Database } from '../db/index.js';
import { BACKENDS, useTestBackend } from '../db/testing.js';
import { createRelay } from '../deliver/relay.js';
import { LachanError } from '../errors.js';
import { silentLogger } from '../log.js';
import type { Verdict } from '../policy/types.js';
import { deleteHeld, purgeExpired, releasedMessage, releaseHeld, type QuarantineAdminDeps } from './admin.js';
import { quarantineMessage } from './index.js';
import { createMessageStore, type MessageStore } from './store.js';

const ORIGINAL = Buffer.from(
  'Return-Path: <ke.toan@ncc.example>\r\n' +
    'X-Lachan-Verdict: deliver; warning=no; stripped=0; gateway=forged\r\n' +
    'From: =?UTF-8?B?S+G6vyB0b8Ohbg==?= <ke.toan@ncc.example>\r\n' +
    'To: an@lachan.test, binh@lachan.test\r\n' +
    'Subject: =?UTF-8?Q?H=C3=B3a_=C4=91=C6=A1n?=\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    '\r\n' +
    'Kính gửi phòng Kế toán,\r\nxin gửi hóa đơn tháng 3.\r\n',
  'utf8',
);

const VERDICT = {
  action: 'quarantine',
  warning: false,
  strip: [],
  tagged: false,
  categories: ['phishing'],
  hits: [{ rule: 'two-strong-signals', action: 'quarantine', category: 'phishing', description: 'hai dấu hiệu mạnh' }],
  monitored: [],
} as unknown as Verdict;

const err = async (p: Promise<unknown>): Promise<LachanError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LachanError);
    return e as LachanError;
  }
  throw new Error('expected a LachanError');
};

describe('releasedMessage', () => {
  it('puts our headers at the top, drops forged X-Lachan-* fields, and keeps every other byte', () => {
    const out = releasedMessage(ORIGINAL, { ref: '01JQREF', categories: ['phishing', 'lừa đảo'] }, 'cli:admin', 'mx.tinh.gov.vn');
    const text = out.toString('utf8');
    expect(text.startsWith('X-Lachan-Ref: 01JQREF\r\nX-Lachan-Verdict: released; by=cli:admin; gateway=mx.tinh.gov.vn\r\nX-Lachan-Category: phishing, l-a-o\r\n')).toBe(true);
    expect(text).not.toContain('gateway=forged');
    const withoutOurs = text.split('\r\n').filter((l) => !l.startsWith('X-Lachan-')).join('\r\n');
    const originalWithoutForged = ORIGINAL.toString('utf8').split('\r\n').filter((l) => !l.startsWith('X-Lachan-')).join('\r\n');
    expect(withoutOurs).toBe(originalWithoutForged);
  });

  it('gives a message that ends inside its headers the empty line it needs, and cleans the actor', () => {
    const out = releasedMessage(Buffer.from('Subject: x\r\nFrom: a@b.example'), { ref: 'R', categories: [] }, 'ông; quản trị', 'gw');
    expect(out.toString('latin1')).toBe('X-Lachan-Ref: R\r\nX-Lachan-Verdict: released; by=%C3%B4ng%3B%20qu%E1%BA%A3n%20tr%E1%BB%8B; gateway=gw\r\nSubject: x\r\nFrom: a@b.example\r\n');
  });
});

describe.each(BACKENDS)('%s: releasing and deleting held mail', (kind) => {
  let db: Database;
  let store: MessageStore;
  let sink: Sink;
  let deps: QuarantineAdminDeps;
  let dataDir: string;
  const relays: Array<{ close(): void }> = [];

  useTestBackend(kind, async (backend) => {
    db = await backend.open();
    dataDir = backend.dataDir;
    store = createMessageStore(path.join(backend.dataDir, 'messages'));
  });
  beforeAll(async () => {
    sink = await startSink();
    const relay = createRelay(sink.url, { maxConnections: 1, timeoutMs: 5000, name: 'mx.lachan.test', log: silentLogger() });
    relays.push(relay);
    deps = { db, store, relay, gatewayName: 'mx.lachan.test' };
  });
  afterAll(async () => {
    for (const r of relays) r.close();
    await sink?.stop();
  });

  async function hold(ref: string, bytes = ORIGINAL, expiresAt?: Date) {
    await quarantineMessage({
      ...(expiresAt ? { expiresAt } : {}),
      db,
      store,
      ref,
      buffer: bytes,
      verdict: VERDICT,
      envelope: { mailFrom: 'ke.toan@ncc.example', rcptTo: ['An@lachan.test', 'binh@lachan.test'] },
      subject: 'Hóa đơn',
    });
  }

  it('relays the original to its recipients with its sender, marks it released, and audits both steps', async () => {
    const ref = `01JQREL${kind.toUpperCase()}`;
    await hold(ref);
    const before = sink.messages.length;
    const r = await releaseHeld(deps, ref, { actor: 'cli:admin', reason: 'nhầm lẫn / false positive' });
    const [got] = (await sink.waitFor(before + 1)).slice(before);
    expect(got!.mailFrom).toBe('ke.toan@ncc.example');
    expect(got!.rcptTo).toEqual(['an@lachan.test', 'binh@lachan.test']);
    expect(got!.raw.equals(releasedMessage(ORIGINAL, r.record, 'cli:admin', 'mx.lachan.test'))).toBe(true);
    expect(r.accepted).toEqual(['an@lachan.test', 'binh@lachan.test']);
    expect(r.response).toMatch(/^250/);

    const record = await db.quarantine.get(ref);
    expect(record).toMatchObject({ status: 'released', statusBy: 'cli:admin', statusReason: 'nhầm lẫn / false positive' });
    const audit = await db.audit.list({ limit: 10, target: ref });
    expect(audit.map((a) => a.action).sort()).toEqual(['quarantine.hold', 'quarantine.release', 'quarantine.release_sent'].sort());
    expect(await db.audit.verify()).toMatchObject({ ok: true });

    // a second release, or one of a ref never held, changes nothing and says why
    const again = await err(releaseHeld(deps, ref, { actor: 'cli:other' }));
    expect(again.code).toBe('LC_QUARANTINE_STATE');
    expect(again.message).toContain('released by cli:admin');
    expect((await err(releaseHeld(deps, '01JQNEVERHELD', { actor: 'cli:admin' }))).code).toBe('LC_QUARANTINE_NOT_FOUND');
    expect(sink.messages.length).toBe(before + 1);
  });

  it('lets only one of two releases at once send the message', async () => {
    const ref = `01JQRACE${kind.toUpperCase()}`;
    await hold(ref);
    const before = sink.messages.length;
    const results = await Promise.allSettled([releaseHeld(deps, ref, { actor: 'a' }), releaseHeld(deps, ref, { actor: 'b' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as LachanError).code).toBe('LC_QUARANTINE_STATE');
    await sink.waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.messages.length).toBe(before + 1);
  });

  it('keeps the message held when the downstream is down or refuses it', async () => {
    const ref = `01JQDOWN${kind.toUpperCase()}`;
    await hold(ref);
    const deadPort = await (async () => {
      const s = await startSink();
      const p = s.port;
      await s.stop();
      return p;
    })();
    const dead = createRelay(`smtp://127.0.0.1:${deadPort}`, { maxConnections: 1, timeoutMs: 2000, name: 'mx.lachan.test', log: silentLogger() });
    relays.push(dead);
    const e = await err(releaseHeld({ ...deps, relay: dead }, ref, { actor: 'cli:admin' }));
    expect(e.code).toBe('LC_DOWNSTREAM_UNAVAILABLE');
    expect((await db.quarantine.get(ref))?.status).toBe('held');

    sink.mode = 'reject';
    try {
      expect((await err(releaseHeld(deps, ref, { actor: 'cli:admin' }))).code).toBe('LC_DOWNSTREAM_REJECTED');
    } finally {
      sink.mode = 'accept';
    }
    const record = await db.quarantine.get(ref);
    expect(record?.status).toBe('held');
    expect(record?.statusReason).toMatch(/^release failed: /);
    const actions = (await db.audit.list({ limit: 10, target: ref })).map((a) => a.action);
    expect(actions.filter((a) => a === 'quarantine.release_failed')).toHaveLength(2);

    // and once the downstream is back, the release goes through
    await releaseHeld(deps, ref, { actor: 'cli:admin' });
    expect((await db.quarantine.get(ref))?.status).toBe('released');
  });

  it('never sends a stored message that no longer matches its SHA-256', async () => {
    const ref = `01JQCORRUPT${kind.toUpperCase()}`;
    const bytes = Buffer.concat([ORIGINAL, Buffer.from(`${ref}\r\n`)]);
    await hold(ref, bytes);
    const record = (await db.quarantine.get(ref))!;
    const file = path.join(dataDir, 'messages', record.sha256.slice(0, 2), record.sha256.slice(2, 4), record.sha256);
    await writeFile(file, Buffer.concat([bytes.subarray(0, -3), Buffer.from('!\r\n')]));
    const before = sink.messages.length;
    expect((await err(releaseHeld(deps, ref, { actor: 'cli:admin' }))).code).toBe('LC_STORE_CORRUPT');
    expect((await db.quarantine.get(ref))?.status).toBe('held');
    expect(sink.messages.length).toBe(before);
  });

  it('deletes: the record stays as deleted, the bytes go unless another record keeps them', async () => {
    const shared = Buffer.concat([ORIGINAL, Buffer.from(`shared ${kind}\r\n`)]);
    await hold(`01JQDEL1${kind.toUpperCase()}`, shared);
    await hold(`01JQDEL2${kind.toUpperCase()}`, shared);
    const { sha256 } = (await db.quarantine.get(`01JQDEL1${kind.toUpperCase()}`))!;

    const first = await deleteHeld(deps, `01JQDEL1${kind.toUpperCase()}`, { actor: 'cli:admin', reason: 'spam' });
    expect(first.removedBytes).toBe(false);
    expect(first.record).toMatchObject({ status: 'deleted', statusBy: 'cli:admin', statusReason: 'spam' });
    expect(await store.has(sha256)).toBe(true);

    const second = await deleteHeld(deps, `01JQDEL2${kind.toUpperCase()}`, { actor: 'cli:admin' });
    expect(second.removedBytes).toBe(true);
    expect(await store.has(sha256)).toBe(false);

    expect((await err(deleteHeld(deps, `01JQDEL2${kind.toUpperCase()}`, { actor: 'cli:admin' }))).code).toBe('LC_QUARANTINE_STATE');
    expect((await err(releaseHeld(deps, `01JQDEL2${kind.toUpperCase()}`, { actor: 'cli:admin' }))).code).toBe('LC_QUARANTINE_STATE');
    const audit = await db.audit.list({ limit: 10, target: `01JQDEL1${kind.toUpperCase()}` });
    expect(audit.map((a) => a.action)).toContain('quarantine.delete');
    expect(await db.audit.verify()).toMatchObject({ ok: true });
  });

  it('retention deletes what is past its expiry, held or released, keeps the rest and the records, and runs once per record', async () => {
    const K = kind.toUpperCase();
    const now = new Date('2031-06-01T00:00:00Z');
    const past = new Date('2031-05-31T23:59:59Z');
    const bytes = (n: string) => Buffer.concat([ORIGINAL, Buffer.from(`retention ${kind} ${n}\r\n`)]);
    await hold(`01JQEXP1${K}`, bytes('1'), past);
    await hold(`01JQEXP2${K}`, bytes('2'), past);
    await releaseHeld(deps, `01JQEXP2${K}`, { actor: 'cli:admin' });
    await hold(`01JQKEEP${K}`, bytes('3'), new Date('2031-06-02T00:00:00Z'));
    await hold(`01JQNOEXP${K}`, bytes('4'));
    const sha1 = (await db.quarantine.get(`01JQEXP1${K}`))!.sha256;

    const [a, b] = await Promise.all([purgeExpired(deps, now), purgeExpired(deps, now)]);
    expect([...a.deleted, ...b.deleted].sort()).toEqual([`01JQEXP1${K}`, `01JQEXP2${K}`]);
    expect(a.removedBytes + b.removedBytes).toBe(2);
    expect(await store.has(sha1)).toBe(false);
    expect(await db.quarantine.get(`01JQEXP2${K}`)).toMatchObject({ status: 'deleted', statusBy: 'retention' });
    expect((await db.quarantine.get(`01JQKEEP${K}`))?.status).toBe('held');
    expect((await db.quarantine.get(`01JQNOEXP${K}`))?.status).toBe('held');
    const audit = await db.audit.list({ limit: 10, target: `01JQEXP1${K}` });
    expect(audit.filter((x) => x.action === 'quarantine.expire')).toHaveLength(1);
    expect((await purgeExpired(deps, now)).deleted).toEqual([]);
    expect(await db.audit.verify()).toMatchObject({ ok: true });
  });
});
